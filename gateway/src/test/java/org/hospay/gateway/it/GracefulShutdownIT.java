package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/operations.md, graceful shutdown: a gateway sent SIGTERM while it runs payments refuses new ones at once
 * (503 GATEWAY_STOPPING, its health OUT_OF_SERVICE so a load balancer stops sending), finishes those that end within
 * the drain timeout, hands the others over (their leases end as it exits, not 12 s later) and exits within the
 * grace period; another instance's recovery then finishes what was handed over, and the channels' books agree.
 */
class GracefulShutdownIT extends GatewayIntegrationTest {

    private static final Map<String, String> SETTINGS = Map.of(
            "hospay.demo.provision", "true",
            "hospay.engine.lease", "12s",
            "hospay.engine.recovery-interval", "1s",
            "hospay.engine.drain-timeout", "15s",
            "hospay.engine.schedules.ALIPAY.max-wait", "60s");
    /** Kubernetes' default terminationGracePeriodSeconds, and infra/k8s's. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static SignedClient demoWindow(GatewayProcess g) {
        WebTestClient client = WebTestClient.bindToServer().baseUrl(g.url()).responseTimeout(Duration.ofSeconds(60)).build();
        return new SignedClient(client, "demo-window-01", "demo-window-01-secret");
    }

    @Test
    void sigtermRefusesNewPaymentsFinishesShortOnesHandsOverLongOnesAndExitsWithinTheGracePeriod() throws Exception {
        String database = TestServices.newDatabase("drain");
        DatabaseClient drainDb = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + TestServices.PG_USER + ":"
                + TestServices.PG_PASSWORD + "@" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database));
        // Short: the buyer confirms at the fourth query (about 3.3 s after the charge). Long: at the twentieth (one a
        // second), past the 15 s drain: handed over, and the next instance's queries see it paid.
        List<String> shortOnes = new ArrayList<>();
        List<String> longOnes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shortOnes.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "ALIPAY",
                    Map.of("walletBehavior", "PASSWORD_REQUIRED", "walletQueriesUntilPaid", 4)).code()));
        }
        for (int i = 0; i < 2; i++) {
            longOnes.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "ALIPAY",
                    Map.of("walletBehavior", "PASSWORD_REQUIRED", "walletQueriesUntilPaid", 20)).code()));
        }
        ExecutorService senders = Executors.newFixedThreadPool(8);
        GatewayProcess first = GatewayProcess.start(database, SETTINGS);
        SignedClient window = demoWindow(first);
        List<CompletableFuture<Integer>> shortAnswers = new ArrayList<>();
        for (String bill : shortOnes) shortAnswers.add(post(window, bill, senders));
        for (String bill : longOnes) post(window, bill, senders);
        int running = shortOnes.size() + longOnes.size();
        await(drainDb, "status IN ('RECEIVED', 'PROCESSING')", running, Duration.ofSeconds(20));

        long sigterm = System.nanoTime();
        CompletableFuture<Duration> exited = CompletableFuture.supplyAsync(() -> first.terminate(GRACE), senders);
        Payments.pause(300);
        String late = Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode());
        window.postWithKey("/api/v1/payments", late, UUID.randomUUID().toString())
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.error.code").isEqualTo("GATEWAY_STOPPING");
        WebTestClient.bindToServer().baseUrl(first.url()).build().get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.status").isEqualTo("OUT_OF_SERVICE");

        Duration exit = exited.get();
        assertThat(exit).as("SIGTERM to exit (null: still running after %s)", GRACE).isNotNull().isLessThan(GRACE);
        // Answered, not cut off (202 when the payment took longer than the answer budget; its status is checked below).
        assertThat(shortAnswers).allSatisfy(a -> assertThat(a.get()).as("short payments answered by the stopping gateway").isIn(200, 202));
        assertThat(count(drainDb, "bill_no IN (" + billNos(shortOnes) + ") AND status = 'SUCCEEDED'")).isEqualTo(shortOnes.size());
        assertThat(count(drainDb, "bill_no = '" + billNo(late) + "'")).as("nothing written for the refused payment").isZero();
        long open = count(drainDb, "status IN ('RECEIVED', 'PROCESSING')");
        assertThat(open).as("long payments still open at the exit").isEqualTo(longOnes.size());
        assertThat(count(drainDb, "status IN ('RECEIVED', 'PROCESSING') AND (lease_until IS NULL OR lease_until < now())"))
                .as("handed over: their leases ended at the exit, not 12 s later").isEqualTo(open);
        assertThat(first.output()).as("all were running at the SIGTERM").contains("for the " + running + " running here")
                .contains("handed over " + longOnes.size());

        try (GatewayProcess second = GatewayProcess.start(database, SETTINGS)) {
            long up = System.nanoTime();
            long deadline = up + Duration.ofSeconds(60).toNanos();
            while (count(drainDb, "status NOT IN ('SUCCEEDED', 'FAILED')") > 0 && System.nanoTime() < deadline) Payments.pause(100);
            System.out.printf("GracefulShutdownIT: exit %.1f s after SIGTERM; %d handed over, final %.1f s after the next instance was UP%n",
                    exit.toMillis() / 1000.0, open, (System.nanoTime() - up) / 1e9);
            assertThat(count(drainDb, "status NOT IN ('SUCCEEDED', 'FAILED')")).as("every payment final").isZero();
            SignedClient after = demoWindow(second);
            for (UUID id : drainDb.sql("SELECT payment_id FROM payment").map(r -> r.get("payment_id", UUID.class)).all().collectList().block()) {
                Books.assertAgree(drainDb, Payments.get(after, id));
            }
        } finally {
            senders.shutdownNow();
            System.out.printf("GracefulShutdownIT: %.1f s in all%n", (System.nanoTime() - sigterm) / 1e9);
        }
    }

    private static CompletableFuture<Integer> post(SignedClient client, String bill, ExecutorService senders) {
        return CompletableFuture.supplyAsync(() -> client.postWithKey("/api/v1/payments", bill, UUID.randomUUID().toString())
                .returnResult(String.class).getStatus().value(), senders);
    }

    private static String billNo(String bill) {
        return Payments.JSON.readTree(bill).path("billNo").asString();
    }

    private static String billNos(List<String> bills) {
        return String.join(",", bills.stream().map(b -> "'" + billNo(b) + "'").toList());
    }

    private static void await(DatabaseClient db, String where, long atLeast, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(db, where) < atLeast && System.nanoTime() < deadline) Payments.pause(20);
        assertThat(count(db, where)).as("payments where " + where).isGreaterThanOrEqualTo(atLeast);
    }

    private static long count(DatabaseClient db, String where) {
        return db.sql("SELECT count(*) AS n FROM payment WHERE " + where).map(r -> r.get("n", Long.class)).one().block();
    }
}
