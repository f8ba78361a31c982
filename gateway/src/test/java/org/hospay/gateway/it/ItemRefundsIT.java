package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/api.md §7.2 item refunds: the patient returns items of a bill the insurance paid; the gateway cancels the
 * settlement (2208), settles the kept items again (2204/2206/2207), re-files the commercial claim and refunds the
 * self-pay difference, against the simulator's books.
 */
class ItemRefundsIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Item(String code, long quantity) {}

    record Refund(UUID refundId, UUID paymentId, String status, long amountFen, long insuranceRefundFen, long commercialRefundFen,
                  long selfPayRefundFen, String failureCode, long fundRefundFen, long accountRefundFen, List<Item> items, String stage,
                  String insuranceSettlement) {}

    record Reply(int status, String body) {
        Refund refund() {
            return JSON.readValue(body, Refund.class);
        }
    }

    @AfterEach
    void clearFaults() {
        for (String c : List.of("INSURANCE", "COMMERCIAL", "WECHAT")) Sim.clearFault(c);
    }

    private Reply refundItems(UUID paymentId, String items) {
        var r = window.postWithKey("/api/v1/payments/" + paymentId + "/refunds", "{\"items\":" + items + ",\"reason\":\"退一盒药\"}",
                UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), r.getResponseBody());
    }

    private List<Refund> refundsOf(UUID paymentId) {
        return List.of(JSON.readValue(window.get("/api/v1/payments/" + paymentId + "/refunds").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody(), Refund[].class));
    }

    private static long accountBalance(Sim.Person p) {
        Map<?, ?> person = WebClient.create(TestSimulator.URL).get().uri("/sim/insurance/persons/{p}", p.psnNo()).retrieve()
                .bodyToMono(Map.class).block(Duration.ofSeconds(20));
        return ((Number) person.get("accountBalanceFen")).longValue();
    }

    @Test
    void aBillPaidWhollyByThePersonalAccountGivesOneBoxBackToTheAccount() {
        Sim.Person p = Sim.employee(100_000);
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(p, null).code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.insurance().accountPayFen()).as("the account paid the whole bill: %s", pay).isEqualTo(Bills.TOTAL);
        assertThat(pay.selfPay()).isNull();
        long balance = accountBalance(p);

        Reply r = refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":1}]");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Refund refund = r.refund();
        assertThat(refund.status()).as(r.body()).isEqualTo("SUCCEEDED");
        assertThat(refund.insuranceSettlement()).isEqualTo("RESETTLED");
        assertThat(refund.items()).containsExactly(new Item("X001", 1));
        assertThat(refund.amountFen()).isEqualTo(1175);
        assertThat(refund.accountRefundFen()).isEqualTo(1175);
        assertThat(refund.fundRefundFen() + refund.commercialRefundFen() + refund.selfPayRefundFen()).isZero();
        assertThat(accountBalance(p)).as("the box's price is back on the account").isEqualTo(balance + 1175);
        Payments.View after = Payments.get(window, pay.paymentId());
        assertThat(after.status()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(after.refundedFen()).isEqualTo(1175);
        Books.assertAgree(db, after);
        Books.assertRefundsAgree(db, after);

        // The second box, then the rest: each refund starts from the settlement the one before made.
        Refund second = refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":1}]").refund();
        assertThat(second.status()).isEqualTo("SUCCEEDED");
        assertThat(second.accountRefundFen()).isEqualTo(1175);
        Reply thirdBox = refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":1}]");
        assertThat(thirdBox.status()).isEqualTo(422);
        assertThat(thirdBox.body()).contains("ITEM_NOT_HELD");
        Refund rest = refundItems(pay.paymentId(), "[{\"code\":\"L201\",\"quantity\":1}]").refund();
        assertThat(rest.status()).isEqualTo("SUCCEEDED");
        assertThat(rest.insuranceRefundFen()).isEqualTo(3000);
        assertThat(accountBalance(p)).isEqualTo(balance + Bills.TOTAL);
        Payments.View refunded = Payments.get(window, pay.paymentId());
        assertThat(refunded.status()).isEqualTo("REFUNDED");
        Books.assertAgree(db, refunded);
        Books.assertRefundsAgree(db, refunded);
    }

    @Test
    void aThreeLegBillGivesBackPerLegWhatTheKeptItemsNoLongerCost() {
        Sim.Person p = Sim.employee(1_000);
        Sim.commercialPolicy(p, 80);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.commercial().amountFen()).isPositive();
        long wallet = Sim.balance(v.walletId());

        Reply r = refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":1}]");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Refund refund = r.refund();
        assertThat(refund.status()).as(r.body()).isEqualTo("SUCCEEDED");
        // Kept: 4,175 fen. The account pays its 10 CNY again, the insurer 80 % of the rest, the patient the remainder.
        long keptCash = 4175 - pay.insurance().fundPayFen() - pay.insurance().accountPayFen();
        long keptClaim = keptCash * 80 / 100;
        assertThat(refund.insuranceRefundFen()).isZero();
        assertThat(refund.commercialRefundFen()).isEqualTo(pay.commercial().amountFen() - keptClaim);
        assertThat(refund.selfPayRefundFen()).isEqualTo(pay.selfPay().amountFen() - (keptCash - keptClaim));
        assertThat(refund.amountFen()).isEqualTo(1175);
        assertThat(Sim.balance(v.walletId())).isEqualTo(wallet + refund.selfPayRefundFen());
        String oldClaim = CommercialPayIT.outClaimNo(pay.paymentId());
        assertThat(Books.net("COMMERCIAL", oldClaim)).as("the first claim went back to the insurer").isZero();
        Payments.View after = Payments.get(window, pay.paymentId());
        Books.assertAgree(db, after);
        Books.assertRefundsAgree(db, after);
    }

    @Test
    void aFailureBetweenCancelAndResettlementIsVisibleAndEndsWithTheNewSettlement() {
        Sim.Person p = Sim.employee(100_000);
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(p, null).code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        long balance = accountBalance(p);
        // The platform cancels (2208) and pre-settles, but every settlement (2207) fails with "system busy".
        Sim.fault("INSURANCE", Map.of("errorRate", 1.0, "operations", List.of("2207")));

        Reply r = refundItems(pay.paymentId(), "[{\"code\":\"L201\",\"quantity\":1}]");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Refund pending = r.refund();
        assertThat(pending.status()).isEqualTo("PENDING");
        assertThat(pending.stage()).isEqualTo("RESETTLE");
        assertThat(pending.insuranceSettlement()).as("the window sees the patient's settlement is being re-made").isEqualTo("CANCELLED");
        assertThat(pending.failureCode()).isEqualTo("RESETTLE_UNCONFIRMED");
        Reply another = refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":1}]");
        assertThat(another.status()).as("one re-settlement at a time").isEqualTo(409);
        assertThat(another.body()).contains("REFUND_IN_PROGRESS");

        // As if the instance driving it had died holding its lease: another one takes over once the lease runs out.
        db.sql("UPDATE refund SET lease_owner = 'dead-instance', lease_until = now() + interval '2 seconds' WHERE refund_id = :id")
                .bind("id", pending.refundId()).then().block();
        Sim.clearFault("INSURANCE");
        Refund done = awaitFinal(pay.paymentId(), pending.refundId());

        assertThat(done.status()).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(done.insuranceSettlement()).isEqualTo("RESETTLED");
        String msgid = db.sql("SELECT resettle_msgid FROM refund WHERE refund_id = :id").bind("id", pending.refundId())
                .map(row -> row.get("resettle_msgid", String.class)).one().block();
        List<String> tries = db.sql("SELECT request_id FROM channel_attempt WHERE payment_id = :id AND operation = 'REFUND_SETTLE_2207'")
                .bind("id", pay.paymentId()).map(row -> row.get("request_id", String.class)).all().collectList().block();
        assertThat(tries).as("every try of the re-settlement is written down, under one msgid").hasSizeGreaterThan(1).containsOnly(msgid);
        assertThat(Sim.ledger("INSURANCE", msgid)).filteredOn(e -> e.type().equals("SETTLEMENT")).hasSize(1);
        assertThat(done.accountRefundFen()).isEqualTo(3000);
        assertThat(accountBalance(p)).isEqualTo(balance + 3000);
        Payments.View after = Payments.get(window, pay.paymentId());
        Books.assertAgree(db, after);
        Books.assertRefundsAgree(db, after);
    }

    @Test
    void aRetriedCancelWhoseFirstAnswerWasLostEndsSucceeded() {
        Sim.Voucher[] v = {Sim.voucher(Sim.employee(2_000), "WECHAT")};
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v[0].code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        // The first 2208 is processed but its answer never comes: the refund waits; the retry finds it cancelled.
        Sim.fault("INSURANCE", Map.of("timeoutRate", 1.0, "operations", List.of("2208")));

        var first = window.postWithKey("/api/v1/payments/" + pay.paymentId() + "/refunds", "{}", UUID.randomUUID().toString())
                .expectBody(String.class).returnResult();
        Refund pending = JSON.readValue(first.getResponseBody(), Refund.class);
        assertThat(pending.status()).as(first.getResponseBody()).isEqualTo("PENDING");
        Sim.clearFault("INSURANCE");

        Refund done = awaitFinal(pay.paymentId(), pending.refundId());

        assertThat(done.status()).as("the fund and the account have their money back: %s", done).isEqualTo("SUCCEEDED");
        assertThat(done.insuranceRefundFen()).isEqualTo(pay.insurance().fundPayFen() + pay.insurance().accountPayFen());
        Payments.View after = Payments.get(window, pay.paymentId());
        assertThat(after.status()).isEqualTo("REFUNDED");
        Books.assertAgree(db, after);
        Books.assertRefundsAgree(db, after);
    }

    @Test
    void aLargeItemRefundWaitsForTheFinanceOfficeAndIsReSettledOnItsApproval() {
        Sim.Person p = Sim.employee(1_000);
        Sim.Voucher v = Sim.voucher(p, "WECHAT", Map.of("walletBalanceFen", 1_000_000));
        // Three boxes of 500 CNY and a 30 CNY lab test; the three boxes back (1,500 CNY) are above the 1,000 CNY threshold.
        String bill = """
                {"billNo":"%s","scannedCode":"%s","medType":"OUTPATIENT",
                 "items":[{"code":"X900","name":"靶向药","category":"DRUG","quantity":3,"priceFen":50000,"amountFen":150000},
                          {"code":"L201","name":"血常规","category":"LAB","quantity":1,"priceFen":3000,"amountFen":3000}],
                 "totalFen":153000}""".formatted(Bills.newBillNo(), v.code());
        Payments.View pay = Payments.pay(window, bill);
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        terminals.upsert(new org.hospay.gateway.terminal.Terminal("it-items-finance", org.hospay.gateway.terminal.Terminal.Kind.FINANCE,
                "it-hospital", null), "it-items-finance-secret").block();
        SignedClient finance = new SignedClient(http, "it-items-finance", "it-items-finance-secret");

        Reply asked = refundItems(pay.paymentId(), "[{\"code\":\"X900\",\"quantity\":3}]");

        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        Refund waiting = asked.refund();
        assertThat(waiting.status()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(waiting.insuranceSettlement()).as("nothing sent before the approval").isEqualTo("ORIGINAL");
        var approved = finance.post("/api/v1/refunds/" + waiting.refundId() + "/approvals", "").expectBody(String.class).returnResult();
        assertThat(approved.getStatus().value()).as(approved.getResponseBody()).isEqualTo(200);
        Refund done = JSON.readValue(approved.getResponseBody(), Refund.class);
        assertThat(done.status()).as(approved.getResponseBody()).isEqualTo("SUCCEEDED");
        assertThat(done.amountFen()).isEqualTo(150_000);
        Payments.View after = Payments.get(window, pay.paymentId());
        Books.assertAgree(db, after);
        Books.assertRefundsAgree(db, after);
    }

    @Test
    void badItemRefundsAreRefusedBeforeAnythingMoves() {
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(100_000), null).code()));

        assertThat(refundItems(pay.paymentId(), "[]").body()).contains("INVALID_ITEMS");
        assertThat(refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":0}]").body()).contains("INVALID_QUANTITY");
        assertThat(refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":1.5}]").body()).contains("INVALID_QUANTITY");
        assertThat(refundItems(pay.paymentId(), "[{\"code\":\"X001\",\"quantity\":3}]").body()).contains("RETURN_EXCEEDS_QUANTITY");
        assertThat(refundItems(pay.paymentId(), "[{\"code\":\"NOPE\",\"quantity\":1}]").body()).contains("ITEM_NOT_HELD");
        var both = window.postWithKey("/api/v1/payments/" + pay.paymentId() + "/refunds",
                "{\"amountFen\":100,\"items\":[{\"code\":\"X001\",\"quantity\":1}]}", UUID.randomUUID().toString())
                .expectBody(String.class).returnResult();
        assertThat(both.getStatus().value()).isEqualTo(400);
        assertThat(both.getResponseBody()).contains("INVALID_REFUND");
        assertThat(Payments.get(window, pay.paymentId()).refundedFen()).isZero();
        assertThat(refundsOf(pay.paymentId())).isEmpty();
    }

    /** Polls the payment's refunds until this one leaves PENDING (the recovery sweep finishes it). */
    private Refund awaitFinal(UUID paymentId, UUID refundId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Refund r = refundsOf(paymentId).stream().filter(x -> x.refundId().equals(refundId)).findFirst().orElseThrow();
            if (!r.status().equals("PENDING") || System.nanoTime() > deadline) return r;
            Payments.pause(300);
        }
    }
}
