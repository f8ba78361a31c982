package org.hospay.gateway.it.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.it.Bills;
import org.hospay.gateway.it.Inpatients;
import org.hospay.gateway.it.Payments;
import org.hospay.gateway.it.TestServices;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * docs/finance.md §1: the insurance platform's daily statements count inpatient discharge settlements (2304) under
 * clearing type 21 beside the outpatient ones (11), so the day's reconciliation totals ours of both kinds, keeps a
 * settlement its cancel (2305) voided, and finds one the platform left out. A database and a simulator of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InpatientReconciliationIT extends FinanceIntegrationTest {

    static final PrivateSimulator SIM = new PrivateSimulator();
    static final String DATABASE = TestServices.newDatabase("finance_inpatient");

    @DynamicPropertySource
    static void world(DynamicPropertyRegistry registry) {
        register(registry, SIM, DATABASE);
    }

    private static Inpatients.Stay settled;
    private static Inpatients.Stay cancelled;

    /** An insured stay with 3,000 CNY of fees, discharged and settled at the platform (2304); {@code depositFen} paid first. */
    private Inpatients.Stay settledStay(long depositFen) {
        Inpatients.Reply admitted = Inpatients.admitInsured(window, SIM.insuredIdNo());
        assertThat(admitted.status()).as(admitted.body()).isEqualTo(201);
        UUID stayId = admitted.as(Inpatients.Stay.class).stayId();
        if (depositFen > 0) Inpatients.deposit(window, stayId, depositFen, SIM.walletCode("UNIONPAY", 1_000_000));
        Inpatients.Reply fees = Inpatients.fees(window, stayId, "F1", 300_000);
        assertThat(fees.status()).as(fees.body()).isEqualTo(200);
        Inpatients.Reply discharged = Inpatients.discharge(window, stayId);
        assertThat(discharged.status()).as(discharged.body()).isIn(200, 202);
        Inpatients.Stay stay = Inpatients.await(window, stayId, s -> s.settlement() != null && s.insurance().setlId() != null, Duration.ofSeconds(30));
        assertThat(stay.insurance().stage()).as("%s", stay).isEqualTo("SETTLED");
        assertThat(stay.settlement().fundPayFen()).as("%s", stay).isPositive();
        return stay;
    }

    private Reply reconcile() {
        return financePost("/api/v1/finance/reconciliations", "{\"day\":\"" + today() + "\",\"counterparties\":[\"INSURANCE\"]}");
    }

    private static Map<String, Object> run(Reply r) {
        return r.list("runs").stream().filter(m -> "INSURANCE".equals(m.get("counterparty"))).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void aDayOfOutpatientAndInpatientSettlementsWithACancelledOneBalances() {
        Payments.View outpatient = Payments.pay(window, Bills.bill(Bills.newBillNo(), SIM.code(SIM.person(), "WECHAT", null)));
        assertThat(outpatient.status()).as("%s", outpatient).isEqualTo("SUCCEEDED");
        settled = settledStay(0);
        // Deposits cover the cash part, so the stay is DISCHARGED and its settlement can be cancelled (2305).
        cancelled = settledStay(150_000);
        Inpatients.Reply cancel = Inpatients.call(window, "/api/v1/inpatient/stays/" + cancelled.stayId() + "/discharge/cancel", "", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);

        Reply r = reconcile();

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).isEmpty();
        assertThat(run(r)).containsEntry("status", "BALANCED");
        assertThat(db.sql("SELECT setl_id, cancelled_at IS NOT NULL AS cancelled FROM inpatient_settlement ORDER BY settled_at")
                .map(row -> tuple(row.get("setl_id", String.class), row.get("cancelled", Boolean.class))).all().collectList().block())
                .as("both settlements in our books, the cancelled one kept")
                .containsExactly(tuple(settled.insurance().setlId(), false), tuple(cancelled.insurance().setlId(), true));
    }

    @Test
    @Order(2)
    void anInpatientSettlementThePlatformLeftOutIsFoundUnderItsClearingType() {
        String setlId = settled.insurance().setlId();
        SIM.statementDifference("INSURANCE", Map.of("kind", "OMIT", "outTradeNo", setlId));

        Reply r = reconcile();

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // 3201 for 310 / 21 differed, so the 3202 lines were read: the outpatient settlement and the cancelled one matched.
        assertThat(r.list("differences"))
                .extracting(d -> d.get("ref"), d -> d.get("kind"), d -> d.get("status"), d -> ((Number) d.get("ourFen")).longValue(), d -> d.get("theirFen"))
                .containsExactly(tuple("S:" + setlId, "HERE_NOT_THERE", "OPEN",
                        settled.settlement().fundPayFen() + settled.settlement().accountPayFen(), null));
        assertThat(run(r)).containsEntry("status", "DIFFERENCES").containsEntry("differences", 1);
    }
}
