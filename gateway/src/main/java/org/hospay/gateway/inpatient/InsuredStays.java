package org.hospay.gateway.inpatient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.Bill;
import org.hospay.gateway.payment.InpatientInsurancePort;
import org.hospay.gateway.payment.InpatientInsurancePort.InsuredStay;
import org.hospay.gateway.payment.InsurancePort;
import org.hospay.gateway.support.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The insured stay's steps at the insurance platform (docs/api.md §13.6), each one idempotent so that the request,
 * a retry or recovery may run it again: 2401 with the msgid written at admission, fee batches by their own msgids
 * (cancels first: 2302, then 2301), 2402 and 2304 with the msgids written when the discharge began, 2305 with the one
 * written when the cancel began. A step whose outcome is unknown fails with {@link Unfinished}: the stay stays where it
 * is and recovery takes it up again.
 */
@Component
class InsuredStays {

    private static final Logger log = LoggerFactory.getLogger(InsuredStays.class);
    private static final TypeReference<List<Bill.Line>> LINES = new TypeReference<>() {};

    /** A platform step with no answer yet (unknown outcome, or the platform unreachable): left for recovery. */
    static final class Unfinished extends RuntimeException {
        Unfinished(String message) {
            super(message, null, false, false);
        }
    }

    private final StayStore store;
    private final InpatientInsurancePort port;
    private final SecretBox box;
    private final JsonMapper json;

    InsuredStays(StayStore store, InpatientInsurancePort port, SecretBox box, JsonMapper json) {
        this.store = store;
        this.port = port;
        this.box = box;
        this.json = json;
    }

    String newMsgId() {
        return port.newMsgId();
    }

    byte[] seal(String certNo) {
        return box.seal(certNo.getBytes(StandardCharsets.UTF_8));
    }

    InsuredStay of(Stay s) {
        Stay.Insurance i = s.ins();
        return new InsuredStay(i.psnNo(), i.insutype(), i.insuplcAdmdvs(), InsurancePort.CertType.valueOf(i.certType()),
                new String(box.open(i.certEnc()), StandardCharsets.UTF_8), i.mdtrtId());
    }

    /** 2401 with the stay's msgid: ADMITTED with its mdtrt_id, or the platform's refusal (Declined) for the caller to act on. */
    Mono<Outcome<String>> admit(Stay s) {
        return port.admit(s.ins().admitMsgid(), of(s), s.admissionNo(), s.ward(), s.bed())
                .flatMap(o -> o instanceof Outcome.Succeeded<String> ok ? store.insAdmitted(s.stayId(), ok.value()).thenReturn(o) : Mono.just(o));
    }

    /** Recovery of an admission: 2401 again with the same msgid; a refusal now marks the stay REFUSED (deposits may exist). */
    Mono<Void> finishAdmission(Stay s) {
        return admit(s).flatMap(o -> o instanceof Outcome.Declined<String> d
                ? store.insRefused(s.stayId(), d.code() + ": " + d.message()) : Mono.empty());
    }

    /** Sends the stay's open fee batches (cancels first), one after the other; an unanswered one stops the pass (Unfinished). */
    Mono<Void> syncFees(Stay s) {
        if (s.ins().mdtrtId() == null) return Mono.empty();
        return store.openFeeBatches(s.stayId())
                .concatMap(b -> "CANCELLING".equals(b.status()) ? cancelBatch(s, b) : uploadBatch(s, b))
                .then();
    }

