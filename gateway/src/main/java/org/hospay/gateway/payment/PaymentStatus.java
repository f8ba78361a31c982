package org.hospay.gateway.payment;

/** The statuses of docs/api.md §6.1 plus the engine's internal RECEIVED/PROCESSING (reported as PENDING to callers). */
public enum PaymentStatus {
    RECEIVED, PROCESSING, PENDING, SUCCEEDED, FAILED, REFUNDED, PARTIALLY_REFUNDED;

    public boolean isFinal() {
        return switch (this) {
            case SUCCEEDED, FAILED, REFUNDED, PARTIALLY_REFUNDED -> true;
            case RECEIVED, PROCESSING, PENDING -> false;
        };
    }

    /** What a caller sees: work in progress is PENDING. */
    public String external() {
        return switch (this) {
            case RECEIVED, PROCESSING, PENDING -> "PENDING";
            case SUCCEEDED, FAILED, REFUNDED, PARTIALLY_REFUNDED -> name();
        };
    }
}
