package org.hospay.gateway.inpatient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Discharge at the bedside (docs/api.md §13.4), deposit withdrawals during the stay, and settlement cancel. Every step is
 * a row in PostgreSQL before it acts: the settlement slip and the refund rows it decides are written in one transaction
 * with the stay's new state; each refund then goes out through the engine's refunds; recovery ({@link InpatientRecovery})
 * finishes what a crash or an unanswered channel left, under the stay's lease.
 */
@Service
class Discharges {

    private static final Logger log = LoggerFactory.getLogger(Discharges.class);

    private final StayStore store;
    private final Stays stays;
    private final DepositRefunds refunds;
    private final InpatientProperties props;
    private final InsuredStays insured;
    private final JsonMapper json;
    private final String owner = "inpatient-" + UUID.randomUUID();

    Discharges(StayStore store, Stays stays, DepositRefunds refunds, InpatientProperties props, InsuredStays insured, JsonMapper json) {
        this.insured = insured;
        this.json = json;
        this.store = store;
        this.stays = stays;
        this.refunds = refunds;
        this.props = props;
    }

    /** What a withdrawal answers: the refund rows it made, and the stay after them. */
    record Withdrawal(UUID batchId, long amountFen, List<StayView.RefundView> refunds, StayView stay) {}

    /**
     * Settles the stay (self-pay: the fees are the self-pay part) against what its deposits hold, in one transaction:
     * the slip, then refund rows for the difference (newest deposit first) or the shortfall to collect; then the refunds go
     * out. Answers within {@code answer-within}, the work going on detached.
     */
    Mono<StayView> discharge(Terminal t, UUID stayId) {
        return stays.stay(t, stayId).flatMap(s -> s.insured() ? dischargeInsured(t, stayId) : dischargeSelfPay(t, stayId));
    }

    private static ApiException alreadyDischarging(Stay s) {
        if (s.status() == Stay.Status.DISCHARGED) {
            return ApiException.conflict("STAY_ALREADY_DISCHARGED", "stay " + s.stayId() + " is discharged", Map.of("status", s.status().name()));
        }
        if (s.status() == Stay.Status.DISCHARGING) {
            return ApiException.conflict("DISCHARGE_IN_PROGRESS", "stay " + s.stayId() + " is being discharged (" + s.stage() + ")",
                    Map.of("status", s.status().name(), "stage", s.stage().name()));
        }
        return null;
    }

    /**
     * An insured stay's discharge (§13.6): in one transaction the stay is DISCHARGING / SETTLING with the 2402 and 2304
     * msgids written down; then its fee batches, 2402 and 2304 go to the platform ({@link InsuredStays#settle}); the
     * settlement's fund and personal-account parts are the platform's and its cash part is the self-pay part, settled
     * against the deposits as for a self-pay stay. A refusal puts the stay back to ADMITTED (422 INSURANCE_SETTLEMENT_REFUSED);
     * an unanswered step is finished by recovery (202, stage SETTLING).
     */
    private Mono<StayView> dischargeInsured(Terminal t, UUID stayId) {
        Mono<Void> begin = store.inTransaction(store.lock(stayId).flatMap(s -> stays.book(s).flatMap(book -> {
            ApiException busy = alreadyDischarging(s);
            if (busy != null) return Mono.<Void>error(busy);
            if (book.anyInProgress(store.now().minus(props.depositAbandonedAfter()))) {
                return Mono.<Void>error(ApiException.conflict("DEPOSIT_IN_PROGRESS",
                        "a deposit of this stay is still being paid; discharge once it has an answer"));
            }
            if (s.ins().stage() == Stay.InsStage.ADMITTING) {
                return Mono.<Void>error(ApiException.conflict("INSURANCE_ADMISSION_PENDING",
                        "the insurance platform has not confirmed the admission yet; discharge once it has"));
            }
            if (s.ins().stage() == Stay.InsStage.REFUSED) {
                return Mono.<Void>error(ApiException.conflict("INSURANCE_NOT_ADMITTED",
                        "the insurance platform refused this stay's admission: " + s.ins().failure()));
            }
            if (s.feesFen() == 0) {
                return Mono.<Void>error(ApiException.conflict("NO_FEES", "an insured stay is settled on its fees; none are uploaded"));
            }
            return store.insDischarging(stayId, insured.newMsgId(), insured.newMsgId(), t, owner, props.lease());
        })));
        return begin
                .then(answerWithin(Mono.defer(() -> settleInsured(stayId).then(finish(stayId)))
                        .doFinally(x -> store.release(stayId, owner).subscribe()), stayId))
                .then(stays.stay(t, stayId))
                .flatMap(s -> s.status() == Stay.Status.ADMITTED && s.ins().failure() != null
                        ? Mono.error(ApiException.unprocessable("INSURANCE_SETTLEMENT_REFUSED", "the insurance platform refused the "
                                + "discharge settlement; the stay is ADMITTED again: " + s.ins().failure()))
                        : stays.view(s));
    }

