package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The commercial insurer's direct claim (商保直付): claimed under our outClaimNo (the leg's request id),
 * found again by the claim query (CLAIM_NOT_FOUND: it never arrived), undone and given up alike by a
 * cancel under a number derived from the leg's (so every retry is the same cancel). The insurer records
 * a cancel of a claim that never arrived, so a late claim is refused instead of paying: giving up
 * works without knowing whether the claim got through (channels/docs/commercial.md).
 */
@Component
class CommercialClaimDriver implements LegDriver {

    private final CommercialPort insurer;
    private final InsuredSeal seal;

    CommercialClaimDriver(CommercialPort insurer, InsuredSeal seal) {
        this.insurer = insurer;
        this.seal = seal;
    }

    @Override
    public LegType type() {
        return LegType.COMMERCIAL_CLAIM;
    }

    @Override
    public String sendOperation() {
        return "CLAIM";
    }

    @Override
    public String queryOperation() {
        return "CLAIM_QUERY";
    }

    @Override
    public Mono<Outcome<Booked>> send(LegCall call) {
        PaymentRow p = call.payment();
        if (p.commercial() == null || p.commercial().insuredEnc() == null) {
            return Mono.just(Outcome.declined("COMMERCIAL_NOT_PLANNED", "the payment holds no insured person to claim for", "LOCAL"));
        }
        var request = new CommercialPort.ClaimRequest(seal.open(p.commercial().insuredEnc()), call.bill().billNo(), call.bill().total(),
                Money.ofFen(p.fundPayFen()), Money.ofFen(p.accountPayFen()), call.bill().items());
        return insurer.claim(call.leg().requestId(), request).map(CommercialClaimDriver::booked);
    }

    @Override
    public Mono<Outcome<Booked>> query(LegCall call) {
        // CLAIM_NOT_FOUND is a Declined: it never arrived; the engine then gives up (a cancel), so it never will.
        return insurer.queryClaim(call.leg().requestId()).map(CommercialClaimDriver::booked);
    }

    @Override
    public List<UndoTool> undo(LegCall call) {
        return List.of(cancel(call.leg()));
    }

    @Override
    public List<UndoTool> giveUp(LegCall call) {
        return List.of(cancel(call.leg()));
    }

    private UndoTool cancel(LegRow leg) {
        String outCancelNo = outCancelNo(leg);
        return new UndoTool("CANCEL_CLAIM", "CLAIM_CANCEL", () -> outCancelNo,
                id -> insurer.cancel(id, leg.requestId(), "payment failed").map(o -> switch (o) {
                    case Outcome.Succeeded<CommercialPort.Claim> s -> Undo.DONE;
                    case Outcome.Declined<CommercialPort.Claim> d -> d.refusedBeforeSending() ? Undo.AGAIN
                            // Cancelled already (by an earlier try whose answer was lost): nothing more to undo.
                            : "ALREADY_CANCELLED".equals(d.code()) || "CLAIM_NOT_FOUND".equals(d.code()) ? Undo.DONE
                            : Undo.MANUAL;
                    case Outcome.Pending<CommercialPort.Claim> x -> Undo.AGAIN;
                    case Outcome.Unknown<CommercialPort.Claim> u -> Undo.AGAIN;
                }));
    }

    /** The cancel number of a claim: 'N' + the claim number's digits, the same on every try. */
    static String outCancelNo(LegRow leg) {
        return "N" + leg.requestId().substring(1);
    }

    /** A paid claim, with the amount the insurer paid (checked against the plan); a cancelled one never took money. */
    private static Outcome<Booked> booked(Outcome<CommercialPort.Claim> o) {
        return switch (o) {
            case Outcome.Succeeded<CommercialPort.Claim> s -> s.value().cancelled()
                    ? Outcome.declined("CLAIM_CANCELLED", "the claim was cancelled", "CANCELLED")
                    : Outcome.succeeded(new Booked(s.value().claimNo(), s.value().paid().fen()));
            case Outcome.Declined<CommercialPort.Claim> d -> Outcome.declined(d.code(), d.message(), d.vendorCode());
            case Outcome.Pending<CommercialPort.Claim> x -> Outcome.pending(x.vendorCode());
            case Outcome.Unknown<CommercialPort.Claim> u -> Outcome.unknown(u.cause());
        };
    }
}
