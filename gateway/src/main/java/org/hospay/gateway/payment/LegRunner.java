package org.hospay.gateway.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.LegDriver.Booked;
import org.hospay.gateway.payment.LegDriver.LegCall;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves one leg to a definite state through its driver: the intent first (leg SENT and an attempt
 * row, in one statement), then the call, then its result (again one statement). An open outcome (Pending, Unknown) is
 * queried on the channel's schedule ({@code hospay.engine.schedules}) until it is decided or the
 * deadline passes; then the driver's give-up tools make sure it can never complete. A charge is
 * never sent twice.
 */
@Component
class LegRunner {

    /** The vendor code of a leg given up at its deadline (reported as INSURANCE_TIMEOUT / CHANNEL_TIMEOUT). */
    static final String TIMEOUT = "TIMEOUT";

    private final PaymentRepository repo;
    private final LegDrivers drivers;
    private final Compensator compensator;
    private final EngineProperties props;
    private final PaymentEvents events;
    private final PaymentMeters meters;

    LegRunner(PaymentRepository repo, LegDrivers drivers, Compensator compensator, EngineProperties props, PaymentEvents events,
              PaymentMeters meters) {
        this.meters = meters;
        this.repo = repo;
        this.drivers = drivers;
        this.compensator = compensator;
        this.props = props;
        this.events = events;
    }

    /** Sends a planned leg and returns it decided (or still open, if its undo could not be confirmed yet). */
    Mono<LegRow> send(LegCall call) {
        LegRow leg = call.leg();
        return drivers.of(leg).map(driver -> repo.legSent(leg.with(LegStatus.SENT, null, null), driver.sendOperation())
                .flatMap(s -> call(call.with(s.leg()), driver, s.attemptId())))
                // No driver moves this type of leg yet: refused before anything was sent.
                .orElseGet(() -> repo.updateLeg(leg.with(LegStatus.DECLINED, null, "LEG_NOT_SUPPORTED")));
    }

    /**
     * Sends planned legs at once: every leg's intent in one write ({@link PaymentRepository#legsSent}), then all the
     * calls together, each leg on to its own result as {@link #send}. A leg no driver moves sends them one by one.
     */
    Flux<LegRow> sendAll(List<LegCall> calls) {
        List<LegDriver> found = calls.stream().map(c -> drivers.of(c.leg()).orElse(null)).toList();
        if (calls.size() < 2 || found.stream().anyMatch(Objects::isNull)) return Flux.fromIterable(calls).flatMap(this::send);
        List<LegRow> sent = calls.stream().map(c -> c.leg().with(LegStatus.SENT, null, null)).toList();
        return repo.legsSent(sent, found.stream().map(LegDriver::sendOperation).toList())
                .flatMapMany(intents -> Flux.range(0, intents.size())
                        .flatMap(i -> call(calls.get(i).with(intents.get(i).leg()), found.get(i), intents.get(i).attemptId())));
    }

    /** What {@link #callAll} came back with: each leg as written, and the payment if its last answer moved it to SUCCEEDED. */
    record Called(List<LegRow> legs, PaymentRow succeeded) {}

    /**
     * The calls of legs whose intents were written with their plan ({@code intents}: leg id → attempt id, see
     * {@link PaymentRepository#presettledAndSent}), all together, each leg on to its own result as {@link #send}. The
     * success that completes the payment is written with the payment's move to SUCCEEDED
     * ({@link PaymentRepository#lastLegSucceeded}); otherwise {@code succeeded} is null and the join moves the payment.
     */
    Mono<Called> callAll(List<LegCall> calls, Map<UUID, Long> intents) {
        Completion completion = new Completion(calls.size());
        return Flux.fromIterable(calls)
                .flatMap(c -> call(c, drivers.of(c.leg()).orElseThrow(), intents.get(c.leg().legId()), completion))
                .collectList()
                .map(legs -> new Called(legs, completion.succeeded));
    }

    /** The call of a leg whose intent is written (attempt {@code attempt}), and its result. */
    private Mono<LegRow> call(LegCall call, LegDriver driver, long attempt) {
        return call(call, driver, attempt, null);
    }

