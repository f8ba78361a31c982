package org.hospay.gateway.payment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** docs/api.md §6.1 in HTTP: a final payment is 200; one still running is 202 with its address to poll (Location). */
public final class PaymentResponses {

    private PaymentResponses() {
    }

    public static ResponseEntity<PaymentView> of(PaymentAnswer answer) {
        return switch (answer) {
            case PaymentAnswer.Final f -> ResponseEntity.ok(f.view());
            case PaymentAnswer.StillRunning r -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .header("Location", "/api/v1/payments/" + r.view().paymentId()).body(r.view());
        };
    }
}
