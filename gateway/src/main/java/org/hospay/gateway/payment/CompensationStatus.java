package org.hospay.gateway.payment;

/**
 * Where one compensation (undoing one leg with one tool) stands. PENDING: not confirmed yet, retried;
 * DONE: the leg is undone; ESCALATED: this tool was refused, the next, stronger one is used;
 * MANUAL: refused for good, the leg needs review by finance.
 */
enum CompensationStatus {
    PENDING, DONE, ESCALATED, MANUAL;

    boolean isSettled() {
        return this != PENDING;
    }
}
