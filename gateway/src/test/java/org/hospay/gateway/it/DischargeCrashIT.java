package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/api.md §13.5: a gateway killed with SIGKILL in the middle of a discharge — the settlement written, the first
 * deposit refund booked at the channel but unanswered, the second not sent — is restarted, and recovery finishes the
 * discharge: every deposit refund made exactly once, the stay's money adding up. Its own JVM on its own database.
 */
class DischargeCrashIT extends GatewayIntegrationTest {

    private static final Map<String, String> LEASES = Map.of(
            "hospay.demo.provision", "true",
            "hospay.inpatient.lease", "12s",
            "hospay.inpatient.recovery-interval", "5s");

    @AfterEach
    void clearFaults() {
        Sim.clearFault("ALIPAY");
        Sim.clearFault("INSURANCE");
    }

    private static SignedClient demoBedside(GatewayProcess g) {
        WebTestClient client = WebTestClient.bindToServer().baseUrl(g.url()).responseTimeout(Duration.ofSeconds(60)).build();
        return new SignedClient(client, "demo-bedside-01", "demo-bedside-01-secret");
    }

    @Test
    void aDischargeKilledWhileRefundingDepositsIsFinishedAfterTheRestartWithEachRefundMadeOnce() {
        String database = TestServices.newDatabase("discharge");
        DatabaseClient crashDb = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + TestServices.PG_USER + ":"
                + TestServices.PG_PASSWORD + "@" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database));
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Sim.Wallet alipay = Sim.wallet("ALIPAY", 1_000_000);

        UUID stayId;
        Inpatients.DepositAnswer older;
        Inpatients.DepositAnswer newer;
        GatewayProcess first = GatewayProcess.start(database, LEASES);
        try {
            SignedClient bedside = demoBedside(first);
            stayId = Inpatients.admit(bedside).stayId();
            older = Inpatients.deposit(bedside, stayId, 50_000, wechat.authCode());
            newer = Inpatients.deposit(bedside, stayId, 30_000, alipay.authCode());
            assertThat(Inpatients.fees(bedside, stayId, "F1", 20_000).status()).isEqualTo(200);
            // Alipay books the refund and never answers: the first refund's outcome is unknown when the gateway dies.
            Sim.fault("ALIPAY", Map.of("latencyMs", 200, "timeoutRate", 1.0, "operations", Set.of("alipay.trade.refund")));
            UUID id = stayId;
            CompletableFuture.runAsync(() -> {
                try {
                    Inpatients.discharge(bedside, id);
                } catch (Throwable connectionCutByTheKill) {
                    // the point of the test
                }
            });
            await(crashDb, "SELECT count(*) AS n FROM inpatient_refund WHERE refund_id IS NOT NULL", Duration.ofSeconds(20));
            // the Alipay deposit's refund (newest, 30,000) is the one left unknown at the kill
            assertThat(count(crashDb, "SELECT count(*) AS n FROM inpatient_refund WHERE amount_fen = 30000 AND status = 'SUCCEEDED'"
                    + " AND deposit_id IN (SELECT deposit_id FROM inpatient_deposit WHERE amount_fen = 30000)")).isZero();
        } finally {
            first.kill();
        }
        assertThat(count(crashDb, "SELECT count(*) AS n FROM inpatient_stay WHERE status = 'DISCHARGING'")).isEqualTo(1);
        Sim.clearFault("ALIPAY");

        try (GatewayProcess second = GatewayProcess.start(database, LEASES)) {
            SignedClient bedside = demoBedside(second);
            Inpatients.Stay done = Inpatients.await(bedside, stayId, s -> s.status().equals("DISCHARGED"), Duration.ofSeconds(60));

            assertThat(done.status()).as("%s", done).isEqualTo("DISCHARGED");
            assertThat(done.refunds()).extracting(Inpatients.Refund::status).containsOnly("SUCCEEDED");
            assertThat(done.refunds()).extracting(Inpatients.Refund::amountFen).containsExactly(30_000L, 30_000L);
            assertThat(done.balanceFen()).isZero();
            assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000);
            assertThat(Sim.balance(wechat.walletId())).isEqualTo(1_000_000 - 20_000);
            assertThat(Books.net("ALIPAY", Payments.outTradeNo(newer.payment().paymentId()))).isZero();
            assertThat(Books.net("WECHAT", Payments.outTradeNo(older.payment().paymentId()))).isEqualTo(20_000);
        }
    }

    /**
     * §13.6: killed after the platform made the settlement (2304) but before its answer came back (2304 and the 5203
     * look-up unanswered). The restarted gateway sends the same msgid again, which the platform answers once: one
     * settlement, the slip from it, the cash part against the deposits.
     */
    @Test
    void anInsuredDischargeKilledWhileItsSettlementIsUnansweredIsSettledOnceAfterTheRestart() {
        String database = TestServices.newDatabase("insdischarge");
        DatabaseClient crashDb = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + TestServices.PG_USER + ":"
                + TestServices.PG_PASSWORD + "@" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database));
        Sim.Person person = Sim.employee(0);
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);

        UUID stayId;
        GatewayProcess first = GatewayProcess.start(database, LEASES);
        try {
            SignedClient bedside = demoBedside(first);
            Inpatients.Reply admitted = Inpatients.admitInsured(bedside, person.idNo());
            assertThat(admitted.status()).as(admitted.body()).isEqualTo(201);
            stayId = admitted.as(Inpatients.Stay.class).stayId();
            Inpatients.deposit(bedside, stayId, 150_000, wechat.authCode());
            assertThat(Inpatients.fees(bedside, stayId, "F1", 300_000).status()).isEqualTo(200);
            Sim.fault("INSURANCE", Map.of("latencyMs", 200, "timeoutRate", 1.0, "operations", Set.of("2304", "5203")));
            UUID id = stayId;
            CompletableFuture.runAsync(() -> {
                try {
                    Inpatients.discharge(bedside, id);
                } catch (Throwable connectionCutByTheKill) {
                    // the point of the test
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (settlements(person).isEmpty() && System.nanoTime() < deadline) Payments.pause(20);
            assertThat(settlements(person)).as("the platform settled").hasSize(1);
        } finally {
            first.kill();
        }
        assertThat(count(crashDb, "SELECT count(*) AS n FROM inpatient_stay WHERE status = 'DISCHARGING' AND stage = 'SETTLING'"
                + " AND ins_stage = 'DISCHARGED' AND setl_msgid IS NOT NULL")).isEqualTo(1);
        Sim.clearFault("INSURANCE");

        try (GatewayProcess second = GatewayProcess.start(database, LEASES)) {
            SignedClient bedside = demoBedside(second);
            Inpatients.Stay done = Inpatients.await(bedside, stayId, s -> s.status().equals("DISCHARGED"), Duration.ofSeconds(60));

            assertThat(done.status()).as("%s", done).isEqualTo("DISCHARGED");
            assertThat(done.insurance().stage()).isEqualTo("SETTLED");
            // 3,000 CNY: 1,000 deductible, 1,800 fund, 1,200 cash; 1,500 deposited, 300 back
            assertThat(done.settlement()).isEqualTo(new Inpatients.Settlement(300_000, 180_000, 0, 120_000, 150_000, 30_000, 0));
            assertThat(done.refunds()).extracting(Inpatients.Refund::status).containsOnly("SUCCEEDED");
            assertThat(settlements(person)).hasSize(1);
            assertThat(Sim.balance(wechat.walletId())).isEqualTo(1_000_000 - 120_000);
        }
    }

    private static java.util.List<Sim.Entry> settlements(Sim.Person p) {
        return Sim.ledger("INSURANCE").stream().filter(e -> "INPATIENT_SETTLEMENT".equals(e.type()) && p.psnNo().equals(e.account())).toList();
    }

    private static void await(DatabaseClient db, String countSql, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(db, countSql) < 1 && System.nanoTime() < deadline) Payments.pause(20);
        assertThat(count(db, countSql)).as(countSql).isPositive();
    }

    private static long count(DatabaseClient db, String sql) {
        return db.sql(sql).map(r -> r.get("n", Long.class)).one().block();
    }
}
