package org.hospay.gateway.payment;

/** Where a payment is in the one-scan flow (docs/architecture.md §4.1); recovery resumes from here. */
public enum Stage {
    /** Written with the payment: nothing sent yet. */
    CREATED,
    /**
     * Insurance person known (1101) and pre-settled (2201/2204/2206); legs planned, nothing charged. Written by the
     * second scan of a payment that waited for a code; a plan that needs no wait is written at LEGS_SENT at once.
     */
    PRESETTLED,
    /** Pre-settled, but the self-pay part has no source: waiting for a payment code at the window. */
    AWAITING_CODE,
    /**
     * Legs going out (settlement and charge), each only after its durable intent (leg SENT; written with the plan
     * when every leg goes out at once), so a leg still PLANNED here was never sent; outcomes being collected or resolved.
     */
    LEGS_SENT,
    /** A leg failed definitely; the others are being undone. */
    COMPENSATING,
    DONE
}
