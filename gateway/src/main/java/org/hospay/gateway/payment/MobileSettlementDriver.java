package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The insurance leg of a phone payment: 6202 pays the mobile order 6201 made (its msgid is the leg's request id),
 * 6301 finds out how it ended, 6203 refunds the insurance part (fund + account, refdType HI) when another leg failed,
 * and 6401 revokes an order left unpaid at the deadline; one paid meanwhile is refunded instead.
 */
@Component
class MobileSettlementDriver implements LegDriver {

    private final InsurancePort insurance;
    private final MobileOrders orders;

    MobileSettlementDriver(InsurancePort insurance, MobileOrders orders) {
        this.insurance = insurance;
        this.orders = orders;
    }

    @Override
    public LegType type() {
        return LegType.MOBILE_SETTLEMENT;
    }

    @Override
    public String sendOperation() {
        return "PAY_6202";
    }

    @Override
    public String queryOperation() {
        return "QUERY_6301";
    }

    @Override
    public Mono<Outcome<Booked>> send(LegCall call) {
        return orders.of(call.payment().paymentId())
                .flatMap(o -> insurance.mobilePay(o.payOrdId(), o.payToken(), call.leg().requestId()))
                .map(o -> o.map(MobileSettlementDriver::booked));
    }

    @Override
    public Mono<Outcome<Booked>> query(LegCall call) {
        return orders.of(call.payment().paymentId())
                .flatMap(o -> insurance.mobileQuery(o.payOrdId(), o.payToken()))
                .map(o -> o.map(MobileSettlementDriver::booked));
    }

    @Override
    public List<UndoTool> undo(LegCall call) {
        return List.of(refund(call));
    }

    @Override
    public List<UndoTool> giveUp(LegCall call) {
        UndoTool revoke = new UndoTool("REVOKE_6401", "REVOKE_6401", insurance::newMsgId,
                id -> orders.of(call.payment().paymentId()).flatMap(o -> insurance.mobileRevoke(o.payOrdId(), o.payToken())).map(o -> switch (o) {
                    case Outcome.Succeeded<Void> s -> Undo.DONE;
                    // Paid after all: the insurance part is refunded (the next tool).
                    case Outcome.Declined<Void> d -> d.refusedBeforeSending() ? Undo.AGAIN : Undo.ESCALATE;
                    case Outcome.Pending<Void> x -> Undo.AGAIN;
                    case Outcome.Unknown<Void> u -> Undo.AGAIN;
                }));
        return List.of(revoke, refund(call));
    }

    /** 6203 HI of what the leg settled, under one refund number per leg (the platform answers a repeat with the first refund). */
    private UndoTool refund(LegCall call) {
        PaymentRow p = call.payment();
        String appRefdSn = "H" + call.leg().requestId();
        Money fund = Money.ofFen(p.fundPayFen() == null ? 0 : p.fundPayFen());
        Money account = Money.ofFen(p.accountPayFen() == null ? 0 : p.accountPayFen());
        return new UndoTool("REFUND_6203", "REFUND_6203", () -> appRefdSn, sn -> {
            // A settlement of 0 moved no fund money: nothing to give back (6203 takes positive amounts only).
            if (!fund.plus(account).isPositive()) return Mono.just(Undo.DONE);
            return orders.of(p.paymentId()).flatMap(o -> insurance.mobileRefundInsurance(o.payOrdId(), sn, fund, account)).map(o -> switch (o) {
                case Outcome.Succeeded<Void> s -> Undo.DONE;
                case Outcome.Declined<Void> d -> d.refusedBeforeSending() ? Undo.AGAIN : Undo.MANUAL;
                case Outcome.Pending<Void> x -> Undo.AGAIN;
                case Outcome.Unknown<Void> u -> Undo.AGAIN;
            });
        });
    }

    private static Booked booked(InsurancePort.Settlement s) {
        return new Booked(s.setlId(), s.fundPay().plus(s.accountPay()).fen());
    }
}
