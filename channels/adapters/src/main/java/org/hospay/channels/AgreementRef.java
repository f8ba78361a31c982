package org.hospay.channels;

/**
 * One payer's withholding agreement, as both sides name it. Each vendor looks agreements up by the
 * names it needs: WeChat papay by template and our code, Alipay by its agreement number.
 *
 * @param template      the deduction template the payer signed (WeChat papay {@code plan_id}); null where the
 *                      channel has none (Alipay)
 * @param agreementCode our code for it (WeChat {@code out_contract_code}, Alipay {@code external_agreement_no})
 * @param agreementId   the vendor's id, known once signed (WeChat {@code contract_id}, Alipay {@code agreement_no});
 *                      null before
 */
public record AgreementRef(String template, String agreementCode, String agreementId) {

    public AgreementRef {
        if (agreementCode == null && agreementId == null)
            throw new IllegalArgumentException("an agreement needs our code or the vendor's id");
    }
}
