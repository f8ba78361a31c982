package org.hospay.channels.insurance;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hospay.channels.DeclineCodes;

/**
 * The business refusals we can tell apart in an {@code infcode -1} answer. The national interface
 * only says 0 (success) or -1 (failure) and leaves err_msg free text, so a failure is a business
 * refusal only when err_msg starts with one of these codes in brackets ({@code "[PSN_NOT_FOUND] 未查询到人员信息"}),
 * as our simulator sends it; anything else (the platform's "系统异常", a text we do not know) stays
 * Unknown, and the caller queries before deciding. Pointing the adapter at a real province means
 * teaching this table its message texts, never widening the default.
 */
public enum PlatformError {
    /** 1101: no person for these credentials. */
    PSN_NOT_FOUND("PERSON_NOT_FOUND"),
    /** The e-voucher token is unknown or belongs to someone else, or the credentials do not match the person. */
    CERT_INVALID("INVALID_CREDENTIAL"),
    /** The e-voucher token has expired: the patient shows a fresh code. */
    CERT_EXPIRED("CREDENTIAL_EXPIRED"),
    /** The person holds no insurance that is in force. */
    NOT_INSURED("NOT_INSURED"),
    /** The person is in an inpatient stay: no outpatient registration or settlement until discharge. */
    IN_HOSPITAL("IN_HOSPITAL"),
    /** mdtrt_id unknown or belongs to someone else. */
    VISIT_NOT_FOUND("VISIT_NOT_FOUND"),
    /** medfee_sumamt differs from the uploaded fees, or no fees were uploaded for chrg_bchno. */
    FEE_MISMATCH("AMOUNT_MISMATCH"),
    /** The visit's charge batch already has a valid settlement made by another msgid. */
    ALREADY_SETTLED("DUPLICATE_SETTLEMENT"),
    /** 2208: no such settlement. */
    SETTLEMENT_NOT_FOUND("SETTLEMENT_NOT_FOUND"),
    /** 2208: the settlement was already cancelled or reversed. */
    ALREADY_CANCELLED("ALREADY_CANCELLED"),
    /** The message was reversed (2601) before it arrived, so it was not processed. */
    REVERSED("REVERSED"),
    /** 6202/6203/6301/6401: no such order, or the payToken does not match. */
    ORDER_NOT_FOUND(DeclineCodes.ORDER_NOT_FOUND),
    /** 6202/6401: the order's state does not allow it (already paid, revoked). */
    ORDER_STATE("ORDER_STATE_CONFLICT"),
    /** 6203: more than what is left to refund on that part. */
    REFUND_EXCEEDS_PAID(DeclineCodes.REFUND_EXCEEDS_PAID),
    /** The msgid (or appRefdSn) was already used for a different request. */
    DUPLICATE_MSGID("DUPLICATE_REQUEST_ID"),
    /** The request's SM2 signature did not verify: refused before anything was done. */
    SIGNATURE_INVALID(DeclineCodes.SIGNATURE_REJECTED),
    /** A required field is missing or malformed, or the transaction is not supported. */
    INVALID_INPUT(DeclineCodes.CHANNEL_REJECTED);

    private static final Pattern BRACKETED = Pattern.compile("^\\[([A-Z_]+)]");

    private final String reason;

    PlatformError(String reason) {
        this.reason = reason;
    }

    /** The stable reason a {@code Declined} outcome carries. */
    public String reason() {
        return reason;
    }

    /** The err_msg text for this refusal, as the simulator sends it. */
    public String message(String text) {
        return "[" + name() + "] " + text;
    }

    /** The refusal an err_msg names, if it names one we know. */
    public static Optional<PlatformError> of(String errMsg) {
        if (errMsg == null) return Optional.empty();
        Matcher m = BRACKETED.matcher(errMsg.strip());
        if (!m.find()) return Optional.empty();
        for (PlatformError e : values()) {
            if (e.name().equals(m.group(1))) return Optional.of(e);
        }
        return Optional.empty();
    }
}
