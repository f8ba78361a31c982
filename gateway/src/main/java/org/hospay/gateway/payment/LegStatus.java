package org.hospay.gateway.payment;

/**
 * One leg's state. PLANNED has a request id but was not sent; SENT may or may not have reached the
 * vendor. NEEDS_REVIEW: money may have moved and the counterparty refused to undo it; only finance
 * can close it (reported by reconciliation and logged at ERROR).
 */
public enum LegStatus {
    PLANNED, SENT, PENDING, UNKNOWN, SUCCEEDED, DECLINED, COMPENSATED, NEEDS_REVIEW;

    public boolean isFinal() {
        return switch (this) {
            case SUCCEEDED, DECLINED, COMPENSATED, NEEDS_REVIEW -> true;
            case PLANNED, SENT, PENDING, UNKNOWN -> false;
        };
    }
}
