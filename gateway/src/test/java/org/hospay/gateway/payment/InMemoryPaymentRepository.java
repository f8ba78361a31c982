package org.hospay.gateway.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link PaymentRepository} in memory, for the engine's unit tests: the same rules as the database
 * (one live payment per bill, final states never change, leases, one compensation per leg and action,
 * a leg never refunded beyond its amount), no transactions. It also counts reads of a payment, so a
 * test can show the happy path does not read back what it wrote.
 */
final class InMemoryPaymentRepository implements PaymentRepository {

    record Attempt(long id, UUID paymentId, UUID legId, String channel, String operation, String requestId, String outcome) {}

    record Transition(UUID paymentId, PaymentStatus to, Stage stage, String note) {}

    private final Clock clock;
    private final Map<UUID, PaymentRow> payments = new ConcurrentHashMap<>();
    private final Map<UUID, String[]> leases = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> leaseUntil = new ConcurrentHashMap<>();
    private final Map<UUID, LegRow> legs = new ConcurrentHashMap<>();
    private final Map<String, IdempotencyRow> keys = new ConcurrentHashMap<>();
    private final Map<String, CompensationRow> compensations = new ConcurrentHashMap<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private final AtomicLong attemptIds = new AtomicLong();
    final AtomicInteger paymentReads = new AtomicInteger();

    InMemoryPaymentRepository(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return work;
    }

    @Override
    public synchronized Mono<PaymentRow> create(PaymentRow p, IdempotencyRow idem, String leaseOwner, Duration lease) {
        return Mono.defer(() -> {
            boolean billTaken = payments.values().stream().anyMatch(o -> o.hospitalId().equals(p.hospitalId())
                    && o.billNo().equals(p.billNo()) && o.status() != PaymentStatus.FAILED);
            if (billTaken) return Mono.error(new DataIntegrityViolationException("payment_one_live_per_bill"));
            if (idem != null && keys.containsKey(key(idem.terminalId(), idem.scope(), idem.key()))) {
                return Mono.error(new DataIntegrityViolationException("idempotency_key_pkey"));
            }
            Instant now = now();
            PaymentRow stored = Rows.created(p, now);
            payments.put(p.paymentId(), stored);
            leases.put(p.paymentId(), new String[] {leaseOwner});
            leaseUntil.put(p.paymentId(), now.plus(lease));
            if (idem != null) keys.put(key(idem.terminalId(), idem.scope(), idem.key()), idem);
            transitions.add(new Transition(p.paymentId(), p.status(), p.stage(), "received"));
            return Mono.just(stored);
        });
    }

    @Override
    public Mono<Void> insertIdempotency(IdempotencyRow idem, Instant now) {
        return Mono.fromRunnable(() -> keys.put(key(idem.terminalId(), idem.scope(), idem.key()), idem));
    }

    @Override
    public Mono<IdempotencyRow> findIdempotency(String terminalId, String scope, String key) {
        return Mono.justOrEmpty(keys.get(key(terminalId, scope, key)));
    }

    @Override
    public Mono<PaymentRow> find(UUID paymentId) {
        return Mono.defer(() -> {
            paymentReads.incrementAndGet();
            return Mono.justOrEmpty(payments.get(paymentId));
        });
    }

    @Override
    public Mono<PaymentRow> findLiveByBill(String hospitalId, String billNo) {
        return findByBill(hospitalId, billNo).filter(p -> p.status() != PaymentStatus.FAILED).next();
    }

    @Override
    public Flux<PaymentRow> findByBill(String hospitalId, String billNo) {
        return Flux.defer(() -> Flux.fromStream(payments.values().stream()
                .filter(p -> p.hospitalId().equals(hospitalId) && p.billNo().equals(billNo))
                .sorted(Comparator.comparing(PaymentRow::createdAt))));
    }

    @Override
    public Flux<PaymentRow> findByWindowSince(String hospitalId, String windowId, Instant since) {
        return Flux.defer(() -> Flux.fromStream(payments.values().stream()
                .filter(p -> p.hospitalId().equals(hospitalId) && windowId.equals(p.windowId()) && !p.createdAt().isBefore(since))));
    }

