package org.hospay.channels;

import reactor.core.publisher.Mono;

/**
 * Deducting under an agreement the payer signed beforehand (委托代扣: WeChat papay, Alipay 商家扣款),
 * and the agreement itself. The payer signs in the vendor's app, which tells the merchant by callback;
 * what the merchant can do is look the agreement up, end it, and deduct under it. Failure semantics:
 * {@link ChannelCapability}.
 */
public interface Withholding extends ChannelCapability {

    /**
     * Deducts under a signed agreement. Succeeded = paid; Pending = accepted, not settled yet (query
     * later); Declined = definitely not paid ({@code AGREEMENT_LIMIT}, {@code AGREEMENT_INVALID},
     * {@code INSUFFICIENT_FUNDS}, …).
     */
    Mono<Outcome<Charge>> withhold(WithholdRequest request);

    /** The deduction's order now, with the meanings of {@link CodePayment#query}. */
    Mono<Outcome<Charge>> query(String outTradeNo);

    /** Closes the deduction's order whatever its state, with the meanings of {@link CodePayment#reverse}. */
    Mono<Outcome<Reversal>> reverse(String outTradeNo);

    /** The agreement as the vendor holds it now; Declined {@code AGREEMENT_INVALID} when it knows none. */
    Mono<Outcome<Agreement>> agreement(AgreementRef ref);

    /**
     * Ends the agreement from the merchant's side (the payer revoked it with us). Succeeded also when it
     * had already ended; Declined {@code AGREEMENT_INVALID} when the vendor knows no such agreement.
     *
     * @param reason shown to the payer where the vendor shows one
     */
    Mono<Outcome<Agreement>> terminate(AgreementRef ref, String reason);
}
