package org.hospay.gateway.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where payments, legs, attempts and compensations are kept: the engine's only view of storage.
 * Production uses {@link R2dbcPaymentRepository} (PostgreSQL); the engine's unit tests use an
 * in-memory implementation with the same rules (one live payment per bill, leases, final states
 * never change). Every status change also appends a transition row for the audit trail.
 */
interface PaymentRepository {

    record IdempotencyRow(String terminalId, String scope, String key, String requestHash, UUID resourceId) {}

    record CompensationRow(UUID compensationId, UUID paymentId, UUID legId, String action, long amountFen, String requestId,
                           CompensationStatus status, int tries) {}

    /** The repository's clock: the engine's deadlines and leases are measured on it. */
    Instant now();

    /** Runs {@code work} in one database transaction. */
    <T> Mono<T> inTransaction(Mono<T> work);

    // ---- payments and idempotency keys

    /**
     * Inserts a new payment (leased by {@code leaseOwner}) and its idempotency key atomically; the row as
     * stored. A unique violation (key or bill taken) errors with DataIntegrityViolationException.
     */
    Mono<PaymentRow> create(PaymentRow p, IdempotencyRow idem, String leaseOwner, Duration lease);

    Mono<Void> insertIdempotency(IdempotencyRow idem, Instant now);

    Mono<IdempotencyRow> findIdempotency(String terminalId, String scope, String key);

    Mono<PaymentRow> find(UUID paymentId);

    /** The bill's payment that is not FAILED, if any (at most one: the database guarantees it). */
    Mono<PaymentRow> findLiveByBill(String hospitalId, String billNo);

    Flux<PaymentRow> findByBill(String hospitalId, String billNo);

    Flux<PaymentRow> findByWindowSince(String hospitalId, String windowId, Instant since);

    /**
     * Records the person and the pre-settlement's split (with the commercial part, if any: fund + account +
     * commercial + self = total), plans the legs and moves to {@code stage}, in one transaction; the row as moved.
     * {@link Stage#LEGS_SENT} is the plan and the fan-out's first move in one write: the legs go out next, each
     * after its own durable intent, so recovery tells what was sent from the legs, as at {@link Stage#PRESETTLED}.
     */
    Mono<PaymentRow> presettled(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre,
                          long fundFen, long accountFen, long selfFen, String selfPayMethod, List<LegRow> legs,
                          PaymentStatus status, Stage stage, PaymentRow.Commercial commercial);

    /** A plan written with its legs' intents ({@link #presettledAndSent}): the payment as moved, each leg's intent. */
    record Planned(PaymentRow payment, List<Sent> sent) {}

    /**
     * {@link #presettled} at {@link Stage#LEGS_SENT} with every leg's intent ({@link #legsSent}, {@code operations} in the
     * order of {@code legs}) in the same write: for legs that all go out at once right after their plan, whose move to
     * SENT would otherwise be a write of its own with nothing between the two. Recovery finds legs SENT, each with
     * its attempt, exactly as after {@link #legsSent}; the plan and the intents are stored together or not at all.
     */
    Mono<Planned> presettledAndSent(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre,
                                    long fundFen, long accountFen, long selfFen, String selfPayMethod, List<LegRow> legs,
                                    PaymentRow.Commercial commercial, List<String> operations);

    /** The transition note of {@link #presettled}. */
    static String presettledNote(Stage stage) {
        return stage == Stage.LEGS_SENT ? "pre-settled, legs sent" : "pre-settled";
    }

    /** The method the self-pay part is charged on, once a code names it (second scan). */
    Mono<Void> selfPayMethod(UUID paymentId, String method);

    /**
     * Moves the payment's status and stage, with an audit row; the row as moved, or empty if it was already
     * final. A move to a final status also gives up the payment's lease (nothing is left to drive).
     */
    Mono<PaymentRow> transition(UUID paymentId, PaymentStatus to, Stage stage, String failureCode, String failureMessage, String note);

    /** Refund bookkeeping on a final payment (REFUNDED / PARTIALLY_REFUNDED). */
    Mono<Void> refunded(UUID paymentId, long addFen);

    // ---- legs and attempts

