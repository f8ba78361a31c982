package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * A gateway killed with SIGKILL while phone payments wait (their 6202 settlement unanswered, their in-app orders
 * waiting for the patients) is restarted; meanwhile one patient paid in the app and the other's WeChat refused. The
 * restarted gateway's recovery finishes both from what is stored: the first SUCCEEDED with each part booked once, the
 * second FAILED with its insurance part given back by 6203, as the counterparties' ledgers say.
 */
class PhoneCrashIT extends GatewayIntegrationTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "hospay.demo.provision", "true",
            "hospay.engine.lease", "12s",
            "hospay.engine.recovery-interval", "5s",
            // A lost 6202 answer stays unanswered (SENT) until the kill instead of turning UNKNOWN first.
            "hospay.channels.insurance.response-timeout", "60s",
            // Deadlines that outlive the restart, so recovery queries the open legs (6301, the order query) instead of
            // finding them past their deadline and making them impossible (revoke, close: also consistent, but not this test).
            "hospay.engine.schedules[WECHAT_APP].first-query-after", "300ms",
            "hospay.engine.schedules[WECHAT_APP].interval", "500ms",
            "hospay.engine.schedules[WECHAT_APP].max-wait", "5m",
            "hospay.engine.schedules[INSURANCE_MOBILE].first-query-after", "300ms",
            "hospay.engine.schedules[INSURANCE_MOBILE].interval", "500ms",
            "hospay.engine.schedules[INSURANCE_MOBILE].max-wait", "5m");

    @AfterEach
    void clearFaults() {
        Sim.clearFault("INSURANCE");
    }

    @Test
    void phonePaymentsKilledWhileWaitingForTheAppAreFinishedByRecovery() {
        String database = TestServices.newDatabase("phonecrash");
        DatabaseClient crashDb = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + TestServices.PG_USER + ":"
                + TestServices.PG_PASSWORD + "@" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database));
        Phones.Patient paying = Phones.insured(300);
        Phones.Patient refused = Phones.insured(400);
        String paidBill = Phones.issueBill(paying, Phones.billNo(), 2000);
        String failedBill = Phones.issueBill(refused, Phones.billNo(), 2200);
        Sim.Wallet wallet = Sim.wallet("WECHAT", 10_000);
        Sim.Wallet empty = Sim.wallet("WECHAT", 0);
        // 6202 is booked at the platform and its answer lost: the insurance legs are SENT when the gateway dies.
        Sim.fault("INSURANCE", Map.of("timeoutRate", 1.0, "operations", List.of("6202")));

        JsonNode paid;
        JsonNode failed;
        try (GatewayProcess first = GatewayProcess.start(database, PROPERTIES)) {
            WebTestClient client = WebTestClient.bindToServer().baseUrl(first.url()).responseTimeout(Duration.ofSeconds(60)).build();
            paid = Phones.payAwaitingApp(Family.patient(client, paying.person()), paidBill, wallet);
            failed = Phones.payAwaitingApp(Family.patient(client, refused.person()), failedBill, empty);
            assertThat(legStates(crashDb)).as("at the kill").contains("INSURANCE=SENT", "SELF_PAY=PENDING");
            first.kill();
        }
        Sim.clearFault("INSURANCE");
        assertThat(Phones.confirmInApp(paid.path("appPay").path("prepayId").asString())).isEqualTo("SUCCESS");
        assertThat(Phones.confirmInApp(failed.path("appPay").path("prepayId").asString())).isEqualTo("PAYERROR");

        try (GatewayProcess second = GatewayProcess.start(database, PROPERTIES)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (open(crashDb) > 0 && System.nanoTime() < deadline) Payments.pause(200);
            assertThat(open(crashDb)).as("every payment final after recovery").isZero();

            assertThat(status(crashDb, paid)).as("%s", crashDb.sql("SELECT operation, outcome, detail FROM channel_attempt ORDER BY attempt_id")
                    .map(r -> r.get("operation", String.class) + ":" + r.get("outcome", String.class) + ":" + r.get("detail", String.class))
                    .all().collectList().block()).isEqualTo("SUCCEEDED");
            assertThat(attempts(crashDb, paid)).as("the lost 6202 found by the order query").contains("PAY_6202:SENT", "QUERY_6301:SUCCEEDED");
            String order = Payments.outTradeNo(UUID.fromString(paid.path("paymentId").asString()));
            long self = paid.path("selfPay").path("amountFen").asLong();
            assertThat(Sim.ledger("WECHAT", order)).filteredOn(e -> e.type().equals("CHARGE")).singleElement()
                    .satisfies(e -> assertThat(e.amountFen()).isEqualTo(self));
            assertThat(Sim.balance(wallet.walletId())).isEqualTo(10_000 - self);
            assertThat(Phones.insuranceLedger(paying.psnNo())).filteredOn(e -> e.type().equals("SETTLEMENT")).singleElement()
                    .satisfies(e -> assertThat(e.amountFen()).isEqualTo(300));
            assertThat(Phones.insuranceLedger(paying.psnNo())).filteredOn(e -> e.type().equals("REFUND")).isEmpty();

            assertThat(status(crashDb, failed)).isEqualTo("FAILED");
            assertThat(Phones.insuranceLedger(refused.psnNo())).as("settled once, refunded once")
                    .extracting(Sim.Entry::type, Sim.Entry::amountFen)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("SETTLEMENT", 400L), org.assertj.core.groups.Tuple.tuple("REFUND", 400L));
            assertThat(Phones.accountBalance(refused.psnNo())).isEqualTo(400);
            assertThat(Sim.balance(empty.walletId())).isZero();
        }
    }

    private static List<String> legStates(DatabaseClient db) {
        return db.sql("SELECT kind, status FROM payment_leg").map(r -> r.get("kind", String.class) + "=" + r.get("status", String.class))
                .all().collectList().block();
    }

    private static List<String> attempts(DatabaseClient db, JsonNode payment) {
        return db.sql("SELECT operation, outcome FROM channel_attempt WHERE payment_id = :p ORDER BY attempt_id")
                .bind("p", UUID.fromString(payment.path("paymentId").asString()))
                .map(r -> r.get("operation", String.class) + ":" + r.get("outcome", String.class)).all().collectList().block();
    }

    private static long open(DatabaseClient db) {
        return db.sql("SELECT count(*) AS n FROM payment WHERE status NOT IN ('SUCCEEDED', 'FAILED')").map(r -> r.get("n", Long.class)).one().block();
    }

    private static String status(DatabaseClient db, JsonNode payment) {
        return db.sql("SELECT status FROM payment WHERE payment_id = :p").bind("p", UUID.fromString(payment.path("paymentId").asString()))
                .map(r -> r.get("status", String.class)).one().block();
    }
}
