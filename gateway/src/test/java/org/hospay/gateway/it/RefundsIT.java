package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** docs/api.md §7 refunds: full and partial, per leg, idempotent, never more than was paid per leg. */
class RefundsIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Refund(UUID refundId, UUID paymentId, String status, long amountFen, long insuranceRefundFen, long commercialRefundFen,
                  long selfPayRefundFen, String failureCode) {}

    record Reply(int status, String body) {
        Refund refund() {
            return JSON.readValue(body, Refund.class);
        }
    }

    private Reply refund(UUID paymentId, String body, String key) {
        var r = window.postWithKey("/api/v1/payments/" + paymentId + "/refunds", body, key).expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), r.getResponseBody());
    }

    private Payments.View paidAggregated(String channel, Sim.Voucher[] voucherOut) {
        Sim.Voucher v = Sim.voucher(Sim.employee(2_000), channel);
        voucherOut[0] = v;
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        return pay;
    }

    @Test
    void aFullRefundCancelsTheSettlementAndRefundsTheSelfPayPart() {
        Sim.Voucher[] v = new Sim.Voucher[1];
        Payments.View pay = paidAggregated("WECHAT", v);
        long afterPayment = Sim.balance(v[0].walletId());

        Reply r = refund(pay.paymentId(), "{\"reason\":\"患者退药\"}", UUID.randomUUID().toString());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Refund refund = r.refund();
        assertThat(refund.status()).isEqualTo("SUCCEEDED");
        assertThat(refund.amountFen()).isEqualTo(Bills.TOTAL);
        assertThat(refund.insuranceRefundFen()).isEqualTo(pay.insurance().fundPayFen() + pay.insurance().accountPayFen());
        assertThat(refund.selfPayRefundFen()).isEqualTo(pay.selfPay().amountFen());
        assertThat(Sim.balance(v[0].walletId())).isEqualTo(afterPayment + pay.selfPay().amountFen());
        Payments.View after = Payments.get(window, pay.paymentId());
        assertThat(after.status()).isEqualTo("REFUNDED");
        assertThat(after.refundedFen()).isEqualTo(Bills.TOTAL);
        Books.assertAgree(db, after);
    }

    @Test
    void partialRefundsComeFromTheSelfPayPartUntilItIsUsedUp() {
        Sim.Voucher[] v = new Sim.Voucher[1];
        Payments.View pay = paidAggregated("ALIPAY", v);
        long self = pay.selfPay().amountFen();

        Reply first = refund(pay.paymentId(), "{\"amountFen\":1000}", UUID.randomUUID().toString());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.refund().selfPayRefundFen()).isEqualTo(1000);
        assertThat(first.refund().insuranceRefundFen()).isZero();
        assertThat(Payments.get(window, pay.paymentId()).status()).isEqualTo("PARTIALLY_REFUNDED");

        Reply tooMuchForSelfPay = refund(pay.paymentId(), "{\"amountFen\":" + (self - 1000 + 1) + "}", UUID.randomUUID().toString());
        assertThat(tooMuchForSelfPay.status()).isEqualTo(422);
        assertThat(tooMuchForSelfPay.body()).contains("PARTIAL_INSURANCE_REFUND_UNSUPPORTED");

        Reply rest = refund(pay.paymentId(), "{\"amountFen\":" + (self - 1000) + "}", UUID.randomUUID().toString());
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);

        Reply beyond = refund(pay.paymentId(), "{\"amountFen\":" + (Bills.TOTAL + 1) + "}", UUID.randomUUID().toString());
        assertThat(beyond.status()).isEqualTo(422);
        assertThat(beyond.body()).contains("REFUND_EXCEEDS_PAID");
        Books.assertAgree(db, Payments.get(window, pay.paymentId()));
    }

    @Test
    void aRefundRepeatedWithItsKeyRefundsOnce() {
        Sim.Voucher[] v = new Sim.Voucher[1];
        Payments.View pay = paidAggregated("UNIONPAY", v);
        String key = UUID.randomUUID().toString();

        Reply once = refund(pay.paymentId(), "{\"amountFen\":500}", key);
        Reply twice = refund(pay.paymentId(), "{\"amountFen\":500}", key);

        assertThat(twice.status()).isEqualTo(200);
        assertThat(twice.refund().refundId()).isEqualTo(once.refund().refundId());
        assertThat(Payments.get(window, pay.paymentId()).refundedFen()).isEqualTo(500);
        Reply otherBody = refund(pay.paymentId(), "{\"amountFen\":600}", key);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.body()).contains("IDEMPOTENCY_KEY_REUSED");
        Books.assertAgree(db, Payments.get(window, pay.paymentId()));
    }

    @Test
    void concurrentRefundsNeverExceedWhatWasPaid() throws Exception {
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()));
        List<CompletableFuture<Reply>> calls = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        for (int i = 0; i < 10; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> refund(pay.paymentId(), "{\"amountFen\":1000}", UUID.randomUUID().toString()), pool));
        }
        long refunded = 0;
        for (var c : calls) {
            Reply r = c.get();
            assertThat(r.status()).as(r.body()).isIn(200, 409, 422);
            if (r.status() == 200 && r.refund().status().equals("SUCCEEDED")) refunded += r.refund().amountFen();
        }

        pool.shutdown();
        assertThat(refunded).isEqualTo(5_000);
        Payments.View after = Payments.get(window, pay.paymentId());
        assertThat(after.refundedFen()).isEqualTo(5_000);
        Books.assertAgree(db, after);
    }

    @Test
    void aFailedPaymentCannotBeRefunded() {
        Payments.View failed = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 10).authCode()));
        assertThat(failed.status()).isEqualTo("FAILED");

        Reply r = refund(failed.paymentId(), "{}", UUID.randomUUID().toString());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).contains("PAYMENT_NOT_REFUNDABLE");
    }

    @Test
    void badRefundRequestsAreRefused() {
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()));

        assertThat(refund(pay.paymentId(), "{\"amountFen\":-1}", UUID.randomUUID().toString()).body()).contains("INVALID_AMOUNT");
        assertThat(refund(pay.paymentId(), "{\"amountFen\":1.5}", UUID.randomUUID().toString()).body()).contains("INVALID_AMOUNT");
        assertThat(refund(pay.paymentId(), "{\"amountFen\":0}", UUID.randomUUID().toString()).body()).contains("INVALID_AMOUNT");
        assertThat(refund(UUID.randomUUID(), "{}", UUID.randomUUID().toString()).status()).isEqualTo(404);
        window.post("/api/v1/payments/" + pay.paymentId() + "/refunds", "{}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        // the payments' key rule: 1-64 visible ASCII characters
        assertThat(refund(pay.paymentId(), "{}", "a".repeat(65)).body()).contains("INVALID_IDEMPOTENCY_KEY");
        assertThat(refund(pay.paymentId(), "{}", "refund one").body()).contains("INVALID_IDEMPOTENCY_KEY");
        assertThat(Payments.get(window, pay.paymentId()).refundedFen()).isZero();
    }
}
