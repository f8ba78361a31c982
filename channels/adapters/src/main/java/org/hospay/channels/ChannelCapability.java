package org.hospay.channels;

/**
 * What one channel can do, one interface per capability: {@link CodePayment}, {@link Refunds},
 * {@link Withholding}, {@link Statements}. An adapter implements exactly the capabilities its vendor
 * offers, so a caller that needs one asks for it by type (e.g. a {@code List<Withholding>}) and never
 * meets a "not supported" answer or downcasts to an adapter class.
 *
 * <p>Every method of every capability returns a {@code Mono} that never errors and never throws: what
 * happened is the {@link Outcome}. A request that provably never left (connection refused, unknown
 * host, connect timeout, our own signing failed) is {@link Outcome.Declined} with
 * {@link DeclineCodes#CHANNEL_UNAVAILABLE} or {@link DeclineCodes#SIGNING_FAILED}; anything after the
 * request may have left (response timeout, 5xx, unreadable or badly signed answer, the vendor's
 * "system error") is {@link Outcome.Unknown}: query, then decide. Nothing here retries a money-moving
 * call. Declined codes are the stable upper-snake values in {@link DeclineCodes}; the vendor's own code
 * is kept in {@link Outcome.Declined#vendorCode()} for the audit trail.
 */
public interface ChannelCapability {

    /** The channel this is a capability of. */
    Channel channel();
}
