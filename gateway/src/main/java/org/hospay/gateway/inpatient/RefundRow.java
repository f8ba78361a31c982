package org.hospay.gateway.inpatient;

import java.time.Instant;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;

/**
 * One deposit refund a stay decided (at discharge, or a withdrawal during the stay): {@code amountFen} back to the
 * deposit's own channel. {@code attempt} counts declined tries (each a new refund under a new key); {@code refundId}
 * is the current try's refund. NEEDS_REVIEW: retried too often or unconfirmed too long — the finance office's list.
 */
record RefundRow(UUID rowId, UUID stayId, UUID depositId, UUID paymentId, long amountFen, String reason, int seq,
                 Status status, int attempt, UUID refundId, String failureCode, Instant createdAt,
                 String byTerminal, String byKind, String byWindow, String hospitalId) {

    enum Status { PENDING, SUCCEEDED, NEEDS_REVIEW }

    /** The terminal the refund is made for: the one whose discharge or withdrawal decided it. */
    Terminal by() {
        return new Terminal(byTerminal, Terminal.Kind.valueOf(byKind), hospitalId, byWindow);
    }

    /** The refund's idempotency key for this try: the same on every retry of the try, a new one per declined try. */
    String key() {
        return "ipr-" + rowId.toString().replace("-", "") + "-" + attempt;
    }
}
