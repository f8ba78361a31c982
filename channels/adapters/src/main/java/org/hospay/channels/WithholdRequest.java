package org.hospay.channels;

import java.util.Objects;

/**
 * One deduction under a withholding agreement the payer signed beforehand (亲情代付): WeChat papay
 * {@code contract_id}, Alipay {@code agreement_no}. No code is scanned; the payer is not present.
 *
 * @param agreementId the vendor's contract / agreement id, as delivered by its signing notification
 * @param outTradeNo  our order number (same rules and idempotency as {@link ChargeRequest#outTradeNo()})
 * @param amount      positive
 * @param description shown in the payer's bill; at most 127 characters
 */
public record WithholdRequest(String agreementId, String outTradeNo, Money amount, String description) {

    public WithholdRequest {
        Objects.requireNonNull(agreementId, "agreementId");
        if (agreementId.isBlank() || agreementId.length() > 64) throw new IllegalArgumentException("agreementId must be 1–64 characters");
        ChargeRequest.requireOutTradeNo(outTradeNo);
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) throw new IllegalArgumentException("a deduction must be positive: " + amount);
        Objects.requireNonNull(description, "description");
        if (description.isBlank() || description.length() > 127) throw new IllegalArgumentException("description must be 1–127 characters");
    }
}