    /** The platform steps of an insured discharge, then its slip and deposit refunds written in one transaction. */
    private Mono<Void> settleInsured(UUID stayId) {
        return store.find(stayId)
                .filter(s -> s.status() == Stay.Status.DISCHARGING && s.stage() == Stay.Stage.SETTLING)
                .flatMap(s -> insured.settle(s).flatMap(r -> switch (r) {
                    case InsuredStays.Settled.Made m -> recordSettlement(stayId, m.settlement());
                    case InsuredStays.Settled.Refused f -> {
                        log.warn("stay {}: the insurance platform refused the discharge: {}", stayId, f.reason());
                        yield store.insBackToStay(stayId, f.insStage(), f.reason()).then();
                    }
                }));
    }

    private Mono<Void> recordSettlement(UUID stayId, org.hospay.gateway.payment.InpatientInsurancePort.Settlement st) {
        return store.inTransaction(store.lock(stayId).flatMap(s -> {
            if (s.stage() != Stay.Stage.SETTLING || s.ins().stage() != Stay.InsStage.DISCHARGED) return Mono.<Void>empty();
            return stays.book(s).flatMap(book -> {
                long fund = st.fundPay().fen();
                long account = st.accountPay().fen();
                long selfPay = st.cashPay().fen();
                long total = fund + account + selfPay;
                long held = book.heldFen();
                long refund = Math.max(held - selfPay, 0);
                long shortfall = Math.max(selfPay - held, 0);
                Stay.Stage next = refund > 0 ? Stay.Stage.REFUNDING : shortfall > 0 ? Stay.Stage.COLLECTING : Stay.Stage.DONE;
                Stay.Status status = next == Stay.Stage.DONE ? Stay.Status.DISCHARGED : Stay.Status.DISCHARGING;
                Terminal by = new Terminal(s.dischargedBy(), Terminal.Kind.valueOf(s.ins().dischargedKind()), s.hospitalId(),
                        s.ins().dischargedWindow());
                String pooling = st.pooling() == null ? null : json.writeValueAsString(st.pooling());
                return store.insSettlement(stayId, st.setlId(), pooling, total, fund, account)
                        .then(store.settled(stayId, total, fund, account, selfPay, held, refund, shortfall, status, next, by.terminalId(),
                                owner, props.lease()))
                        .then(plan(by, s, book, refund, "DISCHARGE", UUID.nameUUIDFromBytes((stayId + "\ndischarge\n" + s.round())
                                .getBytes(StandardCharsets.UTF_8))));
            });
        }));
    }

    private Mono<StayView> dischargeSelfPay(Terminal t, UUID stayId) {
        Mono<Void> settle = store.inTransaction(store.lock(stayId).flatMap(s -> stays.book(s).flatMap(book -> {
            if (s.status() == Stay.Status.DISCHARGED) {
                return Mono.<Void>error(ApiException.conflict("STAY_ALREADY_DISCHARGED", "stay " + stayId + " is discharged",
                        Map.of("status", s.status().name())));
            }
            if (s.status() == Stay.Status.DISCHARGING) {
                return Mono.<Void>error(ApiException.conflict("DISCHARGE_IN_PROGRESS", "stay " + stayId + " is being discharged ("
                        + s.stage() + ")", Map.of("status", s.status().name(), "stage", s.stage().name())));
            }
            if (book.anyInProgress(store.now().minus(props.depositAbandonedAfter()))) {
                return Mono.<Void>error(ApiException.conflict("DEPOSIT_IN_PROGRESS",
                        "a deposit of this stay is still being paid; discharge once it has an answer"));
            }
            long total = s.feesFen();
            long selfPay = total; // a self-pay stay: no fund, no personal account
            long held = book.heldFen();
            long refund = Math.max(held - selfPay, 0);
            long shortfall = Math.max(selfPay - held, 0);
            Stay.Stage next = refund > 0 ? Stay.Stage.REFUNDING : shortfall > 0 ? Stay.Stage.COLLECTING : Stay.Stage.DONE;
            Stay.Status status = next == Stay.Stage.DONE ? Stay.Status.DISCHARGED : Stay.Status.DISCHARGING;
            Mono<Void> rows = plan(t, s, book, refund, "DISCHARGE", UUID.nameUUIDFromBytes((stayId + "\ndischarge\n" + s.round())
                    .getBytes(StandardCharsets.UTF_8)));
            return store.settled(stayId, total, 0, 0, selfPay, held, refund, shortfall, status, next, t.terminalId(), owner, props.lease())
                    .then(rows);
        })));
        return stays.stay(t, stayId)
                .then(settle)
                .then(answerWithin(Mono.defer(() -> finish(stayId)).doFinally(x -> store.release(stayId, owner).subscribe()), stayId))
                .then(stays.view(t, stayId));
    }

