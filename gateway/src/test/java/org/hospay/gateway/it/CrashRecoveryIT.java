package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/architecture.md §6 (leases) and §10: a gateway killed with SIGKILL while payments are at every
 * stage (before any leg was sent, legs sent and unanswered, compensating a failed leg) is restarted
 * with production lease settings, and recovery drives every payment to a final state the channels'
 * ledgers agree with, within 20 s of the restart. The gateway under test runs as its own JVM on its
 * own database.
 */
class CrashRecoveryIT extends GatewayIntegrationTest {

    /** The production lease and sweep (application.yml), not the test profile's faster ones. */
    private static final Map<String, String> PRODUCTION_LEASES = Map.of(
            "hospay.demo.provision", "true",
            "hospay.engine.lease", "12s",
            "hospay.engine.recovery-interval", "5s");
    private static final Duration RECOVERY_BUDGET = Duration.ofSeconds(20);

    @AfterEach
    void clearFaults() {
        for (String c : List.of("INSURANCE", "WECHAT", "ALIPAY")) Sim.clearFault(c);
    }

    private static SignedClient demoWindow(GatewayProcess g) {
        WebTestClient client = WebTestClient.bindToServer().baseUrl(g.url()).responseTimeout(Duration.ofSeconds(60)).build();
        return new SignedClient(client, "demo-window-01", "demo-window-01-secret");
    }

    @Test
    void paymentsKilledAtEveryStageEndFinalAndBalancedWithinTwentySecondsOfTheRestart() throws Exception {
        String database = TestServices.newDatabase("crash");
        DatabaseClient crashDb = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + TestServices.PG_USER + ":"
                + TestServices.PG_PASSWORD + "@" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database));

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Sent and never answered: the charge is booked, its answer lost.
            sent.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "WECHAT",
                    Map.of("walletBehavior", "HANG", "walletThenState", "SUCCESS")).code()));
            // Sent and waiting for the customer's password.
            sent.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "ALIPAY",
                    Map.of("walletBehavior", "PASSWORD_REQUIRED", "walletQueriesUntilPaid", 3)).code()));
        }
        List<String> compensating = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // The charge is declined, so the settlement is being cancelled (and 2208 answers nothing).
            compensating.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "ALIPAY",
                    Map.of("walletBehavior", "INSUFFICIENT")).code()));
        }
        List<String> beforeSend = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            beforeSend.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "WECHAT", Map.of()).code()));
        }
        Sim.fault("INSURANCE", Map.of("latencyMs", 300, "timeoutRate", 1.0, "operations", Set.of("2208")));
        Sim.fault("WECHAT", Map.of("latencyMs", 400, "timeoutRate", 1.0, "operations", Set.of("codepay")));

        GatewayProcess first = GatewayProcess.start(database, PRODUCTION_LEASES);
        SignedClient before = demoWindow(first);
        var senders = java.util.concurrent.Executors.newFixedThreadPool(12);
        List<String> firstWave = new ArrayList<>(sent);
        firstWave.addAll(compensating);
        firstWave.forEach(bill -> post(before, bill, senders));
        await(crashDb, "stage = 'COMPENSATING'", compensating.size(), Duration.ofSeconds(30));
        await(crashDb, "stage = 'LEGS_SENT'", 1, Duration.ofSeconds(10));
        // The last wave is killed while it is still with the insurance platform (1101 / 2206): nothing sent yet.
        beforeSend.forEach(bill -> post(before, bill, senders));
        await(crashDb, "stage IN ('CREATED', 'PRESETTLED')", 1, Duration.ofSeconds(10));
        Map<String, Long> stagesAtKill = stages(crashDb);
        first.kill();
        long killed = System.nanoTime();
        senders.shutdownNow();
        assertThat(stagesAtKill.keySet()).as("the kill caught payments with legs sent and compensating").contains("LEGS_SENT", "COMPENSATING");
        assertThat(stagesAtKill.keySet()).as("the kill caught payments before any leg was sent").containsAnyOf("CREATED", "PRESETTLED");

        Sim.clearFault("WECHAT");
        Sim.clearFault("INSURANCE");
        try (GatewayProcess second = GatewayProcess.start(database, PRODUCTION_LEASES)) {
            // Measured from the restarted gateway answering UP: how long it takes to start is the JVM's business.
            long up = System.nanoTime();
            long deadline = up + Duration.ofSeconds(90).toNanos();
            while (count(crashDb, "status NOT IN ('SUCCEEDED','FAILED')") > 0 && System.nanoTime() < deadline) Payments.pause(100);
            long done = System.nanoTime();
            Duration recovered = Duration.ofNanos(done - up);
            System.out.printf("CrashRecoveryIT: %d payments unfinished at the kill %s; all final %.1f s after the restarted gateway was UP"
                            + " (%.1f s after the kill; lease 12 s, sweep 5 s)%n", stagesAtKill.values().stream().mapToLong(Long::longValue).sum(),
                    stagesAtKill, recovered.toMillis() / 1000.0, (done - killed) / 1e9);
            assertThat(count(crashDb, "status NOT IN ('SUCCEEDED','FAILED')")).as("every payment reached a final state").isZero();
            assertThat(recovered).as("restart to every payment final").isLessThanOrEqualTo(RECOVERY_BUDGET);
            assertThat(count(crashDb, "failure_code = 'INTERRUPTED'")).as("payments stopped before sending failed with nothing moved")
                    .isPositive();

            SignedClient after = demoWindow(second);
            List<UUID> ids = crashDb.sql("SELECT payment_id FROM payment").map(r -> r.get("payment_id", UUID.class)).all().collectList().block();
            for (UUID id : ids) {
                Payments.View pay = Payments.get(after, id);
                Books.assertAgree(crashDb, pay);
            }
        }
    }

    private static void post(SignedClient client, String bill, java.util.concurrent.ExecutorService senders) {
        CompletableFuture.runAsync(() -> {
            try {
                client.postWithKey("/api/v1/payments", bill, UUID.randomUUID().toString()).expectBody(String.class).returnResult();
            } catch (Throwable connectionCutByTheKill) {
                // the point of the test
            }
        }, senders);
    }

    private static void await(DatabaseClient db, String where, long atLeast, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(db, where) < atLeast && System.nanoTime() < deadline) Payments.pause(20);
        assertThat(count(db, where)).as("payments where " + where).isGreaterThanOrEqualTo(atLeast);
    }

    private static Map<String, Long> stages(DatabaseClient db) {
        return db.sql("SELECT stage, count(*) AS n FROM payment WHERE status NOT IN ('SUCCEEDED','FAILED') GROUP BY stage")
                .map(r -> Map.entry(r.get("stage", String.class), r.get("n", Long.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
    }

    private static long count(DatabaseClient db, String where) {
        return db.sql("SELECT count(*) AS n FROM payment WHERE " + where).map(r -> r.get("n", Long.class)).one().block();
    }
}
