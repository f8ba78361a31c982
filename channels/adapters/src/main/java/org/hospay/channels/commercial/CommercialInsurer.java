package org.hospay.channels.commercial;

import java.time.Instant;
import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * A commercial health insurer's direct claim at payment time (商保直付): after basic insurance has
 * paid its part, the insurer pays a share of what is left, straight to the hospital. Methods never
 * throw. The claim is idempotent by our {@code outClaimNo}, the cancel by {@code outCancelNo}: after
 * an Unknown, query (or re-send with the same number), never claim under a new number.
 */
public interface CommercialInsurer {

    /**
     * The policy the insurer holds for this person (Declined POLICY_NOT_FOUND when none). Needs no bill, so it can be
     * asked while basic insurance is still pre-settling; moves no money.
     */
    Mono<Outcome<Policy>> findPolicy(String name, String idNo);

    /** How much the insurer would pay for this bill now. Moves no money. */
    Mono<Outcome<PreCalculation>> preCalculate(ClaimRequest request);

    /** Files and settles the claim; the insurer pays {@link Claim#paid()} (Declined NOT_COVERED when nothing). */
    Mono<Outcome<Claim>> claim(String outClaimNo, ClaimRequest request);

    /** The claim filed under {@code outClaimNo} (Declined CLAIM_NOT_FOUND when none: it never arrived). */
    Mono<Outcome<Claim>> queryClaim(String outClaimNo);

    /** Cancels a paid claim; the paid amount goes back to the insurer. */
    Mono<Outcome<Claim>> cancel(String outCancelNo, String outClaimNo, String reason);

    /**
     * A bill as the insurer sees it: who (policy number, or name + ID number to find the policy),
     * the total, and what basic insurance already paid (fund and personal account).
     */
    record ClaimRequest(String policyNo, String name, String idNo, String billNo, Money total, Money insuranceFund,
                        Money personalAccount, List<Item> items) {
        public ClaimRequest {
            items = List.copyOf(items);
            if (insuranceFund.plus(personalAccount).compareTo(total) > 0)
                throw new IllegalArgumentException("basic insurance paid more than the bill");
        }
    }

    /** A bill line; {@code category} is the API's (REGISTRATION, DRUG, EXAM, ...). */
    record Item(String code, String name, String category, Money amount) {}

    /** A policy in force: its number, the share of the cash part it pays and what is left of its annual limit. */
    record Policy(String policyNo, int coverageRatioPercent, Money remainingLimit) {}

    record PreCalculation(boolean eligible, Money payable, String policyNo, int coverageRatioPercent, Money remainingLimit,
                          String reason) {}

    enum ClaimStatus { PAID, CANCELLED }

    record Claim(String claimNo, String outClaimNo, ClaimStatus status, Money paid, String policyNo, Instant paidAt) {}
}
