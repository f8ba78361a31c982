package org.hospay.simulator.insurance;

/**
 * The refusals the simulated platform tells apart. The national interface answers a failure with
 * {@code infcode -1} and free-text {@code err_msg}; the simulator starts that text with the refusal's
 * name in brackets ({@code "[PSN_NOT_FOUND] 未查询到人员信息"}) so tests can tell the cases apart. A real
 * province's texts differ: that is what pointing the contract kit at a sandbox shows.
 */
enum PlatformError {
    PSN_NOT_FOUND, CERT_INVALID, CERT_EXPIRED, NOT_INSURED, IN_HOSPITAL, VISIT_NOT_FOUND, FEE_MISMATCH, ALREADY_SETTLED,
    SETTLEMENT_NOT_FOUND, ALREADY_CANCELLED, REVERSED, ORDER_NOT_FOUND, ORDER_STATE, REFUND_EXCEEDS_PAID, DUPLICATE_MSGID,
    SIGNATURE_INVALID, INVALID_INPUT;

    String message(String text) {
        return "[" + name() + "] " + text;
    }
}
