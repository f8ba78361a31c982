package org.hospay.channels.alipay;

import java.time.Instant;
import java.util.Objects;

/**
 * A withholding agreement (代扣协议) as Alipay reports it, for family proxy payment: the payer signed it
 * in the Alipay app; deductions then need no action by anyone.
 *
 * @param agreementNo         Alipay's {@code agreement_no}, what deductions quote
 * @param externalAgreementNo our {@code external_agreement_no}, given when the payer was sent to sign
 * @param status              NORMAL is the only status deductions work under
 * @param alipayUserId        the payer ({@code 2088…})
 * @param signTime            when the payer signed; null if Alipay did not say
 * @param invalidTime         when it lapses; null if Alipay did not say
 */
public record AlipayAgreement(String agreementNo, String externalAgreementNo, AlipayCodes.AgreementStatus status,
                              String alipayUserId, Instant signTime, Instant invalidTime) {

    public AlipayAgreement {
        Objects.requireNonNull(agreementNo, "agreementNo");
        Objects.requireNonNull(status, "status");
    }

    public boolean usable() {
        return status == AlipayCodes.AgreementStatus.NORMAL;
    }
}
