package org.hospay.gateway.finance;

import java.util.UUID;

/**
 * One booking on one side of a reconciliation: a reference both sides share (P:&lt;out_trade_no&gt;,
 * R:&lt;out_refund_no&gt;, S:&lt;setl_id&gt;), the amount in fen, and where it stands. Our bookings carry the
 * payment and leg they belong to.
 */
public record Booking(String ref, long fen, State state, UUID paymentId, UUID legId) {

    /**
     * BOOKED: money moved and stayed. RETURNED: it moved and was given back (a reversed or compensated
     * charge, a cancelled settlement): either side may list it or not. DECLINED: it never moved (ours).
     * IN_FLIGHT: not decided yet (ours). REVIEW: already parked for finance (ours). CANCELLED: their
     * statement lists it as void (3202 vali_flag 0).
     */
    public enum State { BOOKED, RETURNED, DECLINED, IN_FLIGHT, REVIEW, CANCELLED }

    public static Booking theirs(String ref, long fen, State state) {
        return new Booking(ref, fen, state, null, null);
    }
}
