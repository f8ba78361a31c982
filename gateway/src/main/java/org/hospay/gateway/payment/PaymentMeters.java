package org.hospay.gateway.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.hospay.channels.Outcome;
import org.hospay.gateway.support.MeterCache;
import org.springframework.stereotype.Component;

/**
 * The engine's own meters ({@code hospay.*}, docs/operations.md): payments admitted and finished by plan,
 * status and entry (what was presented), how long a payment took, every channel call by channel, operation
 * and outcome (a timer with a histogram, so percentiles aggregate across instances), compensations by
 * action and result, admission refusals. Meters are built once per tag combination ({@link MeterCache});
 * recording is a look-up and an increment.
 */
@Component
class PaymentMeters {

    private final MeterCache<Counter> admitted;
    private final MeterCache<Counter> finished;
    private final MeterCache<Timer> paymentTime;
    private final MeterCache<Timer> calls;
    private final MeterCache<Counter> compensations;
    private final MeterCache<Counter> refusals;
    private final MeterRegistry registry;

    PaymentMeters(MeterRegistry registry) {
        this.registry = registry;
        admitted = new MeterCache<>((plan, entry, unused) -> Counter.builder("hospay.payments.admitted")
                .description("Payments accepted for processing").tag("plan", plan).tag("entry", entry).register(registry));
        finished = new MeterCache<>((plan, status, entry) -> Counter.builder("hospay.payments")
                .description("Payments that reached a final state (or a wait for a payment code)")
                .tag("plan", plan).tag("status", status).tag("entry", entry).register(registry));
        paymentTime = new MeterCache<>((plan, status, unused) -> Timer.builder("hospay.payment.duration")
                .description("From a payment's creation to its final state").tag("plan", plan).tag("status", status)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry));
        calls = new MeterCache<>((channel, operation, outcome) -> Timer.builder("hospay.leg.call")
                .description("One call to a counterparty: send, query or an undo tool")
                .tag("channel", channel).tag("operation", operation).tag("outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
        compensations = new MeterCache<>((action, result, unused) -> Counter.builder("hospay.compensations")
                .description("Undo tool tries by action and result (DONE, ESCALATE, MANUAL, AGAIN)")
                .tag("action", action).tag("result", result).register(registry));
        refusals = new MeterCache<>((reason, unused, unused2) -> Counter.builder("hospay.admission.refusals")
                .description("New payments refused before anything was written, by reason").tag("reason", reason).register(registry));
    }

    /** New payments this instance runs now, against {@code hospay.engine.max-in-flight}; the busy refusal counted from 0. */
    void inFlight(java.util.concurrent.atomic.AtomicInteger running) {
        io.micrometer.core.instrument.Gauge.builder("hospay.payments.in.flight", running, java.util.concurrent.atomic.AtomicInteger::get)
                .description("New payments this instance is running now").register(registry);
        refusals.get("GATEWAY_BUSY");
    }

    void admitted(PaymentRow p) {
        admitted.get(p.plan().name(), p.sourceKind()).increment();
    }

    /** A payment the engine let go of: counted when final (or waiting for a code), with its duration when final. */
    void finished(PaymentRow p, Instant now) {
        if (!p.status().isFinal() && p.status() != PaymentStatus.PENDING) return;
        String status = p.status().name();
        finished.get(p.plan().name(), status, p.sourceKind()).increment();
        if (p.status().isFinal() && p.createdAt() != null) {
            paymentTime.get(p.plan().name(), status).record(Duration.between(p.createdAt(), now));
        }
    }

    /** One answered call to a channel, timed from its subscription. */
    void call(String channel, String operation, Outcome<?> outcome, long nanos) {
        calls.get(channel, operation, outcomeName(outcome)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void compensation(String action, String result) {
        compensations.get(action, result).increment();
    }

    void refused(String reason) {
        refusals.get(reason).increment();
    }

    static String outcomeName(Outcome<?> outcome) {
        return switch (outcome) {
            case Outcome.Succeeded<?> s -> "SUCCEEDED";
            case Outcome.Declined<?> d -> "DECLINED";
            case Outcome.Pending<?> x -> "PENDING";
            case Outcome.Unknown<?> u -> "UNKNOWN";
        };
    }
}
