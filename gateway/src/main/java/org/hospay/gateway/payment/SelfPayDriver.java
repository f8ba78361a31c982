package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What every self-pay leg shares, whoever moves the money: a charge found again by its order number,
 * undone by a refund (escalated to a reversal when the refund is refused) and closed for good by a
 * reversal when no answer came. Subclasses say how to charge, query, reverse and refund.
 */
abstract class SelfPayDriver implements LegDriver {

    abstract Mono<Outcome<ChargePort.Charge>> charge(LegCall call);

    /** How the charge with the leg's order number ended. */
    abstract Mono<Outcome<ChargePort.Charge>> query(LegRow leg);

    abstract Mono<Outcome<ChargePort.Reversal>> reverse(LegRow leg);

    /** Refunds {@code amount} of the leg's charge under the refund number {@code outRefundNo}. */
    abstract Mono<Outcome<ChargePort.Charge>> refund(LegRow leg, String outRefundNo, Money amount);

    @Override
    public String sendOperation() {
        return "CHARGE";
    }

    @Override
    public String queryOperation() {
        return "QUERY";
    }

    @Override
    public Mono<Outcome<Booked>> send(LegCall call) {
        return charge(call).map(o -> o.map(SelfPayDriver::booked));
    }

    @Override
    public Mono<Outcome<Booked>> query(LegCall call) {
        return query(call.leg()).map(o -> o.map(SelfPayDriver::booked));
    }

    @Override
    public List<UndoTool> undo(LegCall call) {
        LegRow leg = call.leg();
        String refundNo = "C" + leg.requestId().substring(1);
        Money amount = Money.ofFen(leg.amountFen());
        UndoTool refund = new UndoTool("REFUND", "REFUND", () -> refundNo,
                id -> refund(leg, id, amount).map(o -> switch (o) {
                    case Outcome.Succeeded<ChargePort.Charge> s -> Undo.DONE;
                    case Outcome.Declined<ChargePort.Charge> d -> d.refusedBeforeSending() ? Undo.AGAIN : Undo.ESCALATE;
                    case Outcome.Pending<ChargePort.Charge> x -> Undo.AGAIN;
                    case Outcome.Unknown<ChargePort.Charge> u -> Undo.AGAIN;
                }));
        return List.of(refund, reversal(leg));
    }

    @Override
    public List<UndoTool> giveUp(LegCall call) {
        return List.of(reversal(call.leg()));
    }

    private UndoTool reversal(LegRow leg) {
        return new UndoTool("REVERSE", "REVERSE", leg::requestId, id -> reverse(leg).map(o -> switch (o) {
            case Outcome.Succeeded<ChargePort.Reversal> s -> s.value().retry() ? Undo.AGAIN : Undo.DONE;
            case Outcome.Declined<ChargePort.Reversal> d -> reversalRefused(d);
            case Outcome.Pending<ChargePort.Reversal> x -> Undo.AGAIN;
            case Outcome.Unknown<ChargePort.Reversal> u -> Undo.AGAIN;
        }));
    }

    /** A refusal to reverse means nothing to undo (the order never existed or is closed), or a human's job. */
    private static Undo reversalRefused(Outcome.Declined<?> d) {
        if (d.refusedBeforeSending()) return Undo.AGAIN;
        return switch (d.code()) {
            case DeclineCodes.ORDER_NOT_FOUND, DeclineCodes.ORDER_CLOSED, DeclineCodes.ORDER_REVERSED -> Undo.DONE;
            default -> Undo.MANUAL;
        };
    }

    private static Booked booked(ChargePort.Charge c) {
        return new Booked(c.channelTradeNo(), null);
    }
}
