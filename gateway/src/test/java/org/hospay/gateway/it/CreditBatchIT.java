package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The 00:00 batch: sent once, byte-identical when re-run, its result applied once; refunds before and after it. */
class CreditBatchIT extends CreditIntegrationTest {

    private static String billNo(String prefix) {
        return prefix + Long.toHexString(System.nanoTime()).toUpperCase();
    }

    @Test
    void aDaysBatchIsByteIdenticalWhenReRunAndItsResultIsAppliedOnce() {
        LocalDate d = LocalDate.of(2031, 5, 10);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        String[] consumed = new String[3];
        long[] fen = {10_000, 5_000, 2_500};
        for (int i = 0; i < 3; i++) {
            JsonNode paid = postBill(billNo("CBB"), p.cardNo(), fen[i]);
            assertThat(paid.path("status").asString()).as(paid.toString()).isEqualTo("SUCCEEDED");
            consumed[i] = consumptionOf(paid.path("paymentId").asString());
        }
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isEqualTo(17_500);

        day(d.plusDays(1), 0, 5);
        assertThat(runJobs().path("ran").asBoolean()).isTrue();
        JsonNode batch = batch(d);
        assertThat(batch.path("status").asString()).isEqualTo("APPLIED");
        assertThat(batch.path("batchNo").asString()).isEqualTo("HB20310510");
        for (String id : consumed) assertThat(batch.path("file").asString()).contains(id);
        for (int i = 0; i < 3; i++) {
            assertThat(Credit.deductions(consumed[i])).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("DEDUCTED"));
        }
        assertThat(Credit.bankBalance(p.customerNo())).isEqualTo(1_000_000 - 17_500);
        JsonNode account = Credit.account(u, p.cardNo());
        assertThat(account.path("usedFen").asLong()).as("deducted by the bank: the line is free again").isZero();
        assertThat(account.path("bills").findValuesAsString("status")).containsOnly("PAID");
        assertThat(account.path("lineFen").asLong()).as("3 on-time repayments raise the line by one step").isEqualTo(300_000);

