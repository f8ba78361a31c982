package org.hospay.gateway.payment;

import io.r2dbc.postgresql.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.ItemRefundRows.Row;
import org.hospay.gateway.payment.ItemRefundRows.Stage;
import org.hospay.gateway.support.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs an item refund (docs/api.md §7.2) the national interface's way, one durable step at a time:
 * <ol>
 *   <li>CANCEL: 2208 of the settlement the payment holds (one msgid, the same on every try: the platform
 *       answers a repeated msgid with its first answer; ALREADY_CANCELLED is success, the money is back either
 *       way). A definite refusal ends the refund FAILED with nothing moved. CANCEL_CLAIM: the commercial claim's
 *       cancel (one cancel number).</li>
 *   <li>PRESETTLE: 2204 + 2206 of the kept items under a fee batch of this refund's, and the insurer's
 *       pre-calculation on them. Here the rule is applied: no part may end higher than what it holds now (the
 *       patient is never charged more, and a fund is never asked for more). If one would, the refund turns to
 *       restoring: the items held before are settled again instead, and the refund ends FAILED
 *       ({@code REFUND_WOULD_CHARGE_PATIENT}) with the original split back.</li>
 *   <li>RESETTLE: 2207 of that batch (one msgid); RECLAIM: the claim on the kept items (one outClaimNo);
 *       SELF_PAY: the self-pay difference back on its channel (one refund number).</li>
 *   <li>DONE: in one transaction the legs point at the new settlement and claim, each leg's refunded amount
 *       grows by what came back of it, and the refund holds the per-leg split.</li>
 * </ol>
 * A call without a definite answer leaves the refund PENDING at its stage ({@code failureCode} says what it
 * waits for); the recovery sweep drives it on under a lease, so the patient always ends with the original
 * settlement or the new one, never with neither.
 */
@Component
class Resettlement {

    private static final Logger log = LoggerFactory.getLogger(Resettlement.class);
    private static final Set<String> NOT_COVERED = Set.of("POLICY_NOT_FOUND", "NOT_COVERED", "LIMIT_EXHAUSTED");
    static final String WOULD_CHARGE_PATIENT = "REFUND_WOULD_CHARGE_PATIENT";

    private final ItemRefundRows rows;
    private final PaymentRepository store;
    private final InsurancePort insurance;
    private final CommercialPort commercial;
    private final InsuredSeal seal;
    private final SecretBox box;
    private final SelfPayRefunds selfPay;
    private final Identity identity;
    private final EngineProperties props;

    Resettlement(ItemRefundRows rows, PaymentRepository store, InsurancePort insurance, CommercialPort commercial, InsuredSeal seal,
                 SecretBox box, SelfPayRefunds selfPay, Identity identity, EngineProperties props) {
        this.rows = rows;
        this.store = store;
        this.insurance = insurance;
        this.commercial = commercial;
        this.seal = seal;
        this.box = box;
        this.selfPay = selfPay;
        this.identity = identity;
        this.props = props;
    }

    /** What the payment holds per part before this refund, and the legs that hold it. */
    private record Ctx(Row row, PaymentRow p, LegRow ins, LegRow com, LegRow self, long fundHeld, long accountHeld,
                       List<Bill.Line> heldItems) {

        long comHeld() {
            return com == null ? 0 : com.amountFen() - com.refundedFen();
        }

        long selfHeld() {
            return self == null ? 0 : self.amountFen() - self.refundedFen();
        }
    }

    /** Drives the refund as far as it goes now; a step without a definite answer leaves it PENDING for the sweep. */
    Mono<Void> drive(UUID refundId) {
        String owner = identity.instanceId();
        return rows.lease(refundId, owner, props.lease()).filter(Boolean::booleanValue)
                .flatMap(leased -> step(refundId, owner)
                        .onErrorResume(e -> {
                            log.warn("item refund {} stopped, the recovery sweep goes on: {}", refundId, e.toString());
                            return Mono.empty();
                        })
                        .then(rows.release(refundId, owner)));
    }

