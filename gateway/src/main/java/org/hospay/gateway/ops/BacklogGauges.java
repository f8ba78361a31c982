package org.hospay.gateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.gateway.support.PeriodicPass;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What waits in PostgreSQL, read by one query every {@code hospay.metrics.backlog-interval} and shown as gauges:
 * legs whose outcome is still open (SENT, PENDING, UNKNOWN) and the age of the oldest, legs parked as NEEDS_REVIEW,
 * payments whose driver died and wait for recovery, compensations not confirmed yet, messages to payers not yet
 * delivered (the notification outbox), electronic receipts the e-invoice platform has not issued yet and the age of
 * the oldest (the relay retries them without end, so a long outage shows here rather than as errors). The values are
 * the whole database's, so every instance reports the same: dashboards and alerts take the max over instances.
 * Partial indexes (V12.1, V13) keep the query small as tables grow.
 */
@Component
class BacklogGauges extends PeriodicPass {

    private static final String QUERY = """
            SELECT
              (SELECT count(*) FROM payment_leg WHERE status IN ('SENT', 'PENDING', 'UNKNOWN')) AS open_legs,
              (SELECT COALESCE(EXTRACT(EPOCH FROM (now() - min(COALESCE(pending_since, updated_at)))), 0)
                 FROM payment_leg WHERE status IN ('SENT', 'PENDING', 'UNKNOWN')) AS oldest_open,
              (SELECT count(*) FROM payment_leg WHERE status = 'NEEDS_REVIEW') AS needs_review,
              (SELECT count(*) FROM payment WHERE status IN ('RECEIVED', 'PROCESSING')
                 AND (lease_until IS NULL OR lease_until < now())) AS recovery_backlog,
              (SELECT count(*) FROM compensation WHERE status = 'PENDING') AS compensations_pending,
              (SELECT count(*) FROM family_notification WHERE status = 'PENDING') AS outbox,
              (SELECT count(*) FROM invoice WHERE status = 'PENDING') AS receipts_waiting,
              (SELECT COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))), 0) FROM invoice WHERE status = 'PENDING') AS oldest_receipt
            """;

    private final DatabaseClient db;
    private final Duration interval;
    private final AtomicLong openLegs = new AtomicLong();
    private final AtomicLong oldestOpenSeconds = new AtomicLong();
    private final AtomicLong needsReview = new AtomicLong();
    private final AtomicLong recoveryBacklog = new AtomicLong();
    private final AtomicLong compensationsPending = new AtomicLong();
    private final AtomicLong outbox = new AtomicLong();
    private final AtomicLong receiptsWaiting = new AtomicLong();
    private final AtomicLong oldestReceiptSeconds = new AtomicLong();

    BacklogGauges(DatabaseClient db, MeterRegistry registry,
                  @Value("${hospay.metrics.backlog-interval:10s}") Duration interval) {
        super("backlog gauges");
        this.db = db;
        this.interval = interval;
        gauge(registry, "hospay.legs.open", "Legs whose outcome is not known yet (SENT, PENDING, UNKNOWN)", openLegs);
        gauge(registry, "hospay.legs.open.oldest.seconds", "Age of the oldest leg whose outcome is not known yet", oldestOpenSeconds);
        gauge(registry, "hospay.legs.needs.review", "Legs parked for finance: an undo refused for good", needsReview);
        gauge(registry, "hospay.recovery.backlog", "Unfinished payments whose lease ran out, waiting for a recovery sweep",
                recoveryBacklog);
        gauge(registry, "hospay.compensations.pending", "Compensations written down and not confirmed yet", compensationsPending);
        gauge(registry, "hospay.outbox.backlog", "Messages to family payers not delivered yet", outbox);
        gauge(registry, "hospay.invoices.waiting", "Electronic receipts the e-invoice platform has not issued yet", receiptsWaiting);
        gauge(registry, "hospay.invoices.waiting.oldest.seconds", "Age of the oldest electronic receipt not issued yet", oldestReceiptSeconds);
    }

    private static void gauge(MeterRegistry registry, String name, String description, AtomicLong value) {
        Gauge.builder(name, value, AtomicLong::doubleValue).description(description).register(registry);
    }

    @Override
    protected Duration firstDelay() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected Duration period() {
        return interval;
    }

    @Override
    protected Mono<Void> pass() {
        return db.sql(QUERY).map(row -> {
            openLegs.set(number(row.get("open_legs")));
            oldestOpenSeconds.set(number(row.get("oldest_open")));
            needsReview.set(number(row.get("needs_review")));
            recoveryBacklog.set(number(row.get("recovery_backlog")));
            compensationsPending.set(number(row.get("compensations_pending")));
            outbox.set(number(row.get("outbox")));
            receiptsWaiting.set(number(row.get("receipts_waiting")));
            oldestReceiptSeconds.set(number(row.get("oldest_receipt")));
            return Boolean.TRUE;
        }).first().then();
    }

    private static long number(Object value) {
        return value instanceof Number n ? Math.round(n.doubleValue()) : 0;
    }
}
