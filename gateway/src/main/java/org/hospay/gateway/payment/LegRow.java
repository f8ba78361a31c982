package org.hospay.gateway.payment;

import java.time.Instant;
import java.util.UUID;

/** One leg of a payment: insurance settlement, self-pay charge, or commercial claim. */
public record LegRow(
        UUID legId,
        UUID paymentId,
        Kind kind,
        String channel,
        long amountFen,
        String requestId,
        LegStatus status,
        String vendorRef,
        String vendorCode,
        Instant pendingSince,
        long refundedFen) {

    public enum Kind { INSURANCE, SELF_PAY, COMMERCIAL }

    LegRow with(LegStatus newStatus, String ref, String code) {
        return new LegRow(legId, paymentId, kind, channel, amountFen, requestId, newStatus,
                ref == null ? vendorRef : ref, code == null ? vendorCode : code, pendingSince, refundedFen);
    }
}