    private Mono<Void> step(UUID refundId, String owner) {
        return rows.load(refundId).filter(r -> "PENDING".equals(r.status()) && r.stage() != Stage.DONE)
                .flatMap(this::context)
                .flatMap(c -> switch (c.row().stage()) {
                    case CANCEL -> cancel(c);
                    case CANCEL_CLAIM -> cancelClaim(c);
                    case PRESETTLE -> preSettle(c);
                    case RESETTLE -> resettle(c);
                    case RECLAIM -> reclaim(c);
                    case SELF_PAY -> refundSelf(c);
                    case DONE -> Mono.just(false);
                })
                // each step renews the lease: a refund whose owner stopped is free for the sweep within one lease
                .flatMap(next -> next ? rows.lease(refundId, owner, props.lease()).flatMap(l -> l ? step(refundId, owner) : Mono.empty())
                        : Mono.empty());
    }

    private Mono<Ctx> context(Row row) {
        return store.find(row.paymentId()).zipWith(store.legs(row.paymentId()).collectList())
                .flatMap(t -> rows.insuranceRefunded(row.paymentId()).zipWith(rows.heldItems(t.getT1()))
                        .map(r -> {
                            PaymentRow p = t.getT1();
                            return new Ctx(row, p, leg(t.getT2(), LegRow.Kind.INSURANCE), leg(t.getT2(), LegRow.Kind.COMMERCIAL),
                                    leg(t.getT2(), LegRow.Kind.SELF_PAY), p.fundPayFen() - r.getT1()[0], p.accountPayFen() - r.getT1()[1],
                                    r.getT2());
                        }));
    }