    private Mono<LegRow> call(LegCall call, LegDriver driver, long attempt, Completion completion) {
        return timed(call.leg().channel(), driver.sendOperation(), driver.send(call))
                .flatMap(outcome -> applySent(call, driver, attempt, outcome, completion));
    }

    /**
     * The answers of one fan-out as they arrive, so the success that completes the payment is written with the payment's
     * move: when every leg has answered a success at its planned amount, the last one waits for the others' answers to
     * be stored (a millisecond or two when they came together; nothing when they came apart, as a settlement and a
     * charge usually do), then writes its own with the move. Otherwise each answer is written alone and the join moves
     * the payment. The join would wait for those writes as well, so the wait costs no time and saves the move's commit.
     */
    private static final class Completion {
        private final int legs;
        private final List<Mono<LegRow>> written = new ArrayList<>();
        private int answered;
        private boolean allSucceeded = true;
        private volatile PaymentRow succeeded;

        Completion(int legs) {
            this.legs = legs;
        }

        /** Writes an answer ({@code next}, the leg's state it leads to): {@code alone}, or {@code withMove} if it completes the payment. */
        Mono<LegRow> write(LegRow next, Mono<LegRow> alone, Mono<PaymentRepository.Completed> withMove) {
            List<Mono<LegRow>> others;
            synchronized (this) {
                answered++;
                allSucceeded &= succeededAsPlanned(next);
                if (!allSucceeded || answered < legs) {
                    Mono<LegRow> once = alone.cache();
                    written.add(once);
                    return once;
                }
                others = List.copyOf(written);
            }
            return Flux.merge(others).all(Completion::succeededAsPlanned)
                    .flatMap(stored -> stored ? withMove.map(this::completed) : alone);
        }

        private LegRow completed(PaymentRepository.Completed written) {
            succeeded = written.succeeded();
            return written.leg();
        }

        private static boolean succeededAsPlanned(LegRow leg) {
            return leg.status() == LegStatus.SUCCEEDED && !leg.amountChanged();
        }
    }

    /** The answer and the leg's state it leads to are written in one round trip (with the payment's, when it completes it). */
    private Mono<LegRow> applySent(LegCall call, LegDriver driver, long attempt, Outcome<Booked> outcome, Completion completion) {
        LegRow leg = call.leg();
        return switch (outcome) {
            case Outcome.Succeeded<Booked> s -> written(call, attempt, outcome, bookedRow(leg, s.value()), completion);
            case Outcome.Declined<Booked> d -> written(call, attempt, outcome, leg.with(LegStatus.DECLINED, null, d.code()), completion);
            case Outcome.Pending<Booked> x -> written(call, attempt, outcome, leg.with(LegStatus.PENDING, null, x.vendorCode()), completion)
                    .flatMap(l -> l.kind() == LegRow.Kind.SELF_PAY
                            ? events.pending(call.payment(), "customer is confirming the payment").thenReturn(l) : Mono.just(l))
                    .flatMap(l -> resolve(call.with(l), driver));
            case Outcome.Unknown<Booked> u -> written(call, attempt, outcome, leg.with(LegStatus.UNKNOWN, null, "UNKNOWN"), completion)
                    .flatMap(l -> resolve(call.with(l), driver));
        };
    }

    private Mono<LegRow> written(LegCall call, long attempt, Outcome<Booked> outcome, LegRow next, Completion completion) {
        Mono<LegRow> alone = Mono.defer(() -> answered(attempt, outcome, next));
        return completion == null ? alone : completion.write(next, alone,
                Mono.defer(() -> repo.lastLegSucceeded(call.payment().paymentId(), attempt, next, PaymentEngine.ALL_SUCCEEDED)));
    }

    /** Resolves a leg whose outcome is not known (after a send, or found open by recovery). */
    Mono<LegRow> resolve(LegCall call) {
        return drivers.of(call.leg()).map(driver -> resolve(call, driver))
                .orElseGet(() -> repo.updateLeg(call.leg().with(LegStatus.DECLINED, null, "LEG_NOT_SUPPORTED")));
    }

