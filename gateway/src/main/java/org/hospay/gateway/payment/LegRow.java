package org.hospay.gateway.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * One leg of a payment: insurance settlement, self-pay charge, or commercial claim.
 * {@code amountChanged}: the counterparty booked another amount than was planned (an insurance
 * settlement that differs from its pre-settlement), so the leg is undone even though it succeeded.
 */
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
        boolean amountChanged,
        long refundedFen) {

    public enum Kind { INSURANCE, SELF_PAY, COMMERCIAL }

    static LegRow planned(UUID paymentId, Kind kind, String channel, long amountFen, String requestId) {
        return new LegRow(UUID.randomUUID(), paymentId, kind, channel, amountFen, requestId, LegStatus.PLANNED, null, null, null, false, 0);
    }

    /** The leg in a new state; a null {@code ref} or {@code code} keeps the one it had. */
    LegRow with(LegStatus newStatus, String ref, String code) {
        return new LegRow(legId, paymentId, kind, channel, amountFen, requestId, newStatus,
                ref == null ? vendorRef : ref, code == null ? vendorCode : code, pendingSince, amountChanged, refundedFen);
    }

    /** Succeeded, but with another amount than planned. */
    LegRow withAmountChanged(String ref) {
        return new LegRow(legId, paymentId, kind, channel, amountFen, requestId, LegStatus.SUCCEEDED,
                ref == null ? vendorRef : ref, vendorCode, pendingSince, true, refundedFen);
    }

    /** The same leg on another channel with a new request id, not sent yet (a card payment paid by code after all). */
    LegRow replanned(String newChannel, long newAmountFen, String newRequestId) {
        return new LegRow(legId, paymentId, kind, newChannel, newAmountFen, newRequestId, LegStatus.PLANNED, null, null, null, false, 0);
    }

    /** Whether this leg holds money the patient or a fund paid: succeeded and not (to be) undone. */
    boolean tookMoney() {
        return status == LegStatus.SUCCEEDED;
    }
}
