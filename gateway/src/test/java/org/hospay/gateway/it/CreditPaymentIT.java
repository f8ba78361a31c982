package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Paying later: the dynamic credit code at the window (beside the insurance leg), HIS bills of an enrolled card,
 * the line reserved atomically under concurrency, and the refusals of bad codes with nothing written.
 */
class CreditPaymentIT extends CreditIntegrationTest {

    private static final LocalDate DAY = LocalDate.of(2031, 3, 10);

    private static String billNo(String prefix) {
        return prefix + Long.toHexString(System.nanoTime()).toUpperCase();
    }

    private long payments(String billNo) {
        return count("SELECT count(*) FROM payment WHERE bill_no = '" + billNo + "'");
    }

    @Test
    void aCreditCodeAtTheWindowPutsTheSelfPayPartOnTheLineBesideTheInsuranceLeg() {
        day(DAY, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.insuredPatient(0, 500_000, 1_000_000);
        Credit.enrol(u, p);

        JsonNode paid = payAtWindow(billNo("CRW"), Credit.code(u, p.cardNo()), null, 20_000);
        assertThat(paid.path("status").asString()).as(paid.toString()).isEqualTo("SUCCEEDED");
        assertThat(paid.path("sourceKind").asString()).isEqualTo("CREDIT_CODE");
        assertThat(paid.path("insurance").isObject()).as("the insurance leg beside it").isTrue();
        long self = paid.path("selfPay").path("amountFen").asLong();
        assertThat(paid.path("selfPay").path("method").asString()).isEqualTo("CREDIT");
        assertThat(paid.path("insurance").path("fundPayFen").asLong() + paid.path("insurance").path("accountPayFen").asLong() + self)
                .as("legs sum to the bill").isEqualTo(20_000);

        JsonNode account = Credit.account(u, p.cardNo());
        assertThat(account.path("usedFen").asLong()).isEqualTo(self);
        assertThat(account.path("availableFen").asLong()).isEqualTo(500_000 - self);
        assertThat(account.path("bills").get(0).path("status").asString()).isEqualTo("OPEN");
        Family.awaitMessage(u.subject(), m -> m.kind().equals("CREDIT_CONSUMPTION"), "the consumption message");
    }

    @Test
    void aBillBeyondTheAvailableLineIsDeclinedWithTheAmountAvailable() {
        day(DAY, 10, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(100_000, 1_000_000);
        Credit.enrol(u, p);
        assertThat(payAtWindow(billNo("CRA"), Credit.code(u, p.cardNo()), null, 60_000).path("status").asString()).isEqualTo("SUCCEEDED");

        JsonNode declined = payAtWindow(billNo("CRB"), Credit.code(u, p.cardNo()), null, 50_000);
        assertThat(declined.path("status").asString()).isEqualTo("FAILED");
        assertThat(declined.path("failure").path("code").asString()).isEqualTo("CREDIT_LINE_EXCEEDED");
        assertThat(declined.path("failure").path("message").asString()).contains("available credit is 40000 fen");
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isEqualTo(60_000);
    }

    @Test
    void anHisBillForAnEnrolledCardIsPaidByCreditAndThePatientIsTold() {
        day(DAY, 11, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        String bill = billNo("CRH");
        JsonNode paid = postBill(bill, p.cardNo(), 12_345);
        assertThat(paid.path("status").asString()).as(paid.toString()).isEqualTo("SUCCEEDED");
        assertThat(paid.path("selfPay").path("method").asString()).isEqualTo("CREDIT");
        Family.awaitMessage(u.subject(), m -> m.kind().equals("CREDIT_CONSUMPTION") && bill.equals(m.payload().get("billNo")),
                "the consumption message for " + bill);
    }

    @Test
    void fiftyConcurrentBillsNeverTakeMoreThanTheLine() {
        day(DAY, 12, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(100_000, 1_000_000);
        Credit.enrol(u, p);
        String prefix = billNo("CRC");
        AtomicInteger onCredit = new AtomicInteger();
        List<JsonNode> answers = Flux.range(0, 50)
                .parallel(50).runOn(Schedulers.boundedElastic())
                .map(i -> postBill(prefix + "-" + i, p.cardNo(), 3_000))
                .sequential().collectList().block();
        for (JsonNode a : answers) {
            if (a.path("status").asString().equals("SUCCEEDED")) onCredit.incrementAndGet();
            else assertThat(a.path("status").asString()).as(a.toString()).isEqualTo("AWAITING_PAYMENT");
        }
        long consumed = count("SELECT coalesce(sum(c.amount_fen), 0) FROM credit_consumption c JOIN credit_account a USING (account_id) "
                + "WHERE a.card_no = '" + p.cardNo() + "'");
        assertThat(onCredit.get()).as("100,000 fen of line takes 33 bills of 3,000").isEqualTo(33);
        assertThat(consumed).isEqualTo(99_000).isLessThanOrEqualTo(100_000);
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isEqualTo(consumed);
    }

    @Test
    void expiredReplayedTamperedOrForeignCreditCodesAreRefusedAndNothingIsWritten() {
        day(DAY, 13, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        String code = Credit.code(u, p.cardNo());
        assertThat(payAtWindow(billNo("CRR"), code, null, 1_000).path("status").asString()).isEqualTo("SUCCEEDED");

        String replayBill = billNo("CRR");
        assertRefused(replayBill, code, 400, "CREDIT_CODE_REPLAYED");

        String fresh = Credit.code(u, p.cardNo());
        char last = fresh.charAt(fresh.length() - 1);
        String tampered = fresh.substring(0, fresh.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertRefused(billNo("CRT"), tampered, 400, "CREDIT_CODE_INVALID");
        assertRefused(billNo("CRT"), "HPCR1.not-a-code", 400, "CREDIT_CODE_INVALID");

        String unspent = Credit.code(u, p.cardNo());
        for (String amount : List.of("100.5", "-100")) {
            String bill = billNo("CRF");
            var r = window.postWithKey("/api/v1/payments", "{\"billNo\":\"%s\",\"scannedCode\":\"%s\",\"medType\":\"OUTPATIENT\",\"items\":[{\"code\":\"D1\",\"name\":\"药\",\"category\":\"DRUG\",\"quantity\":1,\"priceFen\":%s,\"amountFen\":%s}],\"totalFen\":%s}"
                    .formatted(bill, unspent, amount, amount, amount), java.util.UUID.randomUUID().toString()).expectBody(String.class).returnResult();
            assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(400);
            assertThat(Family.JSON.readTree(r.getResponseBody()).path("error").path("code").asString()).isEqualTo("INVALID_AMOUNT");
            assertThat(payments(bill)).isZero();
        }
        assertThat(payAtWindow(billNo("CRF"), unspent, null, 700).path("status").asString())
                .as("a refused bill did not spend the code").isEqualTo("SUCCEEDED");

        day(DAY, 13, 5); // past the 60 s life of the code minted at 13:00
        assertRefused(billNo("CRE"), fresh, 400, "CREDIT_CODE_EXPIRED");
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).as("nothing more consumed").isEqualTo(1_700);

        Credit.Patient unenrolled = Credit.patient(200_000, 1_000_000);
        String unknownCard = billNo("CRU");
        var r = window.postWithKey("/api/v1/payments", """
                {"billNo":"%s","cardNo":"%s","medType":"OUTPATIENT","items":[{"code":"D1","name":"药","category":"DRUG","quantity":1,"priceFen":100,"amountFen":100}],
                 "totalFen":100}""".formatted(unknownCard, unenrolled.cardNo()), java.util.UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).isEqualTo(422);
        assertThat(Family.JSON.readTree(r.getResponseBody()).path("error").path("code").asString()).isEqualTo("CARD_NOT_BOUND");
        assertThat(payments(unknownCard)).isZero();
    }

    private void assertRefused(String billNo, String code, int status, String errorCode) {
        String body = """
                {"billNo":"%s","scannedCode":"%s","medType":"OUTPATIENT","items":[{"code":"D1","name":"药","category":"DRUG","quantity":1,"priceFen":500,"amountFen":500}],
                 "totalFen":500}""".formatted(billNo, code);
        var r = window.postWithKey("/api/v1/payments", body, java.util.UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(status);
        assertThat(Family.JSON.readTree(r.getResponseBody()).path("error").path("code").asString()).isEqualTo(errorCode);
        assertThat(payments(billNo)).as("nothing written").isZero();
    }
}
