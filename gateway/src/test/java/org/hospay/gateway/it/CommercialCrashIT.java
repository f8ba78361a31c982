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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway killed with SIGKILL while three-leg payments (insurance settlement, commercial claim, self-pay charge; 商保直付)
 * are fanned out, and while such payments are being undone, is restarted; recovery ends every payment final and
 * consistent: the paid ones with all three legs kept, the failed ones with nothing kept by anyone (no one-sided leg),
 * as each counterparty's ledger says. The gateway under test runs as its own JVM on its own database.
 */
class CommercialCrashIT extends GatewayIntegrationTest {

    private static final Map<String, String> PRODUCTION_LEASES = Map.of(
            "hospay.demo.provision", "true",
            "hospay.engine.lease", "12s",
            "hospay.engine.recovery-interval", "5s");

    @AfterEach
    void clearFaults() {
        for (String c : List.of("INSURANCE", "COMMERCIAL", "WECHAT", "ALIPAY")) Sim.clearFault(c);
    }

    private static Sim.Person policyHolder() {
        Sim.Person p = Sim.employee(1_000);
        Sim.commercialPolicy(p, 80);
        return p;
    }

    @Test
    void threeLegPaymentsKilledDuringTheFanOutAndTheirUndoEndFinalWithNoOneSidedLeg() throws Exception {
        String database = TestServices.newDatabase("comcrash");
        DatabaseClient crashDb = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + TestServices.PG_USER + ":"
                + TestServices.PG_PASSWORD + "@" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database));
        List<String> fanOut = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // The claim is answered; the settlement (2207) and the charge are booked and their answers lost.
            fanOut.add(Bills.bill(Bills.newBillNo(), Sim.voucher(policyHolder(), "WECHAT",
                    Map.of("walletBehavior", "HANG", "walletThenState", "SUCCESS")).code()));
        }
        List<String> undoing = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // The charge is declined: the claim is cancelled and the settlement cancelled (2208 answers nothing).
            undoing.add(Bills.bill(Bills.newBillNo(), Sim.voucher(policyHolder(), "ALIPAY", Map.of("walletBehavior", "INSUFFICIENT")).code()));
        }
        Sim.fault("INSURANCE", Map.of("latencyMs", 200, "timeoutRate", 1.0, "operations", Set.of("2207", "2208")));
        Sim.fault("WECHAT", Map.of("latencyMs", 300, "timeoutRate", 1.0, "operations", Set.of("codepay")));

        GatewayProcess first = GatewayProcess.start(database, PRODUCTION_LEASES);
        SignedClient window = demoWindow(first);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        fanOut.forEach(bill -> post(window, bill, senders));
        undoing.forEach(bill -> post(window, bill, senders));
        await(crashDb, "SELECT count(DISTINCT payment_id) AS n FROM payment_leg WHERE kind = 'COMMERCIAL' AND status = 'SUCCEEDED'"
                + " AND payment_id IN (SELECT payment_id FROM payment WHERE stage = 'LEGS_SENT')", 1, Duration.ofSeconds(30));
        await(crashDb, "SELECT count(*) AS n FROM payment WHERE stage = 'COMPENSATING'", 1, Duration.ofSeconds(30));
        long open = count(crashDb, "SELECT count(*) AS n FROM payment WHERE status NOT IN ('SUCCEEDED', 'FAILED')");
        System.out.printf("CommercialCrashIT: at the kill %s%n", crashDb.sql("SELECT p.stage, l.kind, l.status FROM payment p JOIN payment_leg l"
                + " USING (payment_id) ORDER BY p.payment_id").map(r -> r.get("stage", String.class) + "/" + r.get("kind", String.class) + "="
                + r.get("status", String.class)).all().collectList().block());
        first.kill();
        senders.shutdownNow();
        assertThat(open).as("payments caught unfinished by the kill").isPositive();

        Sim.clearFault("WECHAT");
        Sim.clearFault("INSURANCE");
        try (GatewayProcess second = GatewayProcess.start(database, PRODUCTION_LEASES)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (count(crashDb, "SELECT count(*) AS n FROM payment WHERE status NOT IN ('SUCCEEDED', 'FAILED')") > 0
                    && System.nanoTime() < deadline) Payments.pause(100);
            assertThat(count(crashDb, "SELECT count(*) AS n FROM payment WHERE status NOT IN ('SUCCEEDED', 'FAILED')"))
                    .as("every payment reached a final state").isZero();

            System.out.printf("CommercialCrashIT: at the end %s%n", crashDb.sql("SELECT status, failure_code, failure_message FROM payment")
                    .map(r -> r.get("status", String.class) + " " + r.get("failure_code", String.class) + " " + r.get("failure_message", String.class))
                    .all().collectList().block());
            SignedClient after = demoWindow(second);
            List<UUID> ids = crashDb.sql("SELECT payment_id FROM payment").map(r -> r.get("payment_id", UUID.class)).all().collectList().block();
            assertThat(ids).hasSize(fanOut.size() + undoing.size());
            int threeLegs = 0;
            for (UUID id : ids) {
                Payments.View pay = Payments.get(after, id);
                List<Books.Leg> legs = Books.assertAgree(crashDb, pay);
                if (legs.stream().anyMatch(l -> l.kind().equals("COMMERCIAL"))) threeLegs++;
                if (pay.status().equals("SUCCEEDED")) {
                    // Paid: all three legs kept, as planned.
                    assertThat(pay.commercial().status()).as("%s", pay).isEqualTo("PAID");
                    assertThat(legs).extracting(Books.Leg::kind).containsExactlyInAnyOrder("INSURANCE", "COMMERCIAL", "SELF_PAY");
                } else {
                    // Failed (a leg declined, or past its query deadline when recovery found it: made impossible, not guessed):
                    // no counterparty keeps anything, the claim included.
                    assertThat(pay.status()).isEqualTo("FAILED");
                    assertThat(legs).allSatisfy(l -> assertThat(l.kept()).as("nothing kept by %s", l.channel()).isZero());
                    if (pay.commercial() != null && pay.commercial().claimNo() != null) {
                        assertThat(pay.commercial().status()).as("%s", pay).isIn("CANCELLED", "DECLINED");
                    }
                }
            }
            assertThat(threeLegs).as("payments with a commercial leg").isPositive();
        }
    }

    private static SignedClient demoWindow(GatewayProcess g) {
        WebTestClient client = WebTestClient.bindToServer().baseUrl(g.url()).responseTimeout(Duration.ofSeconds(60)).build();
        return new SignedClient(client, "demo-window-01", "demo-window-01-secret");
    }

    private static void post(SignedClient client, String bill, ExecutorService senders) {
        CompletableFuture.runAsync(() -> {
            try {
                client.postWithKey("/api/v1/payments", bill, UUID.randomUUID().toString()).expectBody(String.class).returnResult();
            } catch (Throwable connectionCutByTheKill) {
                // the point of the test
            }
        }, senders);
    }

    private static void await(DatabaseClient db, String countSql, long atLeast, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(db, countSql) < atLeast && System.nanoTime() < deadline) Payments.pause(20);
        assertThat(count(db, countSql)).as(countSql).isGreaterThanOrEqualTo(atLeast);
    }

    private static long count(DatabaseClient db, String countSql) {
        return db.sql(countSql).map(r -> r.get("n", Long.class)).one().block();
    }
}
