package org.hospay.gateway.finance;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A difference between a counterparty's statement and the gateway's records for one reference of one day.
 * {@code ours} or {@code theirs} is null on the side that has nothing.
 */
public record Difference(LocalDate day, String counterparty, String ref, Kind kind, Booking ours, Booking theirs) {

    /**
     * THERE_NOT_HERE: the counterparty booked it, we have no record. HERE_NOT_THERE: we recorded money moved,
     * their statement does not list it. AMOUNT_MISMATCH: both booked it, for different amounts.
     * STATUS_MISMATCH: both know it, and disagree whether money moved (our FAILED, their SUCCESS).
     */
    public enum Kind { THERE_NOT_HERE, HERE_NOT_THERE, AMOUNT_MISMATCH, STATUS_MISMATCH }

    public UUID paymentId() {
        return ours == null ? null : ours.paymentId();
    }

    public UUID legId() {
        return ours == null ? null : ours.legId();
    }
}