    private static LegRow leg(List<LegRow> legs, LegRow.Kind kind) {
        return legs.stream().filter(l -> l.kind() == kind && l.status() == LegStatus.SUCCEEDED).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ CANCEL

    private Mono<Boolean> cancel(Ctx c) {
        Row r = c.row();
        Mono<Boolean> settlement = attempt(c.p(), c.ins(), "INSURANCE", "REFUND_CANCEL_2208", r.cancelMsgid(),
                insurance.cancelSettlement(person(c.p()), c.p().mdtrtId(), r.priorSetlId(), r.cancelMsgid()))
                .flatMap(o -> switch (o) {
                    case Outcome.Succeeded<Void> s -> Mono.just(true);
                    case Outcome.Declined<Void> d when "ALREADY_CANCELLED".equals(d.code()) -> Mono.just(true);
                    // refused for good: nothing moved, the original settlement stands
                    case Outcome.Declined<Void> d when !d.refusedBeforeSending() -> end(c, "FAILED", d.code());
                    default -> waiting(c, "CANCEL_UNCONFIRMED");
                });
        return settlement.flatMap(ok -> ok ? advance(c, Stage.CANCEL_CLAIM, Map.of()) : Mono.just(false));
    }

    private Mono<Boolean> cancelClaim(Ctx c) {
        Row r = c.row();
        return c.comHeld() == 0 ? advance(c, Stage.PRESETTLE, Map.of())
                : attempt(c.p(), c.com(), c.com().channel(), "REFUND_CLAIM_CANCEL", cancelNo(r.refundId()),
                        commercial.cancel(cancelNo(r.refundId()), r.priorClaimNo(), "items returned"))
                        .flatMap(o -> o instanceof Outcome.Succeeded<?>
                                || o instanceof Outcome.Declined<?> d && "ALREADY_CANCELLED".equals(d.code())
                                ? advance(c, Stage.PRESETTLE, Map.of()) : waiting(c, "CLAIM_CANCEL_UNCONFIRMED"));
    }

    // ------------------------------------------------------------------ PRESETTLE

    private Mono<Boolean> preSettle(Ctx c) {
        Row r = c.row();
        return insurance.preSettleBatch(request(c, r), c.p().mdtrtId()).flatMap(o -> switch (o) {
            case Outcome.Succeeded<InsurancePort.PreSettlement> s -> {
                var pre = s.value();
                if (pre.fundPay().plus(pre.accountPay()).plus(pre.cashPay()).fen() != r.keptTotal()) {
                    yield waiting(c, "RESETTLEMENT_AMOUNT_MISMATCH");
                }
                yield commercialPart(c, pre).flatMap(com -> com < 0 ? waiting(c, "CLAIM_PRECALCULATION_UNCONFIRMED")
                        : decide(c, pre.fundPay().fen(), pre.accountPay().fen(), com, pre.cashPay().fen() - com));
            }
            case Outcome.Declined<InsurancePort.PreSettlement> d -> waiting(c, "PRESETTLE_" + d.code());
            default -> waiting(c, "PRESETTLE_UNCONFIRMED");
        });
    }

    /** What the insurer would pay of the kept items (0: nothing, or no claim to re-file); -1: it did not answer. */
    private Mono<Long> commercialPart(Ctx c, InsurancePort.PreSettlement pre) {
        if (c.com() == null || c.p().commercial() == null || c.p().commercial().insuredEnc() == null || !pre.cashPay().isPositive()) {
            return Mono.just(0L);
        }
        return commercial.preCalculate(claimRequest(c, pre.fundPay().fen(), pre.accountPay().fen())).map(o -> switch (o) {
            case Outcome.Succeeded<CommercialPort.PreCalculation> s ->
                    s.value().eligible() ? Math.min(s.value().payable().fen(), pre.cashPay().fen()) : 0L;
            case Outcome.Declined<CommercialPort.PreCalculation> d -> NOT_COVERED.contains(d.code()) ? 0L : -1L;
            default -> -1L;
        });
    }

    /** The rule: no part ends above what it holds now; otherwise the items held before are settled again. */
    static boolean fits(long fund, long account, long com, long self, long fundHeld, long accountHeld, long comHeld, long selfHeld) {
        return fund <= fundHeld && account <= accountHeld && com <= comHeld && self <= selfHeld;
    }

    private Mono<Boolean> decide(Ctx c, long fund, long account, long com, long self) {
        Row r = c.row();
        if (!r.restoring() && !fits(fund, account, com, self, c.fundHeld(), c.accountHeld(), c.comHeld(), c.selfHeld())) {
            log.info("item refund {}: the kept items would split {}/{}/{}/{} against {}/{}/{}/{} held; restoring the settlement",
                    r.refundId(), fund, account, com, self, c.fundHeld(), c.accountHeld(), c.comHeld(), c.selfHeld());
            Map<String, Object> restore = new HashMap<>();
            restore.put("restoring", true);
            restore.put("kept_items", Json.of(rows.toJson(c.heldItems())));
            restore.put("batch_no", "S" + hex(r.refundId(), 29));
            restore.put("claim_no", "D" + hex(r.refundId(), 31));
            restore.put("failure_code", WOULD_CHARGE_PATIENT);
            return rows.update(r.refundId(), restore).thenReturn(true);
        }
        return advance(c, Stage.RESETTLE, Map.of("new_fund_fen", fund, "new_account_fen", account, "new_commercial_fen", com,
                "new_self_fen", self));
    }

    // ------------------------------------------------------------------ RESETTLE / RECLAIM

    private Mono<Boolean> resettle(Ctx c) {
        Row r = c.row();
        long cash = r.keptTotal() - r.newFund() - r.newAccount();
        var pre = new InsurancePort.PreSettlement(c.p().mdtrtId(), Money.ofFen(r.newFund()), Money.ofFen(r.newAccount()), Money.ofFen(cash));
        return attempt(c.p(), c.ins(), "INSURANCE", "REFUND_SETTLE_2207", r.resettleMsgid(), insurance.settle(request(c, r), pre, r.resettleMsgid()))
                .flatMap(o -> switch (o) {
                    case Outcome.Succeeded<InsurancePort.Settlement> s -> {
                        long fund = s.value().fundPay().fen();
                        long account = s.value().accountPay().fen();
                        long self = r.keptTotal() - fund - account - r.newCommercial();
                        Map<String, Object> done = new HashMap<>(Map.of("new_setl_id", s.value().setlId(), "new_fund_fen", fund,
                                "new_account_fen", account, "new_self_fen", Math.max(0, self)));
                        yield advance(c, r.newCommercial() > 0 ? Stage.RECLAIM : Stage.SELF_PAY, done);
                    }
                    case Outcome.Declined<InsurancePort.Settlement> d -> waiting(c, "RESETTLE_" + d.code());
                    default -> waiting(c, "RESETTLE_UNCONFIRMED");
                });
    }

    private Mono<Boolean> reclaim(Ctx c) {
        Row r = c.row();
        return attempt(c.p(), c.com(), c.com().channel(), "REFUND_CLAIM", r.claimNo(),
                commercial.claim(r.claimNo(), claimRequest(c, r.newFund(), r.newAccount())))
                .flatMap(o -> switch (o) {
                    case Outcome.Succeeded<CommercialPort.Claim> s when !s.value().cancelled() -> advance(c, Stage.SELF_PAY,
                            Map.of("claim_ref", s.value().claimNo(), "new_commercial_fen", s.value().paid().fen(),
                                    "new_self_fen", r.keptTotal() - r.newFund() - r.newAccount() - s.value().paid().fen()));
                    // The insurer pays nothing now: the patient's part grows by what it would have paid (checked at the end).
                    case Outcome.Declined<CommercialPort.Claim> d when NOT_COVERED.contains(d.code()) -> advance(c, Stage.SELF_PAY,
                            Map.of("new_commercial_fen", 0L, "new_self_fen", r.keptTotal() - r.newFund() - r.newAccount()));
                    default -> waiting(c, "RECLAIM_UNCONFIRMED");
                });
    }

    // ------------------------------------------------------------------ SELF_PAY / DONE

    private Mono<Boolean> refundSelf(Ctx c) {
        Row r = c.row();
        long back = c.selfHeld() - r.newSelf();
        if (r.restoring() || back <= 0 || c.self() == null) return finish(c, 0);
        String no = SelfPayRefunds.outRefundNo(r.refundId());
        return attempt(c.p(), c.self(), c.self().channel(), "REFUND", no, selfPay.refund(c.self(), no, Money.ofFen(back)))
                .flatMap(o -> switch (o) {
                    case Outcome.Succeeded<?> s -> finish(c, back);
                    case Outcome.Declined<?> d when !d.refusedBeforeSending() -> review(c, "SELF_PAY_REFUND_" + d.code());
                    default -> waiting(c, "SELF_PAY_REFUND_UNCONFIRMED");
                });
    }

    /** Books the new split: legs re-pointed and credited with what came back, payment and refund totals, in one transaction. */
    private Mono<Boolean> finish(Ctx c, long selfBack) {
        Row r = c.row();
        long fundBack = c.fundHeld() - r.newFund();
        long accountBack = c.accountHeld() - r.newAccount();
        long comBack = c.comHeld() - r.newCommercial();
        boolean unchanged = fundBack == 0 && accountBack == 0 && comBack == 0 && c.selfHeld() == r.newSelf();
        if (fundBack < 0 || accountBack < 0 || comBack < 0 || r.newSelf() > c.selfHeld() || r.restoring() && !unchanged) {
            return review(c, r.restoring() ? "RESTORED_SPLIT_DIFFERS" : "PATIENT_SHARE_INCREASED");
        }
        long total = fundBack + accountBack + comBack + selfBack;
        Map<String, Object> result = new HashMap<>(Map.of("status", r.restoring() ? "FAILED" : "SUCCEEDED", "stage", Stage.DONE,
                "fund_refund_fen", fundBack, "account_refund_fen", accountBack, "insurance_refund_fen", fundBack + accountBack,
                "commercial_refund_fen", comBack, "self_pay_refund_fen", selfBack, "amount_fen", total, "completed_at", store.now()));
        if (!r.restoring()) result.put("failure_code", null);
        return store.inTransaction(moveLegs(c, fundBack + accountBack, comBack)
                        .then(selfBack > 0 ? store.addLegRefund(c.self().legId(), selfBack) : Mono.empty())
                        .then(total > 0 ? store.refunded(c.p().paymentId(), total) : Mono.empty())
                        .then(rows.update(r.refundId(), result)))
                .thenReturn(false);
    }

    /** The legs now hold the new settlement and claim: their request ids and references follow them. */
    private Mono<Void> moveLegs(Ctx c, long insBack, long comBack) {
        Row r = c.row();
        Mono<Void> ins = rows.moveLeg(c.ins().legId(), r.resettleMsgid(), r.newSetlId(), insBack);
        if (c.com() == null) return ins;
        boolean reclaimed = r.claimRef() != null;
        return ins.then(rows.moveLeg(c.com().legId(), reclaimed ? r.claimNo() : c.com().requestId(),
                reclaimed ? r.claimRef() : c.com().vendorRef(), comBack));
    }

    /** The new settlement stands but its split is not what the rule allows: booked as it is, for finance to look at. */
    private Mono<Boolean> review(Ctx c, String code) {
        log.warn("item refund {} of payment {} needs review: {}", c.row().refundId(), c.p().paymentId(), code);
        Map<String, Object> result = new HashMap<>(Map.of("status", "NEEDS_REVIEW", "stage", Stage.DONE, "failure_code", code,
                "completed_at", store.now()));
        return store.inTransaction(moveLegs(c, 0, 0).then(rows.update(c.row().refundId(), result))).thenReturn(false);
    }

    private Mono<Boolean> advance(Ctx c, Stage next, Map<String, Object> columns) {
        Map<String, Object> all = new HashMap<>(columns);
        all.put("stage", next);
        if (!c.row().restoring()) all.put("failure_code", null);
        return rows.update(c.row().refundId(), all).thenReturn(true);
    }

    private Mono<Boolean> waiting(Ctx c, String code) {
        return rows.update(c.row().refundId(), Map.of("failure_code", c.row().restoring() ? WOULD_CHARGE_PATIENT + ":" + code : code))
                .thenReturn(false);
    }

    private Mono<Boolean> end(Ctx c, String status, String code) {
        return rows.update(c.row().refundId(), Map.of("status", status, "failure_code", code, "completed_at", store.now()))
                .thenReturn(false);
    }

    // ------------------------------------------------------------------ requests

    private InsurancePort.PreSettleRequest request(Ctx c, Row r) {
        PaymentRow p = c.p();
        var certType = InsurancePort.CertType.valueOf(p.certType());
        String certNo = new String(box.open(p.certEnc()), StandardCharsets.UTF_8);
        return new InsurancePort.PreSettleRequest(person(p), certType, certNo, p.billNo(), r.batchNo(), Bill.MedType.valueOf(p.medType()),
                r.keptItems(), Money.ofFen(r.keptTotal()));
    }

    private CommercialPort.ClaimRequest claimRequest(Ctx c, long fund, long account) {
        Row r = c.row();
        return new CommercialPort.ClaimRequest(seal.open(c.p().commercial().insuredEnc()), c.p().billNo(), Money.ofFen(r.keptTotal()),
                Money.ofFen(fund), Money.ofFen(account), r.keptItems());
    }

    private <O extends Outcome<?>> Mono<O> attempt(PaymentRow p, LegRow leg, String channel, String operation, String requestId,
                                                   Mono<O> call) {
        return store.attemptSent(p.paymentId(), leg.legId(), channel, operation, requestId)
                .flatMap(a -> call.flatMap(o -> store.attemptAnswered(a, kind(o), detail(o)).thenReturn(o)));
    }

    private static String kind(Outcome<?> o) {
        return switch (o) {
            case Outcome.Succeeded<?> s -> "SUCCEEDED";
            case Outcome.Declined<?> d -> "DECLINED";
            case Outcome.Pending<?> x -> "PENDING";
            case Outcome.Unknown<?> u -> "UNKNOWN";
        };
    }

    private static String detail(Outcome<?> o) {
        return o instanceof Outcome.Declined<?> d ? d.code() : null;
    }

    static InsurancePort.Person person(PaymentRow p) {
        return new InsurancePort.Person(p.psnNo(), null, p.insutype(), p.insuplcAdmdvs());
    }

    /** The claim cancel number of an item refund: 'K' + the refund id's 31 last hex digits. */
    static String cancelNo(UUID refundId) {
        return "K" + hex(refundId, 31);
    }

    static String hex(UUID id, int digits) {
        String all = id.toString().replace("-", "");
        return all.substring(all.length() - digits);
    }
}
