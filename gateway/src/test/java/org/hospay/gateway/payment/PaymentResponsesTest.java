package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A payment answer in HTTP: 200 when final, 202 with the payment's address while it is not. */
class PaymentResponsesTest {

    private static PaymentView view(UUID id, String status) {
        return new PaymentView(id, "B1", status, 100, null, null, null, null, null, null, null, false, 0, null, null);
    }

    @Test
    void aFinalPaymentIs200() {
        var r = PaymentResponses.of(PaymentAnswer.of(view(UUID.randomUUID(), "SUCCEEDED")));
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getHeaders().getLocation()).isNull();
    }

    @Test
    void aPendingPaymentIs202WithWhereToFollowIt() {
        UUID id = UUID.randomUUID();
        PaymentAnswer answer = PaymentAnswer.of(view(id, "PENDING"));
        assertThat(answer).isInstanceOf(PaymentAnswer.StillRunning.class);
        var r = PaymentResponses.of(answer);
        assertThat(r.getStatusCode().value()).isEqualTo(202);
        assertThat(r.getHeaders().getFirst("Location")).isEqualTo("/api/v1/payments/" + id);
        assertThat(r.getBody()).isSameAs(answer.view());
    }
}