    @Override
    public Mono<PaymentRow> presettled(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre, long fundFen,
                                      long accountFen, long selfFen, String selfPayMethod, List<LegRow> planned,
                                      PaymentStatus status, Stage stage, PaymentRow.Commercial commercial) {
        return Mono.defer(() -> {
            Instant now = now();
            PaymentRow moved = payments.computeIfPresent(paymentId, (id, p) -> Rows.presettled(p, person, pre == null ? null : pre.mdtrtId(),
                    fundFen, accountFen, selfFen, selfPayMethod, status, stage, now, commercial, pre == null ? null : pre.pooling()));
            planned.forEach(l -> legs.put(l.legId(), l));
            transitions.add(new Transition(paymentId, status, stage, PaymentRepository.presettledNote(stage)));
            return Mono.justOrEmpty(moved);
        });
    }

    /** How many plans were written with their legs' intents ({@link #presettledAndSent}). */
    final AtomicInteger plansWithIntents = new AtomicInteger();

    @Override
    public Mono<Planned> presettledAndSent(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre, long fundFen,
                                           long accountFen, long selfFen, String selfPayMethod, List<LegRow> planned,
                                           PaymentRow.Commercial commercial, List<String> operations) {
        return Mono.defer(() -> {
            plansWithIntents.incrementAndGet();
            // The plan, then the intents as legsSent writes them, in one transaction; not counted as an intent batch.
            return inTransaction(presettled(paymentId, person, pre, fundFen, accountFen, selfFen, selfPayMethod, planned,
                    PaymentStatus.PROCESSING, Stage.LEGS_SENT, commercial)
                    .flatMap(row -> PaymentRepository.super.legsSent(planned.stream().map(l -> l.with(LegStatus.SENT, null, null)).toList(), operations)
                            .map(sent -> new Planned(row, sent))));
        });
    }

    /** How many times intents were written for legs sent at once, after their plan (one write however many legs). */
    final AtomicInteger intentBatches = new AtomicInteger();

    @Override
    public Mono<List<Sent>> legsSent(List<LegRow> sent, List<String> operations) {
        return Mono.defer(() -> {
            intentBatches.incrementAndGet();
            return PaymentRepository.super.legsSent(sent, operations);
        });
    }

    @Override
    public Mono<Void> selfPayMethod(UUID paymentId, String method) {
        return Mono.fromRunnable(() -> payments.computeIfPresent(paymentId, (id, p) -> Rows.withSelfPayMethod(p, method, now())));
    }

    @Override
    public synchronized Mono<PaymentRow> transition(UUID paymentId, PaymentStatus to, Stage stage, String failureCode,
                                                    String failureMessage, String note) {
        return Mono.defer(() -> {
            PaymentRow p = payments.get(paymentId);
            if (p == null || p.status().isFinal()) return Mono.empty();
            PaymentRow moved = Rows.moved(p, to, stage, failureCode, failureMessage, now());
            payments.put(paymentId, moved);
            transitions.add(new Transition(paymentId, to, stage, note));
            if (to.isFinal()) leases.put(paymentId, new String[] {null});
            return Mono.just(moved);
        });
    }

    @Override
    public Mono<Void> refunded(UUID paymentId, long addFen) {
        return Mono.fromRunnable(() -> payments.computeIfPresent(paymentId, (id, p) -> Rows.refunded(p, addFen, now())));
    }

    @Override
    public Mono<Void> insertLeg(LegRow leg, Instant now) {
        return Mono.fromRunnable(() -> legs.put(leg.legId(), leg));
    }

    @Override
    public Flux<LegRow> legs(UUID paymentId) {
        return Flux.defer(() -> Flux.fromStream(legs.values().stream().filter(l -> l.paymentId().equals(paymentId))
                .sorted(Comparator.comparing(LegRow::kind))));
    }

    @Override
    public Mono<LegRow> updateLeg(LegRow leg) {
        return Mono.fromSupplier(() -> {
            LegRow old = legs.get(leg.legId());
            boolean open = leg.status() == LegStatus.SENT || leg.status() == LegStatus.PENDING || leg.status() == LegStatus.UNKNOWN;
            Instant since = old != null && old.pendingSince() != null ? old.pendingSince() : open ? now() : null;
            LegRow stored = new LegRow(leg.legId(), leg.paymentId(), leg.kind(), leg.channel(), leg.amountFen(), leg.requestId(),
                    leg.status(), leg.vendorRef(), leg.vendorCode(), since, leg.amountChanged(), old == null ? 0 : old.refundedFen());
            legs.put(leg.legId(), stored);
            return stored;
        });
    }

