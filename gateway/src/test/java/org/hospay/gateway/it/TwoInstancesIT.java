package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** docs/architecture.md §10: two gateway instances sharing PostgreSQL and Redis behave as one. */
class TwoInstancesIT extends GatewayIntegrationTest {

    private static GatewayProcess other;

    @BeforeAll
    static void startSecondInstance() {
        other = GatewayProcess.start(TestServices.DATABASE, Map.of());
    }

    @AfterAll
    static void stopSecondInstance() {
        if (other != null) other.close();
    }

    private SignedClient otherWindow() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl(other.url()).responseTimeout(Duration.ofSeconds(60)).build();
        return new SignedClient(client, WINDOW_ID, WINDOW_SECRET);
    }

    record Reply(int status, String body) {}

    private static Reply send(SignedClient to, String body, String key) {
        var r = to.postWithKey("/api/v1/payments", body, key).expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), r.getResponseBody());
    }

    @Test
    void theSameRequestSentToBothInstancesChargesOnce() throws Exception {
        Sim.Voucher v = Sim.voucher(Sim.employee(2_000), "WECHAT");
        String bill = Bills.bill(Bills.newBillNo(), v.code());
        String key = UUID.randomUUID().toString();
        SignedClient b = otherWindow();

        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var toA = CompletableFuture.supplyAsync(() -> send(window, bill, key), pool);
        var toB = CompletableFuture.supplyAsync(() -> send(b, bill, key), pool);
        Reply a = toA.get();
        Reply bb = toB.get();
        pool.shutdown();

        assertThat(a.status()).isIn(200, 409);
        assertThat(bb.status()).isIn(200, 409);
        Reply replayA = send(window, bill, key);
        Reply replayB = send(b, bill, key);
        assertThat(replayA.status()).isEqualTo(200);
        assertThat(replayB.body()).isEqualTo(replayA.body());
        Payments.View pay = JsonMapper.builder().build().readValue(replayA.body(), Payments.View.class);
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(Sim.ledger("WECHAT", Payments.outTradeNo(pay.paymentId())).stream().filter(e -> e.type().equals("CHARGE"))).hasSize(1);
        Books.assertAgree(db, pay);
    }

    @Test
    void aBillPaidThroughOneInstanceIsRefusedByTheOther() {
        String billNo = Bills.newBillNo();
        Payments.View paid = Payments.pay(window, Bills.bill(billNo, Sim.wallet("UNIONPAY", 100_000).authCode()));
        assertThat(paid.status()).isEqualTo("SUCCEEDED");

        otherWindow().postWithKey("/api/v1/payments", Bills.bill(billNo, Sim.wallet("UNIONPAY", 100_000).authCode()),
                        UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.error.code").isEqualTo("BILL_ALREADY_PAID");
    }
}