    /** A refund of part of the deposits during the stay (the patient takes money back); at most what they hold. */
    Mono<Withdrawal> withdraw(Terminal t, UUID stayId, String key, java.math.BigDecimal amountFen) {
        return Mono.defer(() -> {
            Stays.requireKey(key);
            long fen = Stays.amount(amountFen, Stays.MAX_DEPOSIT_FEN);
            UUID batchId = UUID.nameUUIDFromBytes((stayId + "\nwithdraw\n" + t.terminalId() + "\n" + key).getBytes(StandardCharsets.UTF_8));
            Mono<Void> decide = store.inTransaction(store.lock(stayId).flatMap(s -> store.refundsOfBatch(batchId).hasElements()
                    .flatMap(seen -> seen ? Mono.<Void>empty() : stays.book(s).flatMap(book -> {
                        if (s.status() != Stay.Status.ADMITTED) {
                            return Mono.<Void>error(ApiException.conflict("STAY_NOT_ADMITTED", "stay " + stayId + " is " + s.status()
                                    + "; its deposits are settled by the discharge", Map.of("status", s.status().name())));
                        }
                        if (fen > book.heldFen()) {
                            return Mono.<Void>error(ApiException.unprocessable("REFUND_EXCEEDS_DEPOSITS", "the deposits hold "
                                    + book.heldFen() + " fen", Map.of("refundableFen", book.heldFen())));
                        }
                        return plan(t, s, book, fen, "WITHDRAWAL", batchId);
                    }))));
            return stays.stay(t, stayId)
                    .then(decide)
                    .then(store.lease(stayId, owner, props.lease()))
                    .flatMap(leased -> leased ? answerWithin(refunds.drive(stayId).doFinally(x -> store.release(stayId, owner).subscribe()), stayId)
                            : Mono.<Void>empty())
                    .then(Mono.zip(store.refundsOfBatch(batchId).collectList(), stays.view(t, stayId)))
                    .map(x -> new Withdrawal(batchId, x.getT1().stream().mapToLong(RefundRow::amountFen).sum(),
                            x.getT1().stream().map(StayView::refund).toList(), x.getT2()));
        });
    }

    /**
     * Settlement cancel (corrections): a discharged stay is ADMITTED again with its slip cleared; what the patient paid
     * stays as deposits and what was refunded stays refunded, so the next discharge settles from the true balance.
     */
    Mono<StayView> cancel(Terminal t, UUID stayId) {
        return stays.stay(t, stayId).flatMap(s -> {
            if (s.status() == Stay.Status.DISCHARGING) {
                return Mono.error(ApiException.conflict("DISCHARGE_IN_PROGRESS", "stay " + stayId + " is still being discharged ("
                        + s.stage() + "); cancel once it is done", Map.of("stage", s.stage().name())));
            }
            if (s.status() != Stay.Status.DISCHARGED) {
                return Mono.error(ApiException.conflict("STAY_NOT_DISCHARGED", "stay " + stayId + " has no settlement to cancel",
                        Map.of("status", s.status().name())));
            }
            if (s.insured()) return cancelInsured(t, s);
            return store.reopened(stayId).flatMap(done -> done ? stays.view(t, stayId)
                    : Mono.error(ApiException.conflict("STAY_NOT_DISCHARGED", "stay " + stayId + " changed meanwhile; read it again")));
        });
    }

    /**
     * An insured settlement cancel, undoing in the national order: the settlement (2305, its msgid written down first), then
     * the discharge (2405); then the stay is ADMITTED again like a self-pay one (the deposits hold what they held).
     */
    private Mono<StayView> cancelInsured(Terminal t, Stay s) {
        UUID stayId = s.stayId();
        return store.insCancelling(stayId, insured.newMsgId(), owner, props.lease())
                .flatMap(started -> started ? Mono.<Void>empty()
                        : Mono.error(ApiException.conflict("STAY_NOT_DISCHARGED", "stay " + stayId + " changed meanwhile; read it again")))
                .then(answerWithin(Mono.defer(() -> cancelPlatform(stayId)).doFinally(x -> store.release(stayId, owner).subscribe()), stayId))
                .then(stays.stay(t, stayId))
                .flatMap(after -> after.status() == Stay.Status.DISCHARGED && after.ins().failure() != null
                        ? Mono.error(ApiException.unprocessable("INSURANCE_CANCEL_REFUSED", "the insurance platform refused the "
                                + "settlement cancel; the stay stays DISCHARGED: " + after.ins().failure()))
                        : stays.view(after));
    }

