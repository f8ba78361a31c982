package org.hospay.gateway.payment;

import java.time.Duration;
import java.util.UUID;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The counterparty calls of an amount refund, one per leg, each written down as an attempt before it is sent and
 * answered after: the 2208 cancel of the settlement, the commercial claim's cancel, the self-pay part's refund.
 */
@Component
class RefundCalls {

    private final PaymentRepository store;
    private final InsurancePort insurance;
    private final CommercialPort commercial;
    private final SelfPayRefunds selfPay;
    private final MobileOrders mobileOrders;

    RefundCalls(PaymentRepository store, InsurancePort insurance, CommercialPort commercial, SelfPayRefunds selfPay, MobileOrders mobileOrders) {
        this.mobileOrders = mobileOrders;
        this.store = store;
        this.insurance = insurance;
        this.commercial = commercial;
        this.selfPay = selfPay;
    }

    /** Cancels the commercial claim under a cancel number of this refund's, the same on every retry. */
    Mono<Outcome<?>> cancelClaim(UUID refundId, LegRow leg) {
        String outCancelNo = "K" + refundId.toString().replace("-", "").substring(1);
        return store.attemptSent(leg.paymentId(), leg.legId(), leg.channel(), "REFUND_CLAIM_CANCEL", outCancelNo)
                .flatMap(a -> commercial.cancel(outCancelNo, leg.requestId(), "refund")
                        // Cancelled already: the insurer has its money back either way.
                        .map(o -> o instanceof Outcome.Declined<?> d && "ALREADY_CANCELLED".equals(d.code())
                                ? Outcome.<CommercialPort.Claim>succeeded(null) : o)
                        .flatMap(o -> store.attemptAnswered(a, kind(o), null).thenReturn((Outcome<?>) o)));
    }

    Mono<Outcome<?>> cancelInsurance(UUID refundId, PaymentRow p, LegRow leg) {
        if (LegType.of(leg) == LegType.MOBILE_SETTLEMENT) return refundMobile(refundId, p, leg);
        var person = new InsurancePort.Person(p.psnNo(), null, p.insutype(), p.insuplcAdmdvs());
        String msgId = insurance.newMsgId();
        return store.attemptSent(p.paymentId(), leg.legId(), "INSURANCE", "REFUND_CANCEL_2208", msgId)
                .flatMap(a -> insurance.cancelSettlement(person, p.mdtrtId(), leg.vendorRef(), msgId)
                        // A retry after an unanswered 2208 (a new msgid): the settlement cancelled already is this refund's
                        // own earlier cancel, whose answer was lost; the fund and the account have their money back.
                        .map(o -> o instanceof Outcome.Declined<Void> d && "ALREADY_CANCELLED".equals(d.code())
                                ? Outcome.<Void>succeeded(null) : o)
                        .flatMap(o -> store.attemptAnswered(a, kind(o), o instanceof Outcome.Declined<Void> d ? d.code() : null)
                                .thenReturn((Outcome<?>) o)));
    }

    /**
     * A phone payment's insurance part goes back by 6203 (refdType HI: fund + account) under a refund number of this
     * refund's, the same on every retry: the platform answers a repeat with the first refund.
     */
    private Mono<Outcome<?>> refundMobile(UUID refundId, PaymentRow p, LegRow leg) {
        String appRefdSn = "H" + refundId.toString().replace("-", "").substring(1);
        Money fund = Money.ofFen(p.fundPayFen() == null ? 0 : p.fundPayFen());
        Money account = Money.ofFen(p.accountPayFen() == null ? 0 : p.accountPayFen());
        if (!fund.plus(account).isPositive()) return Mono.just(Outcome.succeeded(null));
        return store.attemptSent(p.paymentId(), leg.legId(), leg.channel(), "REFUND_6203", appRefdSn)
                .flatMap(a -> mobileOrders.of(p.paymentId())
                        .flatMap(o -> insurance.mobileRefundInsurance(o.payOrdId(), appRefdSn, fund, account))
                        .flatMap(o -> store.attemptAnswered(a, kind(o), o instanceof Outcome.Declined<Void> d ? d.code() : null)
                                .thenReturn((Outcome<?>) o)));
    }

    Mono<Outcome<?>> refundSelf(UUID refundId, LegRow leg, long fen) {
        String outRefundNo = SelfPayRefunds.outRefundNo(refundId);
        Mono<Outcome<?>> refund = Mono.defer(() -> selfPay.refund(leg, outRefundNo, Money.ofFen(fen)));
        return store.attemptSent(leg.paymentId(), leg.legId(), leg.channel(), "REFUND", outRefundNo)
                .flatMap(a -> refund.flatMap(o -> store.attemptAnswered(a, kind(o), null).thenReturn(o)))
                .flatMap(o -> o instanceof Outcome.Unknown<?> || o instanceof Outcome.Pending<?>
                        ? Mono.delay(Duration.ofSeconds(1)).then(refund).map(SelfPayRefunds::stillUnknownIfNotSent)
                        : Mono.just(o));
    }

    static String kind(Outcome<?> o) {
        return switch (o) {
            case Outcome.Succeeded<?> s -> "SUCCEEDED";
            case Outcome.Declined<?> d -> "DECLINED";
            case Outcome.Pending<?> x -> "PENDING";
            case Outcome.Unknown<?> u -> "UNKNOWN";
        };
    }
}
