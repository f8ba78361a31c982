package org.hospay.gateway.payment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.channels.Outcome;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refunds, per leg, never more than was paid per leg (docs/api.md §7). An amount refund of everything still
 * refundable cancels the settlement (2208), the commercial claim and refunds the self-pay part; a partial amount
 * comes out of the self-pay leg only ({@code PARTIAL_INSURANCE_REFUND_UNSUPPORTED} beyond it). Returning items
 * ({@code items}) re-settles the kept items ({@link Resettlement}), so any split can be partly refunded.
 *
 * <p>An amount refund reserves each leg's share first ({@code payment_leg.refunded_fen}, whose CHECK refuses
 * more than the leg's amount), then calls the channel with a refund number that stays the same on every retry,
 * then keeps (success) or releases (definite decline) the reservation. A refund above
 * {@code hospay.refunds.approval-above-fen} is written {@code APPROVAL_REQUIRED} and sent nowhere until a second
 * person at a FINANCE terminal approves it ({@link #approve}, docs/api.md §7.1).
 */
@Service
class RefundService {

    /** {@code amountFen} (or nothing: everything left) or {@code items} (returned items, §7.2), not both. */
    record RefundRequest(BigDecimal amountFen, String reason, List<ItemRefunds.ReturnedItem> items) {}

    static final String APPROVAL_REQUIRED = "APPROVAL_REQUIRED";

    /**
     * A refund and its per-leg split (insurance = fund + personal account). For an item refund {@code items}, its
     * {@code stage} and where the patient's {@code insuranceSettlement} stands: ORIGINAL (not cancelled yet),
     * CANCELLED (being settled again), RESETTLED or RESTORED.
     */
    record RefundView(UUID refundId, UUID paymentId, String status, long amountFen, long insuranceRefundFen,
                      long commercialRefundFen, long selfPayRefundFen, String failureCode, long fundRefundFen, long accountRefundFen,
                      List<ItemRefunds.ReturnedItem> items, String stage, String insuranceSettlement) {}

    private final DatabaseClient db;
    private final PaymentRepository store;
    private final RefundCalls calls;
    private final IdempotentCommands commands;
    private final AuditLog audit;
    private final long approvalAboveFen;
    private final ItemRefunds itemRefunds;
    private final ItemRefundRows rows;
    private final Resettlement resettlement;
    private final RefundViews views;

    RefundService(DatabaseClient db, PaymentRepository store, RefundCalls calls, IdempotentCommands commands,
                  AuditLog audit, RefundProperties properties, ItemRefunds itemRefunds, ItemRefundRows rows,
                  Resettlement resettlement, RefundViews views) {
        this.views = views;
        this.calls = calls;
        this.audit = audit;
        this.approvalAboveFen = properties.approvalAboveFen();
        this.db = db;
        this.store = store;
        this.commands = commands;
        this.itemRefunds = itemRefunds;
        this.rows = rows;
        this.resettlement = resettlement;
    }

    /** A refund, idempotent by key ({@link IdempotentCommands}); a repeated key answers the refund as it is now. */
    Mono<RefundView> refund(Terminal terminal, UUID paymentId, String key, RefundRequest request) {
        return Mono.defer(() -> {
            IdempotentCommands.requireKey(key);
            if (request.reason() != null && request.reason().length() > 200) throw ApiException.badRequest("INVALID_REASON", "reason is at most 200 characters");
            Long asked = request.amountFen() == null ? null : BillValidator.amount(request.amountFen(), "amountFen").fen();
            if (asked != null && asked == 0) throw ApiException.badRequest("INVALID_AMOUNT", "amountFen must be greater than 0");
            if (asked != null && request.items() != null) {
                throw ApiException.badRequest("INVALID_REFUND", "give amountFen or items, not both");
            }
            Map<String, Long> returned = request.items() == null ? null : ItemRefunds.parse(request.items());
            var command = IdempotentCommands.Command.of(terminal.terminalId(), IdempotentCommands.Scope.REFUND, key,
                    (paymentId + "\n" + asked + "\n" + request.reason() + "\n" + returned).getBytes(StandardCharsets.UTF_8));
            return commands.run(command, this::find, () -> returned == null ? start(terminal, paymentId, command, asked, request.reason(), false)
                    : startItems(terminal, paymentId, command, returned, request.reason()));
        });
    }

    /**
     * A refund of inpatient money (a deposit) decided by its stay, not asked for at a window: executed at once (the
     * discharge is the approval), idempotent by key like any other; only the inpatient feature calls it.
     */
    Mono<RefundView> refundInpatient(Terminal terminal, UUID paymentId, String key, long fen, String reason) {
        return Mono.defer(() -> {
            var command = IdempotentCommands.Command.of(terminal.terminalId(), IdempotentCommands.Scope.REFUND, key,
                    (paymentId + "\n" + fen + "\n" + reason).getBytes(StandardCharsets.UTF_8));
            return commands.run(command, this::find, () -> start(terminal, paymentId, command, fen, reason, true));
        });
    }

    private Mono<PaymentRow> refundable(Terminal terminal, UUID paymentId, boolean inpatient) {
        return store.find(paymentId)
                .filter(p -> p.hospitalId().equals(terminal.hospitalId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId)))
                .flatMap(p -> inpatient || !Bill.MedType.INPATIENT.name().equals(p.medType()) ? Mono.just(p)
                        : Mono.error(ApiException.conflict("INPATIENT_DEPOSIT", "payment " + paymentId
                                + " is inpatient money: it is refunded through its stay (docs/api.md §13)")))
                .flatMap(p -> p.status() == PaymentStatus.SUCCEEDED || p.status() == PaymentStatus.PARTIALLY_REFUNDED ? Mono.just(p)
                        : Mono.error(ApiException.conflict("PAYMENT_NOT_REFUNDABLE",
                                "payment is " + p.status().external() + "; only a succeeded payment can be refunded")))
                .flatMap(p -> rows.inFlight(paymentId).flatMap(busy -> busy
                        ? Mono.error(ApiException.conflict("REFUND_IN_PROGRESS",
                                "an item refund of this payment is under way (its settlement is being re-made); retry when it is done"))
                        : Mono.just(p)));
    }

    /**
     * §7.2: items given back. With an insurance part and items kept, the settlement is cancelled and the kept items
     * settled again ({@link Resettlement}); returning everything is the full refund; without an insurance part the
     * returned items' worth is an amount refund of the self-pay part.
     */
    private Mono<RefundView> startItems(Terminal terminal, UUID paymentId, IdempotentCommands.Command command, Map<String, Long> returned,
                                        String reason) {
        return refundable(terminal, paymentId, false).flatMap(p -> store.legs(paymentId).collectList().zipWith(rows.heldItems(p)).flatMap(t -> {
            List<LegRow> legs = t.getT1();
            ItemRefunds.Held held = ItemRefunds.apply(t.getT2(), returned);
            LegRow ins = legs.stream().filter(l -> l.kind() == LegRow.Kind.INSURANCE && l.status() == LegStatus.SUCCEEDED).findFirst().orElse(null);
            if (ins == null || p.certEnc() == null) return start(terminal, paymentId, command, held.returnedFen(), reason, false);
            if (held.kept().isEmpty()) return start(terminal, paymentId, command, null, reason, false);
            // A mobile order (6201) is settled once and refunded by 6203, which re-settles nothing: no partial insurance refund.
            if (LegType.of(ins) == LegType.MOBILE_SETTLEMENT) {
                return Mono.error(ApiException.unprocessable("PARTIAL_INSURANCE_REFUND_UNSUPPORTED", "a bill paid from the phone with "
                        + "insurance is refunded whole, or from its self-pay part only; it cannot keep some items",
                        Map.of("selfPayRefundableFen", legs.stream().filter(l -> l.kind() == LegRow.Kind.SELF_PAY && l.status() == LegStatus.SUCCEEDED)
                                .mapToLong(l -> l.amountFen() - l.refundedFen()).sum())));
            }
            UUID refundId = UUID.randomUUID();
            boolean waits = needsApproval(held.returnedFen(), approvalAboveFen);
            var idem = new PaymentRepository.IdempotencyRow(terminal.terminalId(), command.scope().name(), command.key(),
                    command.requestHash(), refundId);
            return itemRefunds.reserve(refundId, terminal, p, legs, returned, held, reason, waits ? APPROVAL_REQUIRED : "PENDING", idem)
                    .then(waits ? Mono.<Void>empty() : resettleAudited(terminal, refundId))
                    .then(find(refundId));
        }));
    }

    private Mono<Void> resettleAudited(Terminal by, UUID refundId) {
        return resettlement.drive(refundId)
                .then(Mono.defer(() -> find(refundId)))
                .flatMap(r -> audit.record(PaymentController.actor(by), "REFUND_EXECUTE", refundId.toString(), r.status()));
    }

    private Mono<RefundView> start(Terminal terminal, UUID paymentId, IdempotentCommands.Command command, Long asked, String reason,
                                   boolean inpatient) {
        return refundable(terminal, paymentId, inpatient)
                .flatMap(p -> store.legs(paymentId).collectList().zipWith(rows.insuranceRefunded(paymentId)).flatMap(t -> {
                    List<LegRow> legs = t.getT1();
                    Split split = split(p, legs, asked, t.getT2());
                    boolean waits = !inpatient && needsApproval(split.total(), approvalAboveFen);
                    UUID refundId = UUID.randomUUID();
                    var idem = new PaymentRepository.IdempotencyRow(terminal.terminalId(), command.scope().name(), command.key(),
                            command.requestHash(), refundId);
                    Mono<Void> reserve = insertRefund(refundId, paymentId, split, reason, waits ? APPROVAL_REQUIRED : "PENDING", terminal)
                            .then(store.insertIdempotency(idem, store.now()))
                            .then(split.insurance == null ? Mono.empty() : store.addLegRefund(split.insurance.legId(), split.insuranceFen))
                            .then(split.commercial == null ? Mono.empty() : store.addLegRefund(split.commercial.legId(), split.commercialFen))
                            .then(split.self == null ? Mono.empty() : store.addLegRefund(split.self.legId(), split.selfFen));
                    return store.inTransaction(reserve)
                            // the key recorded meanwhile by another instance is the command edge's to answer (a replay)
                            .onErrorMap(e -> e instanceof DataIntegrityViolationException && !IdempotentCommands.lostKeyRace(e),
                                    e -> ApiException.conflict("REFUND_CONFLICT",
                                            "another refund of this payment changed what is refundable; check the payment and retry"))
                            .then(waits ? Mono.<Void>empty() : executeAudited(terminal, refundId, p, split))
                            .then(find(refundId));
                }));
    }

    /** The approval rule: strictly above the threshold. */
    static boolean needsApproval(long refundFen, long approvalAboveFen) {
        return refundFen > approvalAboveFen;
    }

    /**
     * Who may approve a refund that waits: not the same terminal and operator that asked for it (the same finance
     * terminal signed with another staff member's operator id is a second person; without operator ids it is not).
     */
    static boolean isSecondPerson(String requestedByTerminal, String requestedByOperator, String approverTerminal, String approverOperator) {
        if (!approverTerminal.equals(requestedByTerminal)) return true;
        return approverOperator != null && requestedByOperator != null && !approverOperator.equals(requestedByOperator);
    }

    private record Awaiting(UUID refundId, UUID paymentId, String hospitalId, String status, String byTerminal, String byOperator) {}

    /** docs/api.md §7.1: executes a refund that waits for approval, once; answers the refund as it then is. */
    Mono<RefundView> approve(Terminal approver, UUID refundId) {
        return db.sql("""
                        SELECT r.refund_id, r.payment_id, p.hospital_id, r.status, r.requested_by_terminal, r.requested_by_operator
                        FROM refund r JOIN payment p ON p.payment_id = r.payment_id WHERE r.refund_id = :id""")
                .bind("id", refundId)
                .map(r -> new Awaiting(r.get("refund_id", UUID.class), r.get("payment_id", UUID.class), r.get("hospital_id", String.class),
                        r.get("status", String.class), r.get("requested_by_terminal", String.class), r.get("requested_by_operator", String.class)))
                .one()
                .filter(a -> a.hospitalId().equals(approver.hospitalId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("REFUND_NOT_FOUND", "no refund " + refundId)))
                .flatMap(a -> {
                    if (approver.kind() != Terminal.Kind.FINANCE) {
                        return Mono.error(ApiException.forbidden("FORBIDDEN", "only a FINANCE terminal approves refunds"));
                    }
                    if (!APPROVAL_REQUIRED.equals(a.status())) {
                        return Mono.error(ApiException.conflict("REFUND_NOT_AWAITING_APPROVAL", "refund " + refundId + " is " + a.status(),
                                Map.of("status", a.status())));
                    }
                    if (!isSecondPerson(a.byTerminal(), a.byOperator(), approver.terminalId(), approver.operatorId())) {
                        return Mono.error(ApiException.forbidden("SECOND_APPROVER_REQUIRED",
                                "the refund must be approved by someone other than who asked for it (another terminal, or another X-Operator-Id)"));
                    }
                    var claim = db.sql("""
                                    UPDATE refund SET status = 'PENDING', approved_by_terminal = :terminal, approved_by_operator = :operator,
                                        approved_at = :now
                                    WHERE refund_id = :id AND status = 'APPROVAL_REQUIRED'""")
                            .bind("terminal", approver.terminalId()).bind("now", store.now()).bind("id", refundId);
                    claim = approver.operatorId() == null ? claim.bindNull("operator", String.class) : claim.bind("operator", approver.operatorId());
                    return claim.fetch().rowsUpdated().flatMap(n -> n == 0
                            // another approval won the race: that one executes the refund; this one only says so
                            ? Mono.<RefundView>error(ApiException.conflict("REFUND_NOT_AWAITING_APPROVAL", "refund " + refundId + " was just approved",
                                    Map.of("status", "PENDING")))
                            : rows.load(refundId).hasElement().flatMap(items -> items ? resettleAudited(approver, refundId)
                                    : store.find(a.paymentId()).zipWith(refundRow(refundId)).zipWith(store.legs(a.paymentId()).collectList())
                                    .flatMap(t -> executeAudited(approver, refundId, t.getT1().getT1(), splitOf(t.getT2(), t.getT1().getT2()))))
                                    .then(find(refundId)));
                });
    }

    /** Executes a reserved refund and records how it ended (REFUND_EXECUTE) for the terminal that set it going. */
    private Mono<Void> executeAudited(Terminal by, UUID refundId, PaymentRow p, Split split) {
        return execute(refundId, p, split)
                .then(Mono.defer(() -> find(refundId)))
                .flatMap(r -> audit.record(PaymentController.actor(by), "REFUND_EXECUTE", refundId.toString(), r.status()));
    }

    /** The split a reserved refund row holds, on the legs it was reserved on. */
    private static Split splitOf(List<LegRow> legs, long[] parts) {
        LegRow insLeg = legs.stream().filter(l -> l.kind() == LegRow.Kind.INSURANCE).findFirst().orElse(null);
        LegRow selfLeg = legs.stream().filter(l -> l.kind() == LegRow.Kind.SELF_PAY).findFirst().orElse(null);
        LegRow comLeg = legs.stream().filter(l -> l.kind() == LegRow.Kind.COMMERCIAL).findFirst().orElse(null);
        // A settlement of 0 is cancelled by the refund that leaves nothing (its self-pay leg fully refunded).
        boolean lastRefund = selfLeg == null || selfLeg.refundedFen() == selfLeg.amountFen();
        LegRow ins = parts[0] > 0 || (insLeg != null && insLeg.amountFen() == 0 && lastRefund) ? insLeg : null;
        return new Split(ins, parts[0], parts[2] > 0 ? comLeg : null, parts[2], parts[1] > 0 ? selfLeg : null, parts[1], parts[3]);
    }

    /** {@code fundFen}: the fund's share of {@code insuranceFen} (the rest is the personal account's). */
    private record Split(LegRow insurance, long insuranceFen, LegRow commercial, long commercialFen, LegRow self, long selfFen, long fundFen) {
        long total() {
            return insuranceFen + commercialFen + selfFen;
        }
    }

    private static Split split(PaymentRow p, List<LegRow> legs, Long asked, long[] insuranceRefunded) {
        LegRow ins = legs.stream().filter(l -> l.kind() == LegRow.Kind.INSURANCE && l.status() == LegStatus.SUCCEEDED).findFirst().orElse(null);
        LegRow self = legs.stream().filter(l -> l.kind() == LegRow.Kind.SELF_PAY && l.status() == LegStatus.SUCCEEDED).findFirst().orElse(null);
        long insLeft = ins == null ? 0 : ins.amountFen() - ins.refundedFen();
        LegRow com = legs.stream().filter(l -> l.kind() == LegRow.Kind.COMMERCIAL && l.status() == LegStatus.SUCCEEDED).findFirst().orElse(null);
        long selfLeft = self == null ? 0 : self.amountFen() - self.refundedFen();
        long comLeft = com == null ? 0 : com.amountFen() - com.refundedFen();
        long left = insLeft + comLeft + selfLeft;
        long amount = asked == null ? left : asked;
        if (left == 0) throw ApiException.conflict("PAYMENT_NOT_REFUNDABLE", "nothing is left to refund");
        if (amount > left) {
            throw ApiException.unprocessable("REFUND_EXCEEDS_PAID", "at most " + left + " fen can still be refunded",
                    Map.of("refundableFen", left));
        }
        // A full refund cancels the settlement even when the fund paid nothing: the visit's deductible goes back too.
        // The commercial claim is cancelled whole (the insurer has no partial cancel): only with the full refund.
        long fundLeft = ins == null || p.fundPayFen() == null ? 0 : Math.min(insLeft, p.fundPayFen() - insuranceRefunded[0]);
        if (amount == left) return new Split(ins, insLeft, comLeft > 0 ? com : null, comLeft, selfLeft > 0 ? self : null, selfLeft, fundLeft);
        if (amount <= selfLeft) return new Split(null, 0, null, 0, self, amount, 0);
        throw ApiException.unprocessable("PARTIAL_INSURANCE_REFUND_UNSUPPORTED",
                "a partial refund can come only from the self-pay part (" + selfLeft + " fen left); refund the whole payment instead",
                Map.of("selfPayRefundableFen", selfLeft, "refundableFen", left));
    }

    private Mono<Void> insertRefund(UUID refundId, UUID paymentId, Split split, String reason, String status, Terminal by) {
        var spec = db.sql("""
                INSERT INTO refund (refund_id, payment_id, amount_fen, insurance_refund_fen, commercial_refund_fen, self_pay_refund_fen,
                    fund_refund_fen, account_refund_fen, reason, status, created_at, requested_by_terminal, requested_by_operator)
                VALUES (:id, :payment, :amount, :ins, :com, :self, :fund, :account, :reason, :status, :now, :terminal, :operator)""")
                .bind("id", refundId).bind("payment", paymentId).bind("amount", split.total())
                .bind("fund", split.fundFen).bind("account", split.insuranceFen - split.fundFen)
                .bind("ins", split.insuranceFen).bind("com", split.commercialFen).bind("self", split.selfFen).bind("now", store.now())
                .bind("status", status).bind("terminal", by.terminalId());
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
        spec = by.operatorId() == null ? spec.bindNull("operator", String.class) : spec.bind("operator", by.operatorId());
        return spec.then();
    }

    /** Calls the channels for a reserved refund; bounded retries here, then {@link #retryUnconfirmed} goes on. */
    private Mono<Void> execute(UUID refundId, PaymentRow p, Split split) {
        return execute(refundId, p, split, false);
    }

    /** On a retry ({@code retry}) a "not sent" answer says nothing of the first try: unconfirmed, never FAILED. */
    private Mono<Void> execute(UUID refundId, PaymentRow p, Split split, boolean retry) {
        Mono<Outcome<?>> ins = split.insurance == null ? Mono.just(Outcome.succeeded(null)) : calls.cancelInsurance(refundId, p, split.insurance);
        Mono<Outcome<?>> com = split.commercial == null ? Mono.just(Outcome.succeeded(null)) : calls.cancelClaim(refundId, split.commercial);
        Mono<Outcome<?>> self = split.self == null ? Mono.just(Outcome.succeeded(null)) : calls.refundSelf(refundId, split.self, split.selfFen)
                .map(o -> retry ? SelfPayRefunds.stillUnknownIfNotSent(o) : o);
        return Mono.zip(ins, com, self).flatMap(all -> settle(refundId, p, split, all.getT1(), all.getT2(), all.getT3()));
    }

    private Mono<Void> settle(UUID refundId, PaymentRow p, Split split, Outcome<?> ins, Outcome<?> com, Outcome<?> self) {
        boolean insOk = ins instanceof Outcome.Succeeded<?>;
        boolean comOk = com instanceof Outcome.Succeeded<?>;
        boolean selfOk = self instanceof Outcome.Succeeded<?>;
        boolean insNo = ins instanceof Outcome.Declined<?>;
        boolean comNo = com instanceof Outcome.Declined<?>;
        boolean selfNo = self instanceof Outcome.Declined<?>;
        Mono<Void> release = Mono.when(
                insNo && split.insurance != null ? store.addLegRefund(split.insurance.legId(), -split.insuranceFen) : Mono.empty(),
                comNo && split.commercial != null ? store.addLegRefund(split.commercial.legId(), -split.commercialFen) : Mono.empty(),
                selfNo && split.self != null ? store.addLegRefund(split.self.legId(), -split.selfFen) : Mono.empty());
        if (insOk && comOk && selfOk) {
            return store.inTransaction(markRefund(refundId, "SUCCEEDED", null).then(store.refunded(p.paymentId(), split.total())));
        }
        if ((insNo || insOk) && (comNo || comOk) && (selfNo || selfOk)) {
            long done = (insOk ? split.insuranceFen : 0) + (comOk ? split.commercialFen : 0) + (selfOk ? split.selfFen : 0);
            String code = insNo ? declinedCode(ins) : comNo ? declinedCode(com) : declinedCode(self);
            return store.inTransaction(release.then(markRefund(refundId, "FAILED", code))
                    .then(done > 0 ? store.refunded(p.paymentId(), done) : Mono.empty()));
        }
        return Mono.empty(); // an outcome is still unknown: stays PENDING for retryUnconfirmed
    }

    /** Retries refunds whose outcome was unknown (same refund numbers, so never twice). */
    Mono<Void> retryUnconfirmed(Duration idle) {
        // An approved refund counts from its approval, so the approval's own execution is not raced by this retry.
        return db.sql("""
                        SELECT refund_id, payment_id FROM refund
                        WHERE status = 'PENDING' AND items IS NULL AND COALESCE(approved_at, created_at) < :before LIMIT 20""")
                .bind("before", store.now().minus(idle))
                .map(r -> new UUID[] {r.get("refund_id", UUID.class), r.get("payment_id", UUID.class)})
                .all()
                .concatMap(ids -> store.find(ids[1]).zipWith(store.legs(ids[1]).collectList()).zipWith(refundRow(ids[0]))
                        .flatMap(t -> {
                            PaymentRow p = t.getT1().getT1();
                            return execute(ids[0], p, splitOf(t.getT1().getT2(), t.getT2()), true);
                        }))
                .then(rows.unfinished(idle, 20).concatMap(resettlement::drive).then());
    }

    private Mono<long[]> refundRow(UUID refundId) {
        return db.sql("SELECT insurance_refund_fen, self_pay_refund_fen, commercial_refund_fen, fund_refund_fen FROM refund WHERE refund_id = :id")
                .bind("id", refundId)
                .map(r -> new long[] {r.get("insurance_refund_fen", Long.class), r.get("self_pay_refund_fen", Long.class),
                        r.get("commercial_refund_fen", Long.class), r.get("fund_refund_fen", Long.class)}).one();
    }

    private Mono<Void> markRefund(UUID refundId, String status, String failureCode) {
        var spec = db.sql("UPDATE refund SET status = :status, failure_code = :code, completed_at = :now WHERE refund_id = :id")
                .bind("status", status).bind("now", store.now()).bind("id", refundId);
        spec = failureCode == null ? spec.bindNull("code", String.class) : spec.bind("code", failureCode);
        return spec.then();
    }

    Mono<RefundView> find(UUID refundId) {
        return views.find(refundId);
    }

    Flux<RefundView> ofPayment(UUID paymentId) {
        return views.ofPayment(paymentId);
    }

    private static String declinedCode(Outcome<?> o) {
        return o instanceof Outcome.Declined<?> d ? d.code() : null;
    }
}
