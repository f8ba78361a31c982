package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What the engine needs from the commercial insurer of direct pay (商保直付), in its own terms. The
 * implementation (package {@code channel}) maps it onto {@code CommercialInsurer} and wraps every call
 * in the channel's resilience policy. Methods never throw: every result is an {@link Outcome}. A claim
 * is idempotent by our {@code outClaimNo} (the leg's request id), a cancel by its {@code outCancelNo}.
 */
public interface CommercialPort {

    /** Who the claim is for: name and ID number (never logged: {@link #toString} masks them). */
    record Insured(String name, String idNo) {
        @Override
        public String toString() {
            return "Insured[****]";
        }
    }

    /** The bill as the insurer sees it, with what basic insurance paid of it (fund and personal account). */
    record ClaimRequest(Insured insured, String billNo, Money total, Money fund, Money account, List<Bill.Line> items) {}

    /** The policy the insurer holds for a person, and what is left of its annual limit. */
    record Policy(String policyNo, Money remainingLimit) {}

    /** How much the insurer would pay now; {@code reason} says why nothing. */
    record PreCalculation(boolean eligible, Money payable, String policyNo, String reason) {}

    /** A claim as the insurer holds it: paid, or cancelled (paid back, or never paid). */
    record Claim(String claimNo, boolean cancelled, Money paid) {}

    /** The insurer's name as the payment shows it (e.g. {@code DEMO-HIC}). */
    String insurer();

    /**
     * The person's policy (Declined POLICY_NOT_FOUND: none). Needs no bill, so it is asked while the platform
     * pre-settles, and a patient without a policy waits for no commercial call after it. Moves no money.
     */
    Mono<Outcome<Policy>> findPolicy(Insured insured);

    /** How much the insurer would pay for this bill (Declined POLICY_NOT_FOUND: no policy). Moves no money. */
    Mono<Outcome<PreCalculation>> preCalculate(ClaimRequest request);

    /** Files and settles the claim under {@code outClaimNo}. */
    Mono<Outcome<Claim>> claim(String outClaimNo, ClaimRequest request);

    /** The claim under {@code outClaimNo} (Declined CLAIM_NOT_FOUND: it never arrived). */
    Mono<Outcome<Claim>> queryClaim(String outClaimNo);

    /** Cancels the claim (a claim that never arrived is recorded cancelled, so it is refused if it arrives late). */
    Mono<Outcome<Claim>> cancel(String outCancelNo, String outClaimNo, String reason);
}