    /** {@link #syncFees}, its failure logged: the fees request answers at once and recovery or the discharge go on. */
    Mono<Void> syncFeesQuietly(Stay s) {
        return syncFees(s).onErrorResume(e -> {
            log.info("fee batches of stay {} not all at the platform yet: {}", s.stayId(), e.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> uploadBatch(Stay s, StayStore.FeeBatchRow b) {
        List<Bill.Line> lines = json.readValue(b.itemsJson(), LINES);
        return port.uploadFees(b.uploadMsgid(), of(s), b.batchNo(), lines).flatMap(o -> switch (o) {
            case Outcome.Succeeded<Void> ok -> store.feeBatchStatus(s.stayId(), b.batchNo(), "PENDING", "UPLOADED", null);
            case Outcome.Declined<Void> d -> DeclineCodes.CHANNEL_UNAVAILABLE.equals(d.code()) || DeclineCodes.CHANNEL_BUSY.equals(d.code())
                    ? Mono.error(new Unfinished("2301 of batch " + b.batchNo() + " not sent: " + d.code()))
                    : store.feeBatchStatus(s.stayId(), b.batchNo(), "PENDING", "DECLINED", d.code() + ": " + d.message());
            default -> Mono.error(new Unfinished("2301 of batch " + b.batchNo() + " unanswered"));
        });
    }

    private Mono<Void> cancelBatch(Stay s, StayStore.FeeBatchRow b) {
        return port.cancelFees(b.cancelMsgid(), of(s), b.batchNo(), b.lineCount()).flatMap(o -> switch (o) {
            case Outcome.Succeeded<Void> ok -> store.inTransaction(store.lock(s.stayId()).then(store.deleteFeeBatch(s.stayId(), b.batchNo()))).then();
            // Refused (the stay is settled meanwhile): the batch is as uploaded, with the reason.
            case Outcome.Declined<Void> d -> DeclineCodes.CHANNEL_UNAVAILABLE.equals(d.code()) || DeclineCodes.CHANNEL_BUSY.equals(d.code())
                    ? Mono.error(new Unfinished("2302 of batch " + b.batchNo() + " not sent: " + d.code()))
                    : store.feeBatchStatus(s.stayId(), b.batchNo(), "CANCELLING", "UPLOADED", d.code() + ": " + d.message());
            default -> Mono.error(new Unfinished("2302 of batch " + b.batchNo() + " unanswered"));
        });
    }

    /** What the discharge's platform steps came to. */
    sealed interface Settled {
        record Made(InpatientInsurancePort.Settlement settlement) implements Settled {}

        /** The platform refused: {@code insStage} is where the stay is there now (its discharge undone or not). */
        record Refused(String reason, Stay.InsStage insStage) implements Settled {}
    }

    /**
     * The discharge at the platform, from wherever the stay is: fee batches sent, 2402, 2304. A refused 2402 or a refused
     * batch stops before any discharge; a refused 2304 undoes the discharge (2405) first. An unknown 2304 is looked up
     * (5203, by its msgid); if the platform holds none, the same msgid is sent again, which it answers once.
     */
    Mono<Settled> settle(Stay s) {
        return syncFees(s)
                .then(store.declinedFeeBatches(s.stayId()))
                .flatMap(declined -> declined > 0
                        ? Mono.just((Settled) new Settled.Refused("a fee batch was refused by the insurance platform; cancel and correct it",
                                s.ins().stage()))
                        : store.find(s.stayId()).flatMap(this::dischargeAndSettle));
    }

    private Mono<Settled> dischargeAndSettle(Stay s) {
        return switch (s.ins().stage()) {
            case ADMITTED -> port.discharge(s.ins().dscgMsgid(), of(s)).flatMap(o -> switch (o) {
                case Outcome.Succeeded<Void> ok -> store.insStage(s.stayId(), Stay.InsStage.ADMITTED, Stay.InsStage.DISCHARGED)
                        .then(store.find(s.stayId())).flatMap(this::dischargeAndSettle);
                case Outcome.Declined<Void> d when !transientDecline(d) ->
                        Mono.just(new Settled.Refused("2402 " + d.code() + ": " + d.message(), Stay.InsStage.ADMITTED));
                default -> Mono.error(new Unfinished("2402 unanswered"));
            });
            case DISCHARGED -> settle2304(s, true);
            default -> Mono.error(new IllegalStateException("stay " + s.stayId() + " cannot settle from " + s.ins().stage()));
        };
    }

    private Mono<Settled> settle2304(Stay s, boolean lookFirst) {
        InsuredStay who = of(s);
        String msgid = s.ins().setlMsgid();
        Mono<Outcome<InpatientInsurancePort.Settlement>> call = port.settle(msgid, who, Money.ofFen(s.feesFen()));
        return call.flatMap(o -> switch (o) {
            case Outcome.Succeeded<InpatientInsurancePort.Settlement> ok -> Mono.just((Settled) new Settled.Made(ok.value()));
            case Outcome.Declined<InpatientInsurancePort.Settlement> d when !transientDecline(d) -> undoDischarge(s, "2304 " + d.code() + ": " + d.message());
            default -> port.findSettlement(who, msgid).flatMap(found -> switch (found) {
                case Outcome.Succeeded<InpatientInsurancePort.Settlement> ok -> Mono.just((Settled) new Settled.Made(ok.value()));
                // Never took effect: the same msgid once more (a late original and this one are one message to the platform).
                case Outcome.Declined<InpatientInsurancePort.Settlement> none when DeclineCodes.ORDER_NOT_FOUND.equals(none.code()) && lookFirst ->
                        settle2304(s, false);
                default -> Mono.error(new Unfinished("2304 " + msgid + " of stay " + s.stayId() + " unanswered"));
            });
        });
    }

    private Mono<Settled> undoDischarge(Stay s, String reason) {
        return port.cancelDischarge(port.newMsgId(), of(s)).flatMap(o -> o instanceof Outcome.Succeeded<Void>
                ? store.insStage(s.stayId(), Stay.InsStage.DISCHARGED, Stay.InsStage.ADMITTED)
                        .thenReturn((Settled) new Settled.Refused(reason, Stay.InsStage.ADMITTED))
                : o instanceof Outcome.Declined<Void> d && !transientDecline(d)
                        // the platform keeps its discharge: the next discharge's 2402 is answered as done
                        ? Mono.just((Settled) new Settled.Refused(reason, Stay.InsStage.DISCHARGED))
                        : Mono.error(new Unfinished("2405 after a refused 2304 unanswered")));
    }

    /** What the cancel's platform steps came to: cancelled (and where the discharge is), or refused. */
    sealed interface Cancelled {
        record Done(Stay.InsStage insStage) implements Cancelled {}

        record Refused(String reason) implements Cancelled {}
    }

    /** 2305 with the cancel's msgid (an unknown answer looked up by 5203), then 2405 for the discharge. */
    Mono<Cancelled> cancel(Stay s) {
        return switch (s.ins().stage()) {
            case SETTLED -> port.cancelSettlement(s.ins().cancelMsgid(), of(s), s.ins().setlId()).flatMap(o -> switch (o) {
                case Outcome.Succeeded<Void> ok -> settlementGone(s);
                case Outcome.Declined<Void> d when !transientDecline(d) -> port.settlementValid(of(s), s.ins().setlId())
                        .flatMap(v -> v instanceof Outcome.Succeeded<Boolean> valid && !valid.value() ? settlementGone(s)
                                : Mono.just((Cancelled) new Cancelled.Refused("2305 " + d.code() + ": " + d.message())));
                default -> port.settlementValid(of(s), s.ins().setlId()).flatMap(v -> v instanceof Outcome.Succeeded<Boolean> valid
                        && !valid.value() ? settlementGone(s) : Mono.error(new Unfinished("2305 " + s.ins().cancelMsgid() + " unanswered")));
            });
            case DISCHARGED -> port.cancelDischarge(port.newMsgId(), of(s)).flatMap(o -> switch (o) {
                case Outcome.Succeeded<Void> ok -> Mono.just((Cancelled) new Cancelled.Done(Stay.InsStage.ADMITTED));
                // the platform keeps the discharge (another stay is open): the next discharge finds it done
                case Outcome.Declined<Void> d when !transientDecline(d) -> Mono.just((Cancelled) new Cancelled.Done(Stay.InsStage.DISCHARGED));
                default -> Mono.error(new Unfinished("2405 unanswered"));
            });
            default -> Mono.just(new Cancelled.Done(s.ins().stage()));
        };
    }

    private Mono<Cancelled> settlementGone(Stay s) {
        return store.insStage(s.stayId(), Stay.InsStage.SETTLED, Stay.InsStage.DISCHARGED)
                .then(store.find(s.stayId())).flatMap(this::cancel);
    }

    private static boolean transientDecline(Outcome.Declined<?> d) {
        return DeclineCodes.CHANNEL_UNAVAILABLE.equals(d.code()) || DeclineCodes.CHANNEL_BUSY.equals(d.code());
    }
}
