package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

class TerminalAuthIT extends GatewayIntegrationTest {

    private void expectUnauthenticated(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
        response.expectStatus().isUnauthorized()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED")
                .jsonPath("$.error.message").isNotEmpty();
    }

    @Test
    void aSignedRequestReachesTheHandlerAsItsTerminal() {
        window.get("/api/v1/terminals/me").expectStatus().isOk()
                .expectBody().jsonPath("$.terminalId").isEqualTo(WINDOW_ID).jsonPath("$.kind").isEqualTo("WINDOW");
    }

    @Test
    void anUnsignedRequestIsRefused() {
        expectUnauthenticated(http.get().uri("/api/v1/terminals/me").exchange());
    }

    @Test
    void anUnknownTerminalIsRefused() {
        expectUnauthenticated(new SignedClient(http, "no-such-terminal", WINDOW_SECRET).get("/api/v1/terminals/me"));
    }

    @Test
    void aWrongSecretIsRefused() {
        expectUnauthenticated(new SignedClient(http, WINDOW_ID, "not-the-secret").get("/api/v1/terminals/me"));
    }

    @Test
    void aTimestampOutsideTheSkewIsRefusedInBothDirections() {
        long now = Instant.now().getEpochSecond();
        expectUnauthenticated(window.send(HttpMethod.GET, "/api/v1/terminals/me", "", now - 310, UUID.randomUUID().toString()));
        expectUnauthenticated(window.send(HttpMethod.GET, "/api/v1/terminals/me", "", now + 310, UUID.randomUUID().toString()));
        window.send(HttpMethod.GET, "/api/v1/terminals/me", "", now - 290, UUID.randomUUID().toString()).expectStatus().isOk();
    }

    @Test
    void aReusedNonceIsRefused() {
        String nonce = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        window.send(HttpMethod.GET, "/api/v1/terminals/me", "", now, nonce).expectStatus().isOk();
        expectUnauthenticated(window.send(HttpMethod.GET, "/api/v1/terminals/me", "", now, nonce));
    }

    @Test
    void aPaymentSentAgainWithTheSameSignatureIsAnsweredByItsIdempotencyKeyAndChargedOnce() {
        // What an HTTP client or a load balancer does with a request whose connection dropped: the same bytes again.
        String billNo = Bills.newBillNo();
        String body = Bills.bill(billNo, Sim.wallet("WECHAT", 100_000).authCode());
        String nonce = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        String first = window.send(HttpMethod.POST, "/api/v1/payments", body, now, nonce, key).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String again = window.send(HttpMethod.POST, "/api/v1/payments", body, now, nonce, key).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(again).isEqualTo(first).contains("\"status\":\"SUCCEEDED\"");
        assertThat(db.sql("SELECT count(*) AS n FROM payment WHERE bill_no = :b").bind("b", billNo)
                .map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1L);
    }

