package org.hospay.gateway.payment;

import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A credit leg (信用就医 / 医后付): the self-pay part put on the hospital card's credit line through
 * {@link CreditPort}; the line is reserved atomically, the bank is paid later in the daily batch. Undone
 * by giving the consumption back (the line is restored; it never reached the bank).
 */
@Component
class CreditDriver extends SelfPayDriver {

    private final CreditPort credit;

    CreditDriver(CreditPort credit) {
        this.credit = credit;
    }

    @Override
    public LegType type() {
        return LegType.CREDIT;
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> charge(LegCall call) {
        if (!(call.source() instanceof PaymentSource.Card card)) {
            return Mono.just(Outcome.declined("CARD_REQUIRED", "a credit consumption needs the enrolled hospital card", "NO_CARD"));
        }
        PaymentRow p = call.payment();
        LegRow leg = call.leg();
        return credit.consume(new CreditPort.Consumption(p.paymentId(), card.hospitalId(), card.cardNo(), p.billNo(), leg.requestId(),
                Money.ofFen(leg.amountFen())));
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> query(LegRow leg) {
        return credit.query(leg.requestId());
    }

    @Override
    Mono<Outcome<ChargePort.Reversal>> reverse(LegRow leg) {
        return credit.reverse(leg.requestId());
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> refund(LegRow leg, String outRefundNo, Money amount) {
        return credit.refund(leg.requestId(), outRefundNo, amount);
    }
}