    private Mono<Void> cancelPlatform(UUID stayId) {
        return store.find(stayId)
                .filter(s -> s.status() == Stay.Status.DISCHARGING && s.stage() == Stay.Stage.CANCELLING)
                .flatMap(s -> insured.cancel(s).flatMap(c -> switch (c) {
                    case InsuredStays.Cancelled.Done d -> store.insReopened(stayId, d.insStage()).then();
                    case InsuredStays.Cancelled.Refused r -> store.insCancelRefused(stayId, r.reason());
                }));
    }

    Flux<StayView.RefundView> needingReview(Terminal t) {
        return store.needingReview(t.hospitalId()).map(StayView::refund);
    }

    /** Recovery's entry: the stay's lease taken, its open refunds driven, the discharge closed when it can be. */
    Mono<Void> resume(UUID stayId) {
        return store.lease(stayId, owner, props.lease()).flatMap(leased -> leased
                ? store.find(stayId).flatMap(this::resume).doFinally(x -> store.release(stayId, owner).subscribe())
                : Mono.empty());
    }

    /** From wherever the stay is: its admission at the platform, its fee batches, the settlement or its cancel, its refunds. */
    private Mono<Void> resume(Stay s) {
        if (s.ins().stage() == Stay.InsStage.ADMITTING) return insured.finishAdmission(s);
        Mono<Void> fees = s.status() == Stay.Status.ADMITTED ? insured.syncFees(s) : Mono.empty();
        return fees.then(Mono.defer(() -> switch (s.stage()) {
            case SETTLING -> settleInsured(s.stayId()).then(finish(s.stayId()));
            case CANCELLING -> cancelPlatform(s.stayId());
            default -> finish(s.stayId());
        }));
    }

    /** Drives the refunds (a declined one is tried again at once, up to the attempts), then closes the discharge. */
    private Mono<Void> finish(UUID stayId) {
        Mono<Void> rounds = Flux.range(0, props.refundAttempts())
                .concatMap(i -> refunds.open(stayId).filter(r -> r.status() == RefundRow.Status.PENDING && r.refundId() == null)
                        .hasElements().flatMap(fresh -> fresh || i == 0 ? refunds.drive(stayId) : Mono.empty()))
                .then();
        return rounds.then(store.find(stayId)).flatMap(s -> switch (s.stage()) {
            case REFUNDING -> refunds.open(stayId).filter(r -> r.status() == RefundRow.Status.PENDING).hasElements()
                    .flatMap(open -> open ? Mono.<Void>empty() : store.discharged(stayId, Stay.Stage.REFUNDING).then());
            case COLLECTING -> stays.book(s).flatMap(book -> book.balanceFen() >= 0
                    ? store.discharged(stayId, Stay.Stage.COLLECTING).then() : Mono.<Void>empty());
            default -> Mono.<Void>empty();
        });
    }

    /** Refund rows for {@code fen} over the deposits, newest first, decided by {@code t} under {@code batchId}. */
    private Mono<Void> plan(Terminal t, Stay s, StayBook book, long fen, String reason, UUID batchId) {
        if (fen == 0) return Mono.empty();
        List<RefundRow> rows = new ArrayList<>();
        int seq = 0;
        for (StayBook.Share share : book.split(fen)) {
            rows.add(new RefundRow(UUID.randomUUID(), s.stayId(), share.deposit().depositId(), share.deposit().paymentId(), share.fen(),
                    reason, seq++, RefundRow.Status.PENDING, 0, null, null, store.now(), t.terminalId(), t.kind().name(), t.windowId(),
                    s.hospitalId()));
        }
        return Flux.fromIterable(rows).concatMap(r -> store.insertRefund(r, batchId)).then();
    }

    /** Runs {@code work} detached (a dropped connection never stops it) and waits for it up to answer-within. */
    private Mono<Void> answerWithin(Mono<Void> work, UUID stayId) {
        return Mono.defer(() -> {
            Mono<Void> shared = work.cache();
            shared.subscribe(ok -> { }, e -> log.warn("stay {}: {} (recovery goes on)", stayId, e.toString()));
            return shared.timeout(props.answerWithin()).onErrorResume(TimeoutException.class, e -> Mono.empty());
        });
    }

    Duration recoveryInterval() {
        return props.recoveryInterval();
    }
}