    @Test
    void theSameSignedRefundSentAgainWithAnotherIdempotencyKeyIsRefused() {
        // The key is not signed: a captured request resent under a new key must not become a second refund.
        Payments.View paid = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()));
        String path = "/api/v1/payments/" + paid.paymentId() + "/refunds";
        String body = "{\"amountFen\":100,\"reason\":\"退费\"}";
        String nonce = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        window.send(HttpMethod.POST, path, body, now, nonce, UUID.randomUUID().toString()).expectStatus().isOk();

        expectUnauthenticated(window.send(HttpMethod.POST, path, body, now, nonce, UUID.randomUUID().toString()));
        assertThat(db.sql("SELECT count(*) AS n FROM refund WHERE payment_id = :p").bind("p", paid.paymentId())
                .map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1L);
    }

    @Test
    void aNonceUsedAgainByAnotherRequestOrWithoutAnIdempotentCommandIsStillRefused() {
        String nonce = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        window.send(HttpMethod.POST, "/api/v1/payments", Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()), now, nonce, key)
                .expectStatus().isOk();
        expectUnauthenticated(window.send(HttpMethod.POST, "/api/v1/payments",
                Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()), now, nonce, key));

        String classifyNonce = UUID.randomUUID().toString();
        window.send(HttpMethod.POST, "/api/v1/codes/classify", "{\"raw\":\"1\"}", now, classifyNonce, key)
                .expectStatus().value(status -> assertThat(status).as("authenticated the first time").isNotEqualTo(401));
        expectUnauthenticated(window.send(HttpMethod.POST, "/api/v1/codes/classify", "{\"raw\":\"1\"}", now, classifyNonce, key));
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() {
        String nonce = UUID.randomUUID().toString();
        String ts = Long.toString(Instant.now().getEpochSecond());
        String sig = org.hospay.gateway.terminal.RequestSignature.sign(WINDOW_SECRET.getBytes(), "POST", "/api/v1/codes/classify", ts, nonce, "{\"raw\":\"1\"}".getBytes());
        expectUnauthenticated(http.post().uri("/api/v1/codes/classify")
                .header("X-Terminal-Id", WINDOW_ID).header("X-Timestamp", ts).header("X-Nonce", nonce).header("X-Signature", sig)
                .header("Content-Type", "application/json").bodyValue("{\"raw\":\"2\"}").exchange());
    }

    @Test
    void aSignatureForAnotherPathIsRefused() {
        String nonce = UUID.randomUUID().toString();
        String ts = Long.toString(Instant.now().getEpochSecond());
        String sig = org.hospay.gateway.terminal.RequestSignature.sign(WINDOW_SECRET.getBytes(), "GET", "/api/v1/payments", ts, nonce, new byte[0]);
        expectUnauthenticated(http.get().uri("/api/v1/terminals/me")
                .header("X-Terminal-Id", WINDOW_ID).header("X-Timestamp", ts).header("X-Nonce", nonce).header("X-Signature", sig).exchange());
    }

    @Test
    void aRefusedRequestDoesNotBurnTheNonce() {
        String nonce = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        expectUnauthenticated(new SignedClient(http, WINDOW_ID, "forged").send(HttpMethod.GET, "/api/v1/terminals/me", "", now, nonce));
        window.send(HttpMethod.GET, "/api/v1/terminals/me", "", now, nonce).expectStatus().isOk();
    }

    @Test
    void healthAndMetricsNeedNoTerminal() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    private static final String ME = "/api/v1/terminals/me";

    /** A terminal's request as the load balancer passes it on: with the address the balancer saw appended. */
    private static SignedClient through(WebTestClient client, String forwardedFor, String terminalId, String secret) {
        return new SignedClient(client.mutate().defaultHeader("X-Forwarded-For", forwardedFor).build(), terminalId, secret);
    }

    /** A failure that only the address's budget can turn into a 429: every attempt claims a terminal id of its own. */
    private static SignedClient forged(WebTestClient client, String forwardedFor) {
        return through(client, forwardedFor, "it-xff-" + UUID.randomUUID().toString().substring(0, 13), "forged");
    }

    /**
     * Behind a load balancer: {@code hospay.http.trusted-proxies=127.0.0.1}, as infra/cluster.sh runs its gateways (these
     * requests come over loopback, like HAProxy's there). Failed authentications count against the address the balancer
     * forwarded, so one window that fails leaves the other windows' budgets alone. Five failures an hour per address
     * here, in Redis keys of this context's own.
     */
    @Nested
    @TestPropertySource(properties = {"hospay.http.trusted-proxies=127.0.0.1",
            "hospay.rate-limits.auth-failures-per-address.capacity=5", "hospay.rate-limits.auth-failures-per-address.period=1h"})
    class BehindATrustedLoadBalancer {

        @DynamicPropertySource
        static void budgetsOfItsOwn(DynamicPropertyRegistry registry) {
            registry.add("hospay.redis.key-prefix", () -> TestServices.REDIS_PREFIX + ":trusted-lb");
        }

        @LocalServerPort
        int gatewayPort;

        @Autowired
        TerminalRegistry registry;

        private WebTestClient balancer() {
            return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gatewayPort).build();
        }

        @Test
        void failuresFromOneForwardedAddressSpendOnlyItsOwnBudget() {
            WebTestClient lb = balancer();
            for (int i = 0; i < 5; i++) forged(lb, "10.0.0.5").get(ME).expectStatus().isUnauthorized();
            forged(lb, "10.0.0.5").get(ME).expectStatus().isEqualTo(429).expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITED");

            // Another window behind the same balancer: its first failure is a 401 of its own budget, and it signs in.
            forged(lb, "10.0.0.6").get(ME).expectStatus().isUnauthorized();
            registry.upsert(new Terminal(WINDOW_ID, Terminal.Kind.WINDOW, "it-hospital", "W01"), WINDOW_SECRET).block();
            through(lb, "10.0.0.6", WINDOW_ID, WINDOW_SECRET).get(ME).expectStatus().isOk()
                    .expectBody().jsonPath("$.terminalId").isEqualTo(WINDOW_ID);
        }

        @Test
        void anAddressTheClientTypedLeftOfTheBalancersIsNotBelieved() {
            // HAProxy appends the peer it saw to what the client sent: only that right-most hop is the client.
            WebTestClient lb = balancer();
            for (int i = 1; i <= 5; i++) forged(lb, "6.6.6." + i + ", 10.0.0.7").get(ME).expectStatus().isUnauthorized();
            forged(lb, "6.6.6.6, 10.0.0.7").get(ME).expectStatus().isEqualTo(429);
        }
    }

    /**
     * No trusted proxy (the default): an X-Forwarded-For is the caller's own text, so typing a new address for every
     * attempt does not buy a new budget. Five failures an hour per address here, in Redis keys of this context's own.
     */
    @Nested
    @TestPropertySource(properties = {
            "hospay.rate-limits.auth-failures-per-address.capacity=5", "hospay.rate-limits.auth-failures-per-address.period=1h"})
    class WithNoTrustedProxy {

        @DynamicPropertySource
        static void budgetsOfItsOwn(DynamicPropertyRegistry registry) {
            registry.add("hospay.redis.key-prefix", () -> TestServices.REDIS_PREFIX + ":no-proxy");
        }

        @LocalServerPort
        int gatewayPort;

        @Test
        void aForgedXForwardedForDoesNotEscapeTheBudgetOfTheConnectionsAddress() {
            WebTestClient direct = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gatewayPort).build();
            for (int i = 1; i <= 5; i++) forged(direct, "10.0.1." + i).get(ME).expectStatus().isUnauthorized();
            forged(direct, "10.0.1.6").get(ME).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITED");
        }
    }
}
