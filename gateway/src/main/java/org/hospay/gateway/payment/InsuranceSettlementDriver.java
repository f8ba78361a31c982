package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The insurance leg: settlement (2207) of the visit pre-settled before, found again by the
 * settlement query (5203), cancelled (2208) when another leg failed, and reversed (2601, keyed by the
 * 2207 msgid) when the cancel is refused or no answer came: the platform's last word.
 */
@Component
class InsuranceSettlementDriver implements LegDriver {

    private final InsurancePort insurance;

    InsuranceSettlementDriver(InsurancePort insurance) {
        this.insurance = insurance;
    }

    @Override
    public LegType type() {
        return LegType.INSURANCE_SETTLEMENT;
    }

    @Override
    public String sendOperation() {
        return "SETTLE_2207";
    }

    @Override
    public String queryOperation() {
        return "QUERY_5203";
    }

    @Override
    public Mono<Outcome<Booked>> send(LegCall call) {
        PaymentRow p = call.payment();
        PaymentSource.Insured insured = switch (call.source()) {
            case PaymentSource.Insured i -> i;
            case PaymentSource.Card c -> c.insured();
            case PaymentSource.ChannelCode c -> null;
            case PaymentSource.Phone ph -> ph.insured();
        };
        if (insured == null) {
            return Mono.just(Outcome.declined("NOT_INSURED", "a payment code alone has no insurance part", "NO_INSURED_SOURCE"));
        }
        var request = new InsurancePort.PreSettleRequest(person(p), insured.certType(), insured.certNo(), call.bill().billNo(),
                PaymentEngine.visitNo(p.paymentId()), call.bill().medType(), call.bill().items(), call.bill().total());
        var pre = new InsurancePort.PreSettlement(p.mdtrtId(), Money.ofFen(p.fundPayFen()), Money.ofFen(p.accountPayFen()),
                Money.ofFen(p.selfPayFen()));
        return insurance.settle(request, pre, call.leg().requestId()).map(o -> o.map(InsuranceSettlementDriver::booked));
    }

    @Override
    public Mono<Outcome<Booked>> query(LegCall call) {
        return insurance.findSettlement(person(call.payment()), call.payment().mdtrtId())
                .map(o -> o.map(InsuranceSettlementDriver::booked));
    }

    @Override
    public List<UndoTool> undo(LegCall call) {
        PaymentRow p = call.payment();
        UndoTool cancel = new UndoTool("CANCEL_SETTLEMENT_2208", "CANCEL_2208", insurance::newMsgId,
                msgId -> insurance.cancelSettlement(person(p), p.mdtrtId(), call.leg().vendorRef(), msgId).map(o -> switch (o) {
                    case Outcome.Succeeded<Void> s -> Undo.DONE;
                    // Refused (e.g. not cancellable any more): the 2601 reversal of the 2207 msgid is the platform's last word.
                    case Outcome.Declined<Void> d -> d.refusedBeforeSending() ? Undo.AGAIN : Undo.ESCALATE;
                    case Outcome.Pending<Void> x -> Undo.AGAIN;
                    case Outcome.Unknown<Void> u -> Undo.AGAIN;
                }));
        return List.of(cancel, reversal(call));
    }

    @Override
    public List<UndoTool> giveUp(LegCall call) {
        return List.of(reversal(call));
    }

    private UndoTool reversal(LegCall call) {
        return new UndoTool("REVERSAL_2601", "REVERSAL_2601", insurance::newMsgId,
                msgId -> insurance.reverse(person(call.payment()), call.leg().requestId(), "2207", msgId).map(o -> switch (o) {
                    case Outcome.Succeeded<Void> s -> Undo.DONE;
                    // The platform refused to reverse: nothing more can be done automatically; finance must look.
                    case Outcome.Declined<Void> d -> d.refusedBeforeSending() ? Undo.AGAIN : Undo.MANUAL;
                    case Outcome.Pending<Void> x -> Undo.AGAIN;
                    case Outcome.Unknown<Void> u -> Undo.AGAIN;
                }));
    }

    private static Booked booked(InsurancePort.Settlement s) {
        return new Booked(s.setlId(), s.fundPay().plus(s.accountPay()).fen());
    }

    private static InsurancePort.Person person(PaymentRow p) {
        return new InsurancePort.Person(p.psnNo(), null, p.insutype(), p.insuplcAdmdvs());
    }
}
