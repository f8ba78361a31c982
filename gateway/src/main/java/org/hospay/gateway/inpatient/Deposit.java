package org.hospay.gateway.inpatient;

import java.time.Instant;
import java.util.UUID;

/**
 * Money a stay holds: a deposit (预交金) or the shortfall collected at discharge. The money itself is the payment
 * under {@code billNo} (null {@code paymentId} while none exists yet), {@code paymentStatus} as the engine has it.
 */
record Deposit(UUID depositId, UUID stayId, String billNo, Kind kind, long amountFen, String byTerminal, Instant createdAt,
               UUID paymentId, String paymentStatus, String method) {

    enum Kind { DEPOSIT, SHORTFALL }

    /** The payment took the money (what was refunded of it since is counted by the stay's refund rows). */
    boolean paid() {
        return "SUCCEEDED".equals(paymentStatus) || "PARTIALLY_REFUNDED".equals(paymentStatus) || "REFUNDED".equals(paymentStatus);
    }

    /** The payment is still running (or is about to be created): the stay cannot be settled against it yet. */
    boolean inProgress(Instant abandonedBefore) {
        if (paymentStatus == null) return createdAt.isAfter(abandonedBefore);
        return "RECEIVED".equals(paymentStatus) || "PROCESSING".equals(paymentStatus) || "PENDING".equals(paymentStatus);
    }
}
