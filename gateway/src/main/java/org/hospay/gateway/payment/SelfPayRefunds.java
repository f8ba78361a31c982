package org.hospay.gateway.payment;

import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Refunds part of a self-pay leg on the channel that charged it, under a refund number that stays the same
 * on every try (so a retry is recognised as the same refund). Used by amount refunds ({@link RefundService})
 * and item refunds ({@link Resettlement}) alike.
 */
@Component
class SelfPayRefunds {

    private final ChargePort charges;
    private final ProxyPort proxy;
    private final CreditPort credit;

    SelfPayRefunds(ChargePort charges, ProxyPort proxy, CreditPort credit) {
        this.charges = charges;
        this.proxy = proxy;
        this.credit = credit;
    }

    Mono<Outcome<?>> refund(LegRow leg, String outRefundNo, Money amount) {
        return switch (LegType.of(leg)) {
            case CODE_CHARGE -> charges.refund(SelfPayMethod.valueOf(leg.channel()).codeChannel().orElseThrow(), leg.requestId(),
                    outRefundNo, amount, Money.ofFen(leg.amountFen())).map(o -> o);
            // A family-proxy leg is refunded to the account of the payer whose agreement paid it.
            case WITHHOLDING -> proxy.refund(leg.requestId(), outRefundNo, amount).map(o -> o);
            // A credit leg: the line is restored; before the batch it leaves the batch, after it the bank gets a credit refund.
            case CREDIT -> credit.refund(leg.requestId(), outRefundNo, amount).map(o -> o);
            // An in-app order is refunded like any order of its channel.
            case IN_APP -> charges.refund(SelfPayMethod.valueOf(leg.channel()).appChannel().orElseThrow(), leg.requestId(),
                    outRefundNo, amount, Money.ofFen(leg.amountFen())).map(o -> o);
            case INSURANCE_SETTLEMENT, MOBILE_SETTLEMENT, COMMERCIAL_CLAIM ->
                    Mono.error(new IllegalStateException("leg " + leg.legId() + " (" + leg.channel() + ") is not a self-pay charge"));
        };
    }

    /** Declines that mean the request never reached the channel. */
    private static final java.util.Set<String> NOT_SENT = java.util.Set.of(org.hospay.channels.DeclineCodes.CHANNEL_UNAVAILABLE,
            org.hospay.channels.DeclineCodes.CHANNEL_BUSY);

    /**
     * A retry of a refund whose first try is unknown, answered "not sent" (channel unreachable, circuit open, busy):
     * still unknown, not failed; failing it would free its amount for a second refund under another number.
     */
    static Outcome<?> stillUnknownIfNotSent(Outcome<?> o) {
        return o instanceof Outcome.Declined<?> d && NOT_SENT.contains(d.code()) ? Outcome.unknown("refund retry not sent: " + d.code()) : o;
    }

    /** The refund number of a refund's self-pay part: 'R' + the refund id's 31 last hex digits. */
    static String outRefundNo(java.util.UUID refundId) {
        return "R" + refundId.toString().replace("-", "").substring(1);
    }
}