    Mono<Void> insertLeg(LegRow leg, Instant now);

    Flux<LegRow> legs(UUID paymentId);

    /** Writes the leg's new state; the leg as stored (with the time it has been open since, when it is open). */
    Mono<LegRow> updateLeg(LegRow leg);

    /**
     * Gives a self-pay leg that moved no money (declined, or reversed) a new channel and request id: a card
     * payment whose family payers could not pay is paid with a code at the window on the same leg.
     */
    Mono<Void> replanLeg(LegRow leg);

    /** Adds (or, negative, releases) a refunded amount on a leg; more than the leg's amount is refused. */
    Mono<Void> addLegRefund(UUID legId, long fen);

    /** Writes down a call before it is sent; returns the attempt's id for {@link #attemptAnswered}. */
    Mono<Long> attemptSent(UUID paymentId, UUID legId, String channel, String operation, String requestId);

    Mono<Void> attemptAnswered(long attemptId, String outcome, String detail);

    /** A leg's intent, durable before its call: the leg as {@code sent} (status SENT) and the attempt's id. */
    record Sent(LegRow leg, long attemptId) {}

    /** Marks the leg SENT and writes down the call ({@link #updateLeg} + {@link #attemptSent}) at once. */
    default Mono<Sent> legSent(LegRow sent, String operation) {
        return inTransaction(updateLeg(sent).flatMap(leg ->
                attemptSent(leg.paymentId(), leg.legId(), leg.channel(), operation, leg.requestId()).map(a -> new Sent(leg, a))));
    }

    /**
     * The intents of legs sent at once ({@link #legSent} of each), in one write; in the order of {@code sent}, each
     * with its own attempt. Either every leg's intent is written or none is.
     */
    default Mono<List<Sent>> legsSent(List<LegRow> sent, List<String> operations) {
        return inTransaction(Flux.range(0, sent.size())
                .concatMap(i -> legSent(sent.get(i), operations.get(i))).collectList());
    }

    /** Records a call's answer and the leg's state it leads to ({@link #attemptAnswered} + {@link #updateLeg}) at once. */
    default Mono<LegRow> legAnswered(long attemptId, String outcome, String detail, LegRow leg) {
        return inTransaction(attemptAnswered(attemptId, outcome, detail).then(updateLeg(leg)));
    }

    /** What {@link #lastLegSucceeded} wrote: the leg, and the payment as moved to SUCCEEDED (null if it was final already). */
    record Completed(LegRow leg, PaymentRow succeeded) {}

    /**
     * The success that completes a payment, when every other leg is stored SUCCEEDED: the call's answer, the leg
     * {@code succeeded} and the payment's move to SUCCEEDED at {@link Stage#DONE} ({@link #transition}, with
     * {@code note}) in one write, so the payment does not wait for a second commit after its last answer. The payment
     * moves only with its leg; a payment already final is left as it is and the leg is written all the same.
     */
    Mono<Completed> lastLegSucceeded(UUID paymentId, long attemptId, LegRow succeeded, String note);

    // ---- leases and recovery

    /** Takes or renews the lease of a payment for {@code owner}; false if another owner's lease is still running. */
    Mono<Boolean> lease(UUID paymentId, String owner, Duration duration);

    /** The heartbeat: extends every lease {@code owner} holds on an unfinished payment; returns how many. */
    Mono<Long> renewLeases(String owner, Duration duration);

    Mono<Void> releaseLease(UUID paymentId, String owner);

    /** Unfinished payments nobody drives: no lease, or its lease ran out (its owner died). */
    Flux<UUID> orphans(int limit);

    /** Payments waiting for a payment code past their deadline. */
    Flux<UUID> expiredAwaitingCode(int limit);

    // ---- compensations

    /** Records the intent to undo a leg (idempotent per leg and action) and returns the stored row. */
    Mono<CompensationRow> compensation(UUID paymentId, UUID legId, String action, long amountFen, String requestId);

    /** Counts a try and records where the compensation stands. */
    Mono<Void> compensationTried(UUID compensationId, CompensationStatus status, String error);

    Flux<CompensationRow> compensations(UUID paymentId);
}
