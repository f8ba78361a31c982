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
 * docs/finance.md: a day of commercial direct-pay claims reconciled with the insurer's daily claim statement
 * (channels/docs/statements.md), over a database and a simulator of this class's own: clean, then each kind of
 * difference the simulator fabricates, then a re-run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommercialReconciliationIT extends FinanceIntegrationTest {

    static final PrivateSimulator SIM = new PrivateSimulator();
    static final String DATABASE = TestServices.newDatabase("finance_commercial");

    @DynamicPropertySource
    static void world(DynamicPropertyRegistry registry) {
        register(registry, SIM, DATABASE);
    }

    private static Payments.View refunded;
    private static String cancelNo;
    private static Map<String, Object> firstResult;

    private Payments.View payWithClaim() {
        Payments.View v = Payments.pay(window, Bills.bill(Bills.newBillNo(), SIM.code(SIM.personWithPolicy(80), "WECHAT", null)));
        assertThat(v.status()).as("%s", v).isEqualTo("SUCCEEDED");
        assertThat(v.commercial()).as("%s", v).isNotNull();
        assertThat(v.commercial().status()).isEqualTo("PAID");
        return v;
    }

    private Reply reconcile() {
        return financePost("/api/v1/finance/reconciliations", "{\"day\":\"" + today() + "\",\"counterparties\":[\"COMMERCIAL\"]}");
    }

    static String outClaimNo(UUID paymentId) {
        return "M" + paymentId.toString().replace("-", "").substring(1);
    }

    @Test
    @Order(1)
    void aCleanDayOfClaimsAndACancelBalances() {
        payWithClaim();
        refunded = payWithClaim();
        var refund = window.postWithKey("/api/v1/payments/" + refunded.paymentId() + "/refunds",
                "{\"amountFen\":" + Bills.TOTAL + ",\"reason\":\"全部退费\"}", UUID.randomUUID().toString()).expectBody(Map.class).returnResult();
        assertThat(refund.getStatus().value()).as("%s", refund.getResponseBody()).isEqualTo(200);
        cancelNo = "K" + ((String) refund.getResponseBody().get("refundId")).replace("-", "").substring(1);
        assertThat(SIM.ledger("COMMERCIAL")).as("the refund cancelled the claim at the insurer")
                .anyMatch(e -> "CLAIM_CANCEL".equals(e.get("type")) && cancelNo.equals(e.get("requestId")));

        Reply r = reconcile();

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).isEmpty();
        // Two claims and the cancel of one, every one matched.
        assertThat(run(r)).containsEntry("status", "BALANCED").containsEntry("theirLines", 3).containsEntry("matched", 3)
                .containsEntry("ourRecords", 3);
    }

    @Test
    @Order(2)
    void eachFabricatedDifferenceIsFoundAndClassifiedAndTheSafeOneIsResolved() {
        Payments.View omitted = payWithClaim();
        Payments.View misbooked = payWithClaim();
        SIM.statementDifference("COMMERCIAL", Map.of("kind", "OMIT", "outTradeNo", outClaimNo(omitted.paymentId())));
        SIM.statementDifference("COMMERCIAL", Map.of("kind", "AMOUNT", "outTradeNo", outClaimNo(misbooked.paymentId()), "amountFen", 1234));
        SIM.statementDifference("COMMERCIAL", Map.of("kind", "OMIT", "outTradeNo", cancelNo));
        String unknownClaim = (String) SIM.statementDifference("COMMERCIAL", Map.of("kind", "EXTRA", "amountFen", 888)).get("outTradeNo");

        Reply r = reconcile();

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).extracting(d -> d.get("ref"), d -> d.get("kind"), d -> d.get("status"), d -> d.get("ourFen"), d -> d.get("theirFen"))
                .containsExactlyInAnyOrder(
                        // The insurer's query confirms the claim its statement left off: nothing owed.
                        tuple("P:" + outClaimNo(omitted.paymentId()), "HERE_NOT_THERE", "RESOLVED", (int) omitted.commercial().amountFen(), null),
                        tuple("P:" + outClaimNo(misbooked.paymentId()), "AMOUNT_MISMATCH", "OPEN", (int) misbooked.commercial().amountFen(), 1234),
                        tuple("R:" + cancelNo, "HERE_NOT_THERE", "OPEN", (int) refunded.commercial().amountFen(), null),
                        tuple("P:" + unknownClaim, "THERE_NOT_HERE", "OPEN", null, 888));
        assertThat(run(r)).containsEntry("status", "DIFFERENCES").containsEntry("differences", 4).containsEntry("openDifferences", 3);
        firstResult = r.json();
    }

    @Test
    @Order(3)
    void reRunningTheDayGivesTheSameResultAndMovesNoMoney() {
        int ledgerBefore = SIM.ledger("COMMERCIAL").size();

        Reply r = reconcile();

        assertThat(r.list("differences")).isEqualTo(firstResult.get("differences"));
        assertThat(run(r)).containsEntry("differences", 4).containsEntry("openDifferences", 3).containsEntry("runs", 3);
        assertThat(SIM.ledger("COMMERCIAL")).hasSize(ledgerBefore);
    }

    private static Map<String, Object> run(Reply r) {
        return r.list("runs").stream().filter(m -> "COMMERCIAL".equals(m.get("counterparty"))).findFirst().orElseThrow();
    }
}
