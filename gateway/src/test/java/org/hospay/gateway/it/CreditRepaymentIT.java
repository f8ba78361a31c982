package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/** Repaying an owed credit bill in the mini-program with a WeChat Pay or Alipay payment code (docs/credit.md §5). */
class CreditRepaymentIT extends CreditIntegrationTest {

    private static String billNo() {
        return "CRP" + Long.toHexString(System.nanoTime()).toUpperCase();
    }

    private static String repayPath(String cardNo, String consumptionId) {
        return "/api/v1/mini/credit/accounts/" + cardNo + "/bills/" + consumptionId + "/repayments";
    }

    private static String codeBody(String code) {
        return "{\"paymentCode\":\"" + code + "\"}";
    }

    /** A fresh payment code of the wallet, as the WeChat or Alipay app shows one. */
    private static String freshCode(Sim.Wallet w) {
        return WebClient.create(TestSimulator.URL).post().uri("/sim/wallets/{id}/codes", w.walletId()).retrieve()
                .bodyToMono(Sim.Wallet.class).block().authCode();
    }

    private JsonNode bill(JsonNode account, String consumptionId) {
        for (JsonNode b : account.path("bills")) if (b.path("consumptionId").asString().equals(consumptionId)) return b;
        throw new AssertionError("no bill " + consumptionId + " in " + account);
    }

    @Test
    void owedBillsRepaidInTheAppOnTimeAreRepaidOnceFreeTheLineAndRaiseItAfterThree() {
        LocalDate d = LocalDate.of(2032, 4, 6);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 0); // nothing in the bank account: the batch cannot deduct
        Credit.enrol(u, p);
        long[] fen = {5_000, 4_000, 3_000};
        String[] owed = new String[3];
        for (int i = 0; i < 3; i++) owed[i] = consumptionOf(postBill(billNo(), p.cardNo(), fen[i]).path("paymentId").asString());
        day(d.plusDays(1), 0, 5);
        runJobs();
        JsonNode due = Credit.account(u, p.cardNo());
        assertThat(due.path("bills").findValuesAsString("status")).containsOnly("UNPAID");
        assertThat(due.path("usedFen").asLong()).isEqualTo(12_000);

        day(d.plusDays(3), 15, 0);
        Sim.Wallet wechat = Sim.wallet("WECHAT", 100_000);
        var first = u.call(HttpMethod.POST, repayPath(p.cardNo(), owed[0]), codeBody(wechat.authCode())).expectBody(String.class).returnResult();
        assertThat(first.getStatus().value()).as(first.getResponseBody()).isEqualTo(201);
        JsonNode repaid = Family.JSON.readTree(first.getResponseBody());
        assertThat(repaid.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(repaid.path("amountFen").asLong()).isEqualTo(5_000);
        assertThat(repaid.path("channel").asString()).isEqualTo("WECHAT");
        assertThat(repaid.path("onTime").asBoolean()).isTrue();
        assertThat(repaid.path("paymentCode").asString()).as("masked").contains("*");
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(95_000);
        JsonNode after = Credit.account(u, p.cardNo());
        assertThat(bill(after, owed[0]).path("status").asString()).isEqualTo("REPAID");
        assertThat(bill(after, owed[0]).path("owedFen").asLong()).isZero();
        assertThat(after.path("usedFen").asLong()).as("the line restored").isEqualTo(7_000);

        var again = u.call(HttpMethod.POST, repayPath(p.cardNo(), owed[0]), codeBody(freshCode(wechat))).expectBody(String.class).returnResult();
        assertThat(again.getStatus().value()).as("the same repayment again, nothing charged: %s", again.getResponseBody()).isEqualTo(200);
        assertThat(Family.JSON.readTree(again.getResponseBody()).path("repaymentNo").asString()).isEqualTo(repaid.path("repaymentNo").asString());
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(95_000);
        assertThat(count("SELECT count(*) FROM credit_repayment WHERE consumption_id = '" + owed[0] + "'")).isEqualTo(1);

        Sim.Wallet alipay = Sim.wallet("ALIPAY", 100_000);
        u.ok(HttpMethod.POST, repayPath(p.cardNo(), owed[1]), codeBody(alipay.authCode()));
        u.ok(HttpMethod.POST, repayPath(p.cardNo(), owed[2]), codeBody(freshCode(wechat)));
        JsonNode all = Credit.account(u, p.cardNo());
        assertThat(all.path("bills").findValuesAsString("status")).containsOnly("REPAID");
        assertThat(all.path("usedFen").asLong()).isZero();
        assertThat(all.path("lineFen").asLong()).as("3 on-time repayments raise the line by one step").isEqualTo(300_000);
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(96_000);

        day(d.plusDays(4), 0, 5);
        runJobs();
        for (String id : owed) {
            assertThat(Credit.deductions(id)).as("the bank never deducts a repaid bill").singleElement()
                    .satisfies(e -> assertThat(e.state()).isEqualTo("INSUFFICIENT_FUNDS"));
        }
        assertThat(count("SELECT count(*) FROM credit_consumption WHERE consumption_id IN ('" + String.join("','", owed)
                + "') AND overdue_counted")).isZero();
    }

