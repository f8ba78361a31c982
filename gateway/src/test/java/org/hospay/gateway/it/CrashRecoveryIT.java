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
 * docs/architecture.md §4.1 and §10: a gateway killed with SIGKILL while payments are in flight (channels slow,
 * answers lost) is restarted, and recovery drives every payment to a final state the channels'
 * ledgers agree with. The gateway under test runs as its own JVM on its own database.
 */
class CrashRecoveryIT extends GatewayIntegrationTest {

    private static final Map<String, String> FAST_RECOVERY = Map.of(
            "hospay.demo.provision", "true",
            "hospay.engine.lease", "3s",
            "hospay.engine.recovery-idle", "1s",
            "hospay.engine.recovery-interval", "1s",
            "hospay.channels.insurance.msgid-node", "5");

    @AfterEach
    void clearFaults() {
        for (String c : List.of("INSURANCE", "WECHAT", "ALIPAY")) Sim.clearFault(c);
    }

    private static SignedClient demoWindow(GatewayProcess g) {
        WebTestClient client = WebTestClient.bindToServer().baseUrl(g.url()).responseTimeout(Duration.ofSeconds(60)).build();
        return new SignedClient(client, "demo-window-01", "demo-window-01-secret");
    }

    @Test
    void everyPaymentInFlightWhenTheGatewayIsKilledEndsFinalAndBalancedAfterRestart() throws Exception {
        String database = TestServices.newDatabase("crash");
        DatabaseClient crashDb = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + TestServices.PG_USER + ":"
                + TestServices.PG_PASSWORD + "@" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database));

        List<String> bills = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bills.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "WECHAT",
                    Map.of("walletBehavior", "HANG", "walletThenState", "SUCCESS")).code()));
            bills.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "ALIPAY",
                    Map.of("walletBehavior", "PASSWORD_REQUIRED", "walletQueriesUntilPaid", 3)).code()));
            bills.add(Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "WECHAT", Map.of()).code()));
        }
        Sim.fault("INSURANCE", Map.of("latencyMs", 300));
        Sim.fault("WECHAT", Map.of("latencyMs", 400, "timeoutRate", 0.5, "operations", Set.of("codepay")));

        GatewayProcess first = GatewayProcess.start(database, FAST_RECOVERY);
        SignedClient before = demoWindow(first);
        var senders = java.util.concurrent.Executors.newFixedThreadPool(bills.size());
        for (String bill : bills) {
            CompletableFuture.runAsync(() -> {
                try {
                    before.postWithKey("/api/v1/payments", bill, UUID.randomUUID().toString()).expectBody(String.class).returnResult();
                } catch (Throwable connectionCutByTheKill) {
                    // the point of the test
                }
            }, senders);
        }
        awaitPayments(crashDb, bills.size(), Duration.ofSeconds(20));
        Payments.pause(700);
        first.kill();
        senders.shutdownNow();

        long unfinishedAtKill = count(crashDb, "status NOT IN ('SUCCEEDED','FAILED')");
        assertThat(unfinishedAtKill).as("the kill caught payments in flight").isPositive();

        Sim.clearFault("WECHAT");
        Sim.clearFault("INSURANCE");
        try (GatewayProcess second = GatewayProcess.start(database, FAST_RECOVERY)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (count(crashDb, "status NOT IN ('SUCCEEDED','FAILED')") > 0 && System.nanoTime() < deadline) Payments.pause(500);
            assertThat(count(crashDb, "status NOT IN ('SUCCEEDED','FAILED')")).as("every payment reached a final state").isZero();

            SignedClient after = demoWindow(second);
            List<UUID> ids = crashDb.sql("SELECT payment_id FROM payment").map(r -> r.get("payment_id", UUID.class)).all().collectList().block();
            for (UUID id : ids) {
                Payments.View pay = Payments.get(after, id);
                Books.assertAgree(crashDb, pay);
            }
        }
    }

    private static void awaitPayments(DatabaseClient db, int n, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(db, "TRUE") < n && System.nanoTime() < deadline) Payments.pause(100);
        assertThat(count(db, "TRUE")).as("all payments were admitted before the kill").isEqualTo(n);
    }

    private static long count(DatabaseClient db, String where) {
        return db.sql("SELECT count(*) AS n FROM payment WHERE " + where).map(r -> r.get("n", Long.class)).one().block();
    }
}
