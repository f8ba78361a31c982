package org.hospay.gateway.payment;

import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A family-proxy leg (亲情代付): deducted from the payers bound to the hospital card under their
 * withholding agreements, first payer that can pay; queried, reversed and refunded on the payer's
 * account the deduction came from.
 */
@Component
class WithholdingDriver extends SelfPayDriver {

    private final ProxyPort proxy;

    WithholdingDriver(ProxyPort proxy) {
        this.proxy = proxy;
    }

    @Override
    public LegType type() {
        return LegType.WITHHOLDING;
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> charge(LegCall call) {
        if (!(call.source() instanceof PaymentSource.Card card)) {
            return Mono.just(Outcome.declined("CARD_REQUIRED", "a family-proxy deduction needs the bound hospital card", "NO_CARD"));
        }
        PaymentRow p = call.payment();
        LegRow leg = call.leg();
        return proxy.deduct(new ProxyPort.Deduction(p.paymentId(), card.hospitalId(), card.cardNo(), p.billNo(), leg.requestId(),
                Money.ofFen(leg.amountFen())));
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> query(LegRow leg) {
        return proxy.query(leg.requestId());
    }

    @Override
    Mono<Outcome<ChargePort.Reversal>> reverse(LegRow leg) {
        return proxy.reverse(leg.requestId());
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> refund(LegRow leg, String outRefundNo, Money amount) {
        return proxy.refund(leg.requestId(), outRefundNo, amount);
    }
}