        JsonNode again = rerun(d);
        JsonNode rerunBatch = batch(d);
        assertThat(rerunBatch.path("fileSha256").asString()).isEqualTo(batch.path("fileSha256").asString());
        assertThat(rerunBatch.path("file").asString()).isEqualTo(batch.path("file").asString());
        assertThat(again.path("ran").asBoolean()).isTrue();
        for (String id : consumed) assertThat(Credit.deductions(id)).hasSize(1);
        assertThat(Credit.bankBalance(p.customerNo())).as("nothing deducted twice").isEqualTo(1_000_000 - 17_500);
        JsonNode after = Credit.account(u, p.cardNo());
        assertThat(after.path("usedFen").asLong()).isZero();
        assertThat(after.path("lineFen").asLong()).as("the result applied once").isEqualTo(300_000);
    }

    @Test
    void aRefundBeforeTheBatchLeavesItAndOneAfterGoesToTheBankAsACreditRefund() {
        LocalDate d = LocalDate.of(2031, 5, 20);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        JsonNode first = postBill(billNo("CBR"), p.cardNo(), 8_000);
        JsonNode second = postBill(billNo("CBR"), p.cardNo(), 6_000);
        String c1 = consumptionOf(first.path("paymentId").asString());
        String c2 = consumptionOf(second.path("paymentId").asString());

        refund(first.path("paymentId").asString());
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).as("the line restored").isEqualTo(6_000);

        day(d.plusDays(1), 0, 5);
        runJobs();
        JsonNode batch = batch(d);
        assertThat(batch.path("file").asString()).doesNotContain(c1).contains(c2);
        assertThat(Credit.deductions(c1)).isEmpty();
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isZero();

        day(d.plusDays(1), 10, 0);
        refund(second.path("paymentId").asString());
        assertThat(count("SELECT count(*) FROM credit_refund WHERE consumption_id = '" + c2 + "' AND status = 'OPEN' AND amount_fen = 6000"))
                .as("a credit refund for the bank").isEqualTo(1);
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isZero();
        assertThat(Credit.bankBalance(p.customerNo())).as("deducted by the day's batch").isEqualTo(1_000_000 - 6_000);
        String refundNo = db.sql("SELECT refund_no FROM credit_refund WHERE consumption_id = :c").bind("c", c2)
                .map(r -> r.get(0, String.class)).one().block();

        day(d.plusDays(2), 0, 5);
        runJobs();
        JsonNode next = batch(d.plusDays(1));
        assertThat(next.path("status").asString()).isEqualTo("APPLIED");
        assertThat(next.path("refundCount").asInt()).isEqualTo(1);
        assertThat(next.path("creditedFen").asLong()).isEqualTo(6_000);
        assertThat(next.path("file").asString().lines()).as("an R record naming the refund and the consumption")
                .anySatisfy(r -> assertThat(r).startsWith("R00000001" + refundNo).contains(c2));
        assertThat(Credit.bankBalance(p.customerNo())).as("the bank credited the patient back").isEqualTo(1_000_000);
        assertThat(count("SELECT count(*) FROM credit_refund WHERE refund_no = '" + refundNo + "' AND status = 'DONE'")).isEqualTo(1);

        rerun(d.plusDays(1));
        day(d.plusDays(3), 0, 5);
        runJobs();
        assertThat(credits(refundNo)).as("credited once, however often the batch runs").hasSize(1);
        assertThat(Credit.bankBalance(p.customerNo())).isEqualTo(1_000_000);
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isZero();
    }

    @Test
    void aRefundWhileItsConsumptionIsInABatchFreesTheLineAtOnceAndIsCreditedOnceTheBankDeducted() {
        LocalDate d = LocalDate.of(2031, 6, 2);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        JsonNode paid = postBill(billNo("CBQ"), p.cardNo(), 9_000);
        String c = consumptionOf(paid.path("paymentId").asString());
        day(d.plusDays(1), 0, 5);
        Sim.fault("BANK", Map.of("errorRate", 1.0)); // the batch is cut and carries the bill, the bank does not take it yet
        try {
            runJobs();
        } finally {
            Sim.clearFault("BANK");
        }
        assertThat(batch(d).path("status").asString()).isEqualTo("CREATED");

        refundPart(paid.path("paymentId").asString(), 4_000);
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).as("the refunded part freed at once").isEqualTo(5_000);

        runJobs();
        assertThat(batch(d).path("status").asString()).isEqualTo("APPLIED");
        assertThat(Credit.bankBalance(p.customerNo())).as("the stored file: the whole bill").isEqualTo(1_000_000 - 9_000);
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isZero();

        day(d.plusDays(2), 0, 5);
        runJobs();
        assertThat(batch(d.plusDays(1)).path("creditedFen").asLong()).isEqualTo(4_000);
        assertThat(Credit.bankBalance(p.customerNo())).as("the refunded part credited back").isEqualTo(1_000_000 - 5_000);
        assertThat(Credit.account(u, p.cardNo()).path("bills").get(0).path("refundedFen").asLong()).isEqualTo(4_000);
    }

    private static List<Sim.Entry> credits(String refundNo) {
        return Sim.ledger("BANK").stream().filter(e -> e.type().equals("BATCH_CREDIT") && refundNo.equals(e.requestId())).toList();
    }

    private void refundPart(String paymentId, long fen) {
        var r = window.postWithKey("/api/v1/payments/" + paymentId + "/refunds", "{\"reason\":\"one item returned\",\"amountFen\":" + fen + "}",
                        "refund-" + paymentId).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isIn(200, 201);
    }

    private void refund(String paymentId) {
        var r = window.postWithKey("/api/v1/payments/" + paymentId + "/refunds", "{\"reason\":\"cancelled\"}", "refund-" + paymentId)
                .expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isIn(200, 201);
        assertThat(Family.JSON.readTree(r.getResponseBody()).path("status").asString()).as(r.getResponseBody()).isEqualTo("SUCCEEDED");
    }
}
