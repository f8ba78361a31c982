package org.hospay.gateway.payment;

import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A self-pay leg charged on a WeChat, Alipay or UnionPay payment code the patient showed. */
@Component
class CodeChargeDriver extends SelfPayDriver {

    private final ChargePort charges;

    CodeChargeDriver(ChargePort charges) {
        this.charges = charges;
    }

    @Override
    public LegType type() {
        return LegType.CODE_CHARGE;
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> charge(LegCall call) {
        String authCode = switch (call.source()) {
            case PaymentSource.ChannelCode c -> c.authCode();
            case PaymentSource.Insured i -> i.authCode();
            case PaymentSource.Card c -> null;
            case PaymentSource.Phone ph -> null;
        };
        if (authCode == null) {
            return Mono.just(Outcome.declined("PAYMENT_CODE_REQUIRED", "no payment code authorises this charge", "NO_AUTH_CODE"));
        }
        LegRow leg = call.leg();
        return charges.charge(channel(leg), leg.requestId(), authCode, Money.ofFen(leg.amountFen()), "医院缴费 " + call.payment().billNo());
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> query(LegRow leg) {
        return charges.query(channel(leg), leg.requestId());
    }

    @Override
    Mono<Outcome<ChargePort.Reversal>> reverse(LegRow leg) {
        return charges.reverse(channel(leg), leg.requestId());
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> refund(LegRow leg, String outRefundNo, Money amount) {
        return charges.refund(channel(leg), leg.requestId(), outRefundNo, amount, Money.ofFen(leg.amountFen()));
    }

    /** A code-charge leg's channel column names its payment-code channel (LegType.of routes only those here). */
    private static Channel channel(LegRow leg) {
        return SelfPayMethod.valueOf(leg.channel()).codeChannel().orElseThrow();
    }
}
