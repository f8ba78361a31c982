package org.hospay.channels;

import java.util.Objects;

/**
 * A withholding agreement as the vendor reports it, in the vendor's neutral terms.
 *
 * @param agreementCode our code for it, when the vendor says (WeChat {@code out_contract_code}, Alipay
 *                      {@code external_agreement_no})
 * @param agreementId   the vendor's id (WeChat {@code contract_id}, Alipay {@code agreement_no})
 * @param state         what the agreement allows now
 */
public record Agreement(String agreementCode, String agreementId, State state) {

    public enum State {
        /** Signed and in force: deductions may be made (WeChat SIGNED, Alipay NORMAL). */
        ACTIVE,
        /** Signed but paused or waiting for renewal (Alipay STOP, WeChat TO_BE_RENEWED). */
        SUSPENDED,
        /** Ended, by the payer, the merchant or expiry (WeChat TERMINATED, Alipay UNSIGN). */
        ENDED,
        /** Never took effect (WeChat NOT_SIGNED / SIGN_FAILED, Alipay TEMP). */
        NOT_SIGNED,
        /** A state this version does not know; treat as not deductible. */
        UNRECOGNISED
    }

    public Agreement {
        Objects.requireNonNull(state, "state");
    }

    /** Whether deductions may be made under it now. */
    public boolean deductible() {
        return state == State.ACTIVE;
    }
}
