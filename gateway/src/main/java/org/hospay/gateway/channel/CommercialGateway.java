package org.hospay.gateway.channel;

import org.hospay.channels.Channel;
import org.hospay.channels.Outcome;
import org.hospay.channels.commercial.CommercialInsurer;
import org.hospay.gateway.payment.CommercialPort;
import reactor.core.publisher.Mono;

/**
 * The engine's commercial-insurer port on the {@code CommercialInsurer} adapter. The claim and the
 * cancel are commands (sent once here; the engine decides what an Unknown means); the claim query is
 * a read, retried on Unknown. The policy look-up and the pre-calculation are asked once, unretried: they
 * decide only whether the insurer pays a part, and a patient at the window must not wait out an insurer's
 * outage for them (no answer: the patient pays the residual, docs/architecture.md §4).
 */
class CommercialGateway implements CommercialPort {

    static final Channel CHANNEL = Channel.COMMERCIAL;

    private final CommercialInsurer insurer;
    private final ChannelResilience guard;
    private final String name;

    CommercialGateway(CommercialInsurer insurer, ChannelResilience guard, String name) {
        this.insurer = insurer;
        this.guard = guard;
        this.name = name;
    }

    @Override
    public String insurer() {
        return name;
    }

    @Override
    public Mono<Outcome<Policy>> findPolicy(Insured insured) {
        return guard.command(CHANNEL, insurer.findPolicy(insured.name(), insured.idNo()))
                .map(o -> Outcomes.map(o, p -> new Policy(p.policyNo(), p.remainingLimit())));
    }

    @Override
    public Mono<Outcome<PreCalculation>> preCalculate(ClaimRequest request) {
        return guard.command(CHANNEL, insurer.preCalculate(request(request)))
                .map(o -> Outcomes.map(o, p -> new PreCalculation(p.eligible(), p.payable(), p.policyNo(), p.reason())));
    }

    @Override
    public Mono<Outcome<Claim>> claim(String outClaimNo, ClaimRequest request) {
        return guard.command(CHANNEL, insurer.claim(outClaimNo, request(request))).map(o -> Outcomes.map(o, CommercialGateway::claim));
    }

    @Override
    public Mono<Outcome<Claim>> queryClaim(String outClaimNo) {
        return guard.query(CHANNEL, insurer.queryClaim(outClaimNo)).map(o -> Outcomes.map(o, CommercialGateway::claim));
    }

    @Override
    public Mono<Outcome<Claim>> cancel(String outCancelNo, String outClaimNo, String reason) {
        return guard.command(CHANNEL, insurer.cancel(outCancelNo, outClaimNo, reason)).map(o -> Outcomes.map(o, CommercialGateway::claim));
    }

    private static Claim claim(CommercialInsurer.Claim c) {
        return new Claim(c.claimNo(), c.status() == CommercialInsurer.ClaimStatus.CANCELLED, c.paid());
    }

    private static CommercialInsurer.ClaimRequest request(ClaimRequest r) {
        // policyNo empty: the insurer finds the policy by name + ID number (channels/docs/commercial.md).
        return new CommercialInsurer.ClaimRequest("", r.insured().name(), r.insured().idNo(), r.billNo(), r.total(), r.fund(),
                r.account(), r.items().stream()
                .map(l -> new CommercialInsurer.Item(l.code(), l.name(), l.category().name(), l.amount())).toList());
    }
}