    @Override
    public Mono<Void> replanLeg(LegRow leg) {
        return Mono.defer(() -> {
            LegRow old = legs.get(leg.legId());
            if (old == null || !(old.status() == LegStatus.DECLINED || old.status() == LegStatus.COMPENSATED) || old.refundedFen() != 0) {
                return Mono.error(new IllegalStateException("leg " + leg.legId() + " moved money or is open; it cannot be re-planned"));
            }
            legs.put(leg.legId(), leg);
            return Mono.empty();
        });
    }

    @Override
    public synchronized Mono<Void> addLegRefund(UUID legId, long fen) {
        return Mono.defer(() -> {
            LegRow l = legs.get(legId);
            long refunded = l.refundedFen() + fen;
            if (refunded < 0 || refunded > l.amountFen()) return Mono.error(new DataIntegrityViolationException("payment_leg_refunded_fen_check"));
            legs.put(legId, new LegRow(l.legId(), l.paymentId(), l.kind(), l.channel(), l.amountFen(), l.requestId(), l.status(),
                    l.vendorRef(), l.vendorCode(), l.pendingSince(), l.amountChanged(), refunded));
            return Mono.empty();
        });
    }

    @Override
    public Mono<Long> attemptSent(UUID paymentId, UUID legId, String channel, String operation, String requestId) {
        return Mono.fromSupplier(() -> {
            long id = attemptIds.incrementAndGet();
            attempts.add(new Attempt(id, paymentId, legId, channel, operation, requestId, "SENT"));
            return id;
        });
    }

    @Override
    public Mono<Void> attemptAnswered(long attemptId, String outcome, String detail) {
        return Mono.fromRunnable(() -> attempts.replaceAll(a -> a.id() == attemptId
                ? new Attempt(a.id(), a.paymentId(), a.legId(), a.channel(), a.operation(), a.requestId(), outcome) : a));
    }

    /** How long writing a leg's answer takes ({@link #legAnswered}); virtual time in the engine's tests. */
    volatile Duration answerWriteTime = Duration.ZERO;

    /** Every write of a leg's answer fails, as a database gone away would make it. */
    volatile boolean answerWriteFails;

    @Override
    public Mono<LegRow> legAnswered(long attemptId, String outcome, String detail, LegRow leg) {
        Mono<LegRow> write = answerWriteFails ? Mono.error(new IllegalStateException("database unreachable"))
                : PaymentRepository.super.legAnswered(attemptId, outcome, detail, leg);
        return answerWriteTime.isZero() ? write : Mono.delay(answerWriteTime).then(write);
    }

    /** How many payments were moved to SUCCEEDED with their last leg's answer ({@link #lastLegSucceeded}). */
    final AtomicInteger completedWithLastLeg = new AtomicInteger();

    @Override
    public Mono<Completed> lastLegSucceeded(UUID paymentId, long attemptId, LegRow succeeded, String note) {
        return Mono.defer(() -> {
            completedWithLastLeg.incrementAndGet();
            return attemptAnswered(attemptId, "SUCCEEDED", null).then(updateLeg(succeeded))
                    .flatMap(leg -> transition(paymentId, PaymentStatus.SUCCEEDED, Stage.DONE, null, null, note)
                            .map(p -> new Completed(leg, p))
                            .defaultIfEmpty(new Completed(leg, null)));
        });
    }

    @Override
    public synchronized Mono<Boolean> lease(UUID paymentId, String owner, Duration duration) {
        return Mono.fromSupplier(() -> {
            String[] holder = leases.get(paymentId);
            Instant until = leaseUntil.get(paymentId);
            boolean free = holder == null || holder[0] == null || holder[0].equals(owner) || until == null || until.isBefore(now());
            if (free) {
                leases.put(paymentId, new String[] {owner});
                leaseUntil.put(paymentId, now().plus(duration));
            }
            return free;
        });
    }