    private Mono<LegRow> resolve(LegCall call, LegDriver driver) {
        EngineProperties.Schedule schedule = props.schedule(call.leg().channel());
        Instant now = repo.now();
        Instant since = call.leg().pendingSince() == null ? now : call.leg().pendingSince();
        // The first query is due a fixed time after the leg was sent: at once, for a leg recovery finds long open.
        Duration firstWait = Duration.between(now, since.plus(schedule.firstQueryAfter()));
        return queryUntil(call, driver, firstWait.isNegative() ? Duration.ZERO : firstWait, schedule.interval(), since.plus(schedule.maxWait()), false);
    }

    /**
     * Queries until decided or {@code deadline}; a leg is never given up before it was queried at least once, so a
     * leg that recovery finds past its deadline (the instance was down longer than the channel's wait) is looked at
     * first: if it went through, the payment completes instead of being reversed and charged again.
     */
    private Mono<LegRow> queryUntil(LegCall call, LegDriver driver, Duration wait, Duration interval, Instant deadline, boolean queried) {
        Instant now = repo.now();
        if (!now.isBefore(deadline) && queried) {
            return compensator.takeBack(call.leg().with(call.leg().status(), null, TIMEOUT), driver.giveUp(call), LegStatus.COMPENSATED);
        }
        Duration delay = now.isBefore(deadline) ? min(wait, Duration.between(now, deadline)) : Duration.ZERO;
        LegRow leg = call.leg();
        return Mono.delay(delay)
                .then(Mono.defer(() -> repo.attemptSent(leg.paymentId(), leg.legId(), leg.channel(), driver.queryOperation(), leg.requestId())))
                .flatMap(attempt -> timed(leg.channel(), driver.queryOperation(), driver.query(call)).flatMap(outcome -> record(attempt, outcome).thenReturn(outcome)))
                .flatMap(outcome -> switch (outcome) {
                    case Outcome.Succeeded<Booked> s -> booked(leg, s.value());
                    // It did not happen: make sure it never will, then it is declined.
                    case Outcome.Declined<Booked> d -> d.refusedBeforeSending()
                            ? queryUntil(call, driver, interval, interval, deadline, true)
                            : compensator.takeBack(leg.with(leg.status(), null, d.code()), driver.giveUp(call), LegStatus.DECLINED);
                    case Outcome.Pending<Booked> x -> queryUntil(call, driver, interval, interval, deadline, true);
                    case Outcome.Unknown<Booked> u -> queryUntil(call, driver, interval, interval, deadline, true);
                });
    }

    private Mono<LegRow> booked(LegRow leg, Booked b) {
        return repo.updateLeg(bookedRow(leg, b));
    }

    /** A success; one that booked another amount than planned is kept as such, to be undone by the join. */
    private static LegRow bookedRow(LegRow leg, Booked b) {
        boolean changed = b.amountFen() != null && b.amountFen() != leg.amountFen();
        return changed ? leg.withAmountChanged(b.vendorRef()) : leg.with(LegStatus.SUCCEEDED, b.vendorRef(), null);
    }

    private Mono<LegRow> answered(long attemptId, Outcome<?> outcome, LegRow next) {
        return repo.legAnswered(attemptId, outcomeName(outcome), outcomeDetail(outcome), next);
    }

    /** The call's answer, its time from subscription recorded by channel, operation and outcome. */
    private <T> Mono<Outcome<T>> timed(String channel, String operation, Mono<Outcome<T>> call) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return call.doOnNext(o -> meters.call(channel, operation, o, System.nanoTime() - start));
        });
    }

    private Mono<Void> record(long attemptId, Outcome<?> outcome) {
        return repo.attemptAnswered(attemptId, outcomeName(outcome), outcomeDetail(outcome));
    }

    private static String outcomeName(Outcome<?> outcome) {
        return switch (outcome) {
            case Outcome.Succeeded<?> s -> "SUCCEEDED";
            case Outcome.Declined<?> d -> "DECLINED";
            case Outcome.Pending<?> x -> "PENDING";
            case Outcome.Unknown<?> u -> "UNKNOWN";
        };
    }

    private static String outcomeDetail(Outcome<?> outcome) {
        return switch (outcome) {
            case Outcome.Succeeded<?> s -> null;
            case Outcome.Declined<?> d -> d.code() + ": " + d.message() + " [" + d.vendorCode() + "]";
            case Outcome.Pending<?> x -> x.vendorCode();
            case Outcome.Unknown<?> u -> u.cause();
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