    @Test
    void aDeclinedRepaymentLeavesTheBillOwedAndBadRequestsWriteNothing() {
        LocalDate d = LocalDate.of(2032, 4, 20);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 0);
        Credit.enrol(u, p);
        String owed = consumptionOf(postBill(billNo(), p.cardNo(), 6_000).path("paymentId").asString());
        day(d.plusDays(1), 0, 5);
        runJobs();
        day(d.plusDays(1), 10, 0);
        String stillOpen = consumptionOf(postBill(billNo(), p.cardNo(), 700).path("paymentId").asString());

        Sim.Wallet poor = Sim.wallet("ALIPAY", 100);
        JsonNode declined = u.refusal(HttpMethod.POST, repayPath(p.cardNo(), owed), codeBody(poor.authCode()), 422);
        assertThat(declined.path("code").asString()).isEqualTo("REPAYMENT_DECLINED");
        assertThat(bill(Credit.account(u, p.cardNo()), owed).path("status").asString()).isEqualTo("UNPAID");

        Sim.Wallet wechat = Sim.wallet("WECHAT", 100_000);
        assertThat(u.refused(HttpMethod.POST, repayPath(p.cardNo(), owed), "{}", 400)).isEqualTo("PAYMENT_CODE_REQUIRED");
        assertThat(u.refused(HttpMethod.POST, repayPath(p.cardNo(), owed), codeBody("12345"), 400)).isEqualTo("INVALID_CODE");
        assertThat(u.refused(HttpMethod.POST, repayPath(p.cardNo(), owed), codeBody(Sim.wallet("UNIONPAY", 100_000).authCode()), 422))
                .isEqualTo("REPAYMENT_CHANNEL_NOT_SUPPORTED");
        assertThat(u.refused(HttpMethod.POST, repayPath(p.cardNo(), stillOpen), codeBody(wechat.authCode()), 409))
                .as("not owed: the bank has not even been asked yet").isEqualTo("CREDIT_BILL_NOT_OWED");
        assertThat(u.refused(HttpMethod.POST, repayPath(p.cardNo(), "C-NO-SUCH-BILL"), codeBody(wechat.authCode()), 404))
                .isEqualTo("CREDIT_BILL_NOT_FOUND");
        Family.User stranger = Family.user(http, Family.subject("credit"));
        assertThat(stranger.refused(HttpMethod.POST, repayPath(p.cardNo(), owed), codeBody(wechat.authCode()), 404))
                .isEqualTo("CREDIT_ACCOUNT_NOT_FOUND");
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(100_000);
        assertThat(count("SELECT count(*) FROM credit_repayment WHERE consumption_id IN ('" + owed + "','" + stillOpen + "') AND status <> 'DECLINED'"))
                .isZero();

        JsonNode repaid = u.ok(HttpMethod.POST, repayPath(p.cardNo(), owed), codeBody(wechat.authCode()));
        assertThat(repaid.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(94_000);
        assertThat(bill(Credit.account(u, p.cardNo()), owed).path("status").asString()).isEqualTo("REPAID");
    }
}
