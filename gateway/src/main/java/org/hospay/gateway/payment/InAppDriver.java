package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The self-pay leg of a phone payment, paid by the patient in their own app. Sending creates the order and is
 * Pending with the order's pay reference (WeChat prepay_id, kept as the leg's vendor code for the phone to open);
 * the engine then queries it on the channel's in-app schedule ({@code hospay.engine.schedules.WECHAT_APP}) until
 * the patient paid, it failed, or the deadline closes it. A paid order is undone by refund; at the deadline it is
 * closed, and refunded if the patient paid in the last moment.
 */
@Component
class InAppDriver extends SelfPayDriver {

    private final AppPayPort apps;
    private final ChargePort charges;

    InAppDriver(AppPayPort apps, ChargePort charges) {
        this.apps = apps;
        this.charges = charges;
    }

    @Override
    public LegType type() {
        return LegType.IN_APP;
    }

    @Override
    public String sendOperation() {
        return "CREATE_ORDER";
    }

    @Override
    public Mono<Outcome<Booked>> send(LegCall call) {
        if (!(call.source() instanceof PaymentSource.Phone phone)) {
            return Mono.just(Outcome.declined("PAYMENT_CODE_REQUIRED", "an in-app order needs the patient's app account", "NO_PAYER"));
        }
        LegRow leg = call.leg();
        return apps.createOrder(method(leg), leg.requestId(), phone.payerId(), Money.ofFen(leg.amountFen()), "医院缴费 " + call.payment().billNo())
                .map(o -> switch (o) {
                    case Outcome.Succeeded<String> s -> Outcome.<Booked>pending(s.value());
                    case Outcome.Declined<String> d -> Outcome.<Booked>declined(d.code(), d.message(), d.vendorCode());
                    case Outcome.Pending<String> x -> Outcome.<Booked>unknown("order creation answered pending");
                    case Outcome.Unknown<String> u -> Outcome.<Booked>unknown(u.cause());
                });
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> charge(LegCall call) {
        throw new UnsupportedOperationException("an in-app leg is sent by creating its order");
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> query(LegRow leg) {
        return apps.query(method(leg), leg.requestId());
    }

    @Override
    Mono<Outcome<ChargePort.Reversal>> reverse(LegRow leg) {
        return apps.close(method(leg), leg.requestId()).map(o -> switch (o) {
            case Outcome.Succeeded<Void> s -> Outcome.<ChargePort.Reversal>succeeded(new ChargePort.Reversal(true, false));
            case Outcome.Declined<Void> d -> Outcome.<ChargePort.Reversal>declined(d.code(), d.message(), d.vendorCode());
            case Outcome.Pending<Void> x -> Outcome.<ChargePort.Reversal>pending(x.vendorCode());
            case Outcome.Unknown<Void> u -> Outcome.<ChargePort.Reversal>unknown(u.cause());
        });
    }

    @Override
    Mono<Outcome<ChargePort.Charge>> refund(LegRow leg, String outRefundNo, Money amount) {
        return charges.refund(method(leg).appChannel().orElseThrow(), leg.requestId(), outRefundNo, amount, Money.ofFen(leg.amountFen()));
    }

    /** A paid order cannot be closed, only refunded. */
    @Override
    public List<UndoTool> undo(LegCall call) {
        return List.of(super.undo(call).getFirst());
    }

    /** Closed so the patient can no longer pay it; paid meanwhile (close refused): refunded. */
    @Override
    public List<UndoTool> giveUp(LegCall call) {
        List<UndoTool> ladder = super.undo(call);
        UndoTool close = new UndoTool("CLOSE", "CLOSE", call.leg()::requestId, id -> reverse(call.leg()).map(o -> switch (o) {
            case Outcome.Succeeded<ChargePort.Reversal> s -> Undo.DONE;
            case Outcome.Declined<ChargePort.Reversal> d -> d.refusedBeforeSending() ? Undo.AGAIN : Undo.ESCALATE;
            case Outcome.Pending<ChargePort.Reversal> x -> Undo.AGAIN;
            case Outcome.Unknown<ChargePort.Reversal> u -> Undo.AGAIN;
        }));
        return List.of(close, ladder.getFirst());
    }

    private static SelfPayMethod method(LegRow leg) {
        return SelfPayMethod.valueOf(leg.channel());
    }
}
