package org.hospay.gateway.it.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.it.Bills;
import org.hospay.gateway.it.Payments;
import org.hospay.gateway.it.TestServices;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * docs/finance.md: a day of UnionPay payments reconciled with the partner platform's daily transaction file
 * (channels/docs/statements.md), over a database and a simulator of this class's own: clean (payments and a
 * refund), then fabricated differences, then a re-run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnionPayReconciliationIT extends FinanceIntegrationTest {

    static final PrivateSimulator SIM = new PrivateSimulator();
    static final String DATABASE = TestServices.newDatabase("finance_unionpay");

    @DynamicPropertySource
    static void world(DynamicPropertyRegistry registry) {
        register(registry, SIM, DATABASE);
    }

    private static Map<String, Object> firstResult;

    private Payments.View pay() {
        Payments.View v = Payments.pay(window, Bills.bill(Bills.newBillNo(), SIM.walletCode("UNIONPAY", 1_000_000)));
        assertThat(v.status()).as("%s", v).isEqualTo("SUCCEEDED");
        return v;
    }

    private Reply reconcile() {
        return financePost("/api/v1/finance/reconciliations", "{\"day\":\"" + today() + "\",\"counterparties\":[\"UNIONPAY\"]}");
    }

    @Test
    @Order(1)
    void aCleanDayOfPaymentsAndARefundBalances() {
        Payments.View a = pay();
        pay();
        var refund = window.postWithKey("/api/v1/payments/" + a.paymentId() + "/refunds", "{\"amountFen\":1000,\"reason\":\"退一盒药\"}",
                UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(refund.getStatus().value()).as(refund.getResponseBody()).isEqualTo(200);

        Reply r = reconcile();

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).isEmpty();
        // Two payments and the refund, every one matched.
        assertThat(run(r)).containsEntry("status", "BALANCED").containsEntry("theirLines", 3).containsEntry("matched", 3)
                .containsEntry("ourRecords", 3);
    }

    @Test
    @Order(2)
    void eachFabricatedDifferenceIsFoundAndClassifiedAndTheSafeOneIsResolved() {
        Payments.View omitted = pay();
        Payments.View misbooked = pay();
        SIM.statementDifference("UNIONPAY", Map.of("kind", "OMIT", "outTradeNo", Payments.outTradeNo(omitted.paymentId())));
        SIM.statementDifference("UNIONPAY", Map.of("kind", "AMOUNT", "outTradeNo", Payments.outTradeNo(misbooked.paymentId()), "amountFen", 5300));
        String unknown = (String) SIM.statementDifference("UNIONPAY", Map.of("kind", "EXTRA", "amountFen", 777)).get("outTradeNo");

        Reply r = reconcile();

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).extracting(d -> d.get("ref"), d -> d.get("kind"), d -> d.get("status"), d -> d.get("ourFen"), d -> d.get("theirFen"))
                .containsExactlyInAnyOrder(
                        // UnionPay's query confirms the payment its file left off: nothing owed.
                        tuple("P:" + Payments.outTradeNo(omitted.paymentId()), "HERE_NOT_THERE", "RESOLVED", (int) Bills.TOTAL, null),
                        tuple("P:" + Payments.outTradeNo(misbooked.paymentId()), "AMOUNT_MISMATCH", "OPEN", (int) Bills.TOTAL, 5300),
                        tuple("P:" + unknown, "THERE_NOT_HERE", "OPEN", null, 777));
        assertThat(run(r)).containsEntry("status", "DIFFERENCES").containsEntry("differences", 3).containsEntry("openDifferences", 2);
        firstResult = r.json();
    }

    @Test
    @Order(3)
    void reRunningTheDayGivesTheSameResultAndMovesNoMoney() {
        int ledgerBefore = SIM.ledger("UNIONPAY").size();

        Reply r = reconcile();

        assertThat(r.list("differences")).isEqualTo(firstResult.get("differences"));
        assertThat(run(r)).containsEntry("differences", 3).containsEntry("openDifferences", 2).containsEntry("runs", 3);
        assertThat(SIM.ledger("UNIONPAY")).hasSize(ledgerBefore);
    }

    private static Map<String, Object> run(Reply r) {
        return r.list("runs").stream().filter(m -> "UNIONPAY".equals(m.get("counterparty"))).findFirst().orElseThrow();
    }
}
