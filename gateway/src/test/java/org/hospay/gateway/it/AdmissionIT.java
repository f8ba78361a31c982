package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Past its bound of payments in flight a gateway refuses new ones at once, writing nothing, and recovers. */
@TestPropertySource(properties = "hospay.engine.max-in-flight=1")
class AdmissionIT extends GatewayIntegrationTest {

    private long payments() {
        return db.sql("SELECT count(*) AS n FROM payment").map(r -> r.get("n", Long.class)).one().block();
    }

    @Test
    void aGatewayAtItsBoundRefusesNewPaymentsWithoutWritingAndTakesThemAgainOnceFree() {
        Sim.Voucher slow = Sim.voucher(Sim.employee(0), "WECHAT", Map.of("walletBehavior", "PASSWORD_REQUIRED", "walletQueriesUntilPaid", 5));
        var first = Payments.post(window, Bills.bill(Bills.newBillNo(), slow.code()), UUID.randomUUID().toString());
        assertThat(first.status()).isEqualTo(202);
        long written = payments();
        Sim.Wallet w = Sim.wallet("ALIPAY", 100_000);

        window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), w.authCode()), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectBody().jsonPath("$.error.code").isEqualTo("GATEWAY_BUSY");
        assertThat(payments()).isEqualTo(written);
        assertThat(Sim.balance(w.walletId())).isEqualTo(100_000);

        assertThat(Payments.awaitFinal(window, first.view().paymentId(), Duration.ofSeconds(30)).status()).isEqualTo("SUCCEEDED");
        Payments.View next = payOnceAdmitted(Bills.bill(Bills.newBillNo(), w.authCode()));
        assertThat(next.status()).as("%s", next).isEqualTo("SUCCEEDED");
        Books.assertAgree(db, next);
    }

    /**
     * As a window obeys Retry-After: the slot is given back when the engine's work ends, a moment
     * after the final state is readable, so a refusal in that moment is retried (it wrote nothing).
     */
    private Payments.View payOnceAdmitted(String bill) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            var r = window.postWithKey("/api/v1/payments", bill, UUID.randomUUID().toString()).expectBody(String.class).returnResult();
            if (r.getStatus().value() != 503 || System.nanoTime() > deadline) {
                assertThat(r.getStatus().value()).as("payment answer: %s", r.getResponseBody()).isIn(200, 202);
                var view = Payments.JSON.readValue(r.getResponseBody(), Payments.View.class);
                return r.getStatus().value() == 200 ? view : Payments.awaitFinal(window, view.paymentId(), Duration.ofSeconds(30));
            }
            Payments.pause(100);
        }
    }

    @Test
    void aRefusedAdmissionGivesItsSlotBack() {
        for (int i = 0; i < 3; i++) {
            window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), "not-a-code"), UUID.randomUUID().toString())
                    .expectStatus().isBadRequest();
        }
        Payments.View paid = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("UNIONPAY", 100_000).authCode()));
        assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");
    }
}