    @Override
    public Mono<Long> renewLeases(String owner, Duration duration) {
        return Mono.fromSupplier(() -> leases.entrySet().stream()
                .filter(e -> owner.equals(e.getValue()[0]) && !payments.get(e.getKey()).status().isFinal()
                        && payments.get(e.getKey()).status() != PaymentStatus.PENDING)
                .peek(e -> leaseUntil.put(e.getKey(), now().plus(duration)))
                .count());
    }

    @Override
    public Mono<Void> releaseLease(UUID paymentId, String owner) {
        return Mono.fromRunnable(() -> leases.computeIfPresent(paymentId, (id, h) -> owner.equals(h[0]) ? new String[] {null} : h));
    }

    @Override
    public Flux<UUID> orphans(int limit) {
        return Flux.defer(() -> Flux.fromStream(payments.values().stream()
                .filter(p -> p.status() == PaymentStatus.RECEIVED || p.status() == PaymentStatus.PROCESSING)
                .filter(p -> leases.get(p.paymentId())[0] == null || leaseUntil.get(p.paymentId()).isBefore(now()))
                .map(PaymentRow::paymentId).limit(limit)));
    }

    @Override
    public Flux<UUID> expiredAwaitingCode(int limit) {
        return Flux.defer(() -> Flux.fromStream(payments.values().stream()
                .filter(p -> p.status() == PaymentStatus.PENDING && p.stage() == Stage.AWAITING_CODE && p.deadlineAt().isBefore(now()))
                .map(PaymentRow::paymentId).limit(limit)));
    }

    @Override
    public synchronized Mono<CompensationRow> compensation(UUID paymentId, UUID legId, String action, long amountFen, String requestId) {
        return Mono.fromSupplier(() -> compensations.computeIfAbsent(legId + "/" + action,
                k -> new CompensationRow(UUID.randomUUID(), paymentId, legId, action, amountFen, requestId, CompensationStatus.PENDING, 0)));
    }

    @Override
    public Mono<Void> compensationTried(UUID compensationId, CompensationStatus status, String error) {
        return Mono.fromRunnable(() -> compensations.replaceAll((k, c) -> c.compensationId().equals(compensationId)
                ? new CompensationRow(c.compensationId(), c.paymentId(), c.legId(), c.action(), c.amountFen(), c.requestId(), status, c.tries() + 1)
                : c));
    }

    @Override
    public Flux<CompensationRow> compensations(UUID paymentId) {
        return Flux.defer(() -> Flux.fromStream(compensations.values().stream().filter(c -> c.paymentId().equals(paymentId))));
    }

    // ---- what tests look at

    List<Attempt> attempts(UUID paymentId) {
        return attempts.stream().filter(a -> a.paymentId().equals(paymentId)).toList();
    }

    List<Transition> transitions(UUID paymentId) {
        return transitions.stream().filter(t -> t.paymentId().equals(paymentId)).toList();
    }

    List<LegRow> legsOf(UUID paymentId) {
        return new ArrayList<>(legs(paymentId).collectList().block());
    }

    PaymentRow payment(UUID paymentId) {
        return payments.get(paymentId);
    }

    UUID onlyPaymentId() {
        assertOne();
        return payments.keySet().iterator().next();
    }

    private void assertOne() {
        if (payments.size() != 1) throw new IllegalStateException(payments.size() + " payments, expected one");
    }

    /** What a crash leaves: the payment's lease belongs to an owner that no longer renews it. */
    void expireLease(UUID paymentId) {
        leaseUntil.put(paymentId, now().minusSeconds(1));
    }

    /** The payment's open legs as if they had been open since {@code ago} before now (the instance was down that long). */
    void ageOpenLegs(UUID paymentId, Duration ago) {
        legs.replaceAll((id, l) -> !l.paymentId().equals(paymentId) || l.pendingSince() == null ? l
                : new LegRow(l.legId(), l.paymentId(), l.kind(), l.channel(), l.amountFen(), l.requestId(), l.status(),
                        l.vendorRef(), l.vendorCode(), now().minus(ago), l.amountChanged(), l.refundedFen()));
    }

    private static String key(String terminal, String scope, String key) {
        return terminal + "/" + scope + "/" + key;
    }
}
