package org.hospay.gateway.payment;

/**
 * What a payment command answers, before HTTP: the payment is {@link Final} (succeeded, failed,
 * refunded), or {@link StillRunning} (the engine is still at it, or the payment waits for a payment
 * code) and the caller follows it at its own address.
 */
public sealed interface PaymentAnswer {

    PaymentView view();

    record Final(PaymentView view) implements PaymentAnswer {}

    record StillRunning(PaymentView view) implements PaymentAnswer {}

    static PaymentAnswer of(PaymentView view) {
        return "PENDING".equals(view.status()) ? new StillRunning(view) : new Final(view);
    }
}
