package org.hospay.channels;

/**
 * The stable reasons a channel adapter puts in {@link Outcome.Declined#code()}, whatever the
 * vendor. Callers may switch on these; the vendor's own code travels in {@code vendorCode}.
 */
public final class DeclineCodes {

    private DeclineCodes() {}

    /** Nothing reached the vendor (connection refused, unknown host, connect timeout, TLS refused); also an open circuit. */
    public static final String CHANNEL_UNAVAILABLE = "CHANNEL_UNAVAILABLE";
    /** We could not sign the request; nothing was sent. */
    public static final String SIGNING_FAILED = "SIGNING_FAILED";
    /** The vendor refused the request as malformed or not allowed for this merchant (a configuration or programming error). */
    public static final String CHANNEL_REJECTED = "CHANNEL_REJECTED";
    /** The vendor refused our request signature. */
    public static final String SIGNATURE_REJECTED = "SIGNATURE_REJECTED";
    /** The vendor is rate limiting, or our side has too many calls to it in flight; nothing was processed. */
    public static final String CHANNEL_BUSY = "CHANNEL_BUSY";

    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    public static final String CODE_EXPIRED = "CODE_EXPIRED";
    /** Not a valid code of this channel (or one the vendor does not know); ask for a fresh one. */
    public static final String CODE_INVALID = "CODE_INVALID";
    /** The code was already used for another payment; each code pays once. */
    public static final String CODE_USED = "CODE_USED";
    /** The payer's card or funding source cannot be used here (WeChat NOTSUPORTCARD). */
    public static final String CARD_NOT_SUPPORTED = "CARD_NOT_SUPPORTED";
    /** The payment failed for a reason the vendor does not detail (WeChat PAYERROR, TRADE_ERROR). */
    public static final String PAYMENT_FAILED = "PAYMENT_FAILED";
    /** The vendor's risk control or limits refused it. */
    public static final String RISK_REJECTED = "RISK_REJECTED";

    /** The order number was used before with different content. */
    public static final String ORDER_NUMBER_REUSED = "ORDER_NUMBER_REUSED";
    public static final String ORDER_NOT_FOUND = "ORDER_NOT_FOUND";
    public static final String ORDER_CLOSED = "ORDER_CLOSED";
    public static final String ORDER_REVERSED = "ORDER_REVERSED";
    /** A refund or withholding refers to an order that was never paid. */
    public static final String ORDER_NOT_PAID = "ORDER_NOT_PAID";
    /** Too old to reverse; refund instead. */
    public static final String REVERSE_EXPIRED = "REVERSE_EXPIRED";

    /** The refunds would exceed what was paid. */
    public static final String REFUND_EXCEEDS_PAID = "REFUND_EXCEEDS_PAID";
    /** The vendor refused the refund for a business reason it does not detail (WeChat INVALID_REQUEST). */
    public static final String REFUND_REFUSED = "REFUND_REFUSED";
    public static final String REFUND_NOT_FOUND = "REFUND_NOT_FOUND";
    /** The refund was accepted and then failed at the vendor (WeChat CLOSED / ABNORMAL). */
    public static final String REFUND_FAILED = "REFUND_FAILED";

    /** The withholding agreement does not exist, was terminated or does not belong to this merchant. */
    public static final String AGREEMENT_INVALID = "AGREEMENT_INVALID";
    /** The agreement's limits (per day, per period, time window) forbid this deduction now. */
    public static final String AGREEMENT_LIMIT = "AGREEMENT_LIMIT";
}
