package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each payment plan of docs/architecture.md §4.2 end to end: window → gateway → insurance platform and payment
 * channel (the simulator, over HTTP) → PostgreSQL; checked against the channels' own ledger.
 */
class PaymentFlowsIT extends GatewayIntegrationTest {

    @AfterEach
    void clearFaults() {
        Sim.clearFault("INSURANCE");
    }

    @ParameterizedTest(name = "aggregated code paying the cash part on {0}")
    @ValueSource(strings = {"WECHAT", "ALIPAY", "UNIONPAY"})
    void anAggregatedCodeSettlesInsuranceAndChargesTheCashPartOnItsChannel(String channel) {
        Sim.Person p = Sim.employee(2_000);
        Sim.Voucher v = Sim.voucher(p, channel);
        long before = Sim.balance(v.walletId());

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.insurance()).isNotNull();
        assertThat(pay.selfPay()).isNotNull();
        assertThat(pay.selfPay().method()).isEqualTo(channel);
        assertThat(pay.insurance().fundPayFen() + pay.insurance().accountPayFen() + pay.selfPay().amountFen()).isEqualTo(Bills.TOTAL);
        assertThat(pay.insurance().accountPayFen()).isEqualTo(2_000);
        assertThat(Sim.balance(v.walletId())).isEqualTo(before - pay.selfPay().amountFen());
        Books.assertAgree(db, pay);
    }

    @Test
    void aPaymentCodeAlonePaysTheWholeBillOnItsChannel() {
        Sim.Wallet w = Sim.wallet("WECHAT", 100_000);

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), w.authCode()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.insurance()).isNull();
        assertThat(pay.selfPay().method()).isEqualTo("WECHAT");
        assertThat(pay.selfPay().amountFen()).isEqualTo(Bills.TOTAL);
        assertThat(Sim.balance(w.walletId())).isEqualTo(100_000 - Bills.TOTAL);
        Books.assertAgree(db, pay);
    }

    @Test
    void anEVoucherWithoutAPaymentSourceWaitsForACodeAndASecondScanCompletesIt() {
        Sim.Person p = Sim.employee(1_000);
        String code = Sim.voucher(p, null).code();

        var first = Payments.post(window, Bills.bill(Bills.newBillNo(), code), UUID.randomUUID().toString());
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.view().status()).isEqualTo("PENDING");
        assertThat(first.view().awaitingPaymentCode()).isTrue();
        assertThat(first.view().insurance().accountPayFen()).isEqualTo(1_000);
        assertThat(Sim.ledger("INSURANCE").stream().filter(e -> e.type().equals("SETTLEMENT") && p.psnNo().equals(e.account())))
                .as("nothing is settled before the self-pay part has a source").isEmpty();

        Sim.Wallet w = Sim.wallet("ALIPAY", 100_000);
        Payments.View done = Payments.presentCode(window, first.view().paymentId(), w.authCode());

        assertThat(done.status()).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(done.selfPay().method()).isEqualTo("ALIPAY");
        assertThat(done.insurance().fundPayFen() + done.insurance().accountPayFen() + done.selfPay().amountFen()).isEqualTo(Bills.TOTAL);
        assertThat(Sim.balance(w.walletId())).isEqualTo(100_000 - done.selfPay().amountFen());
        Books.assertAgree(db, done);
    }

    @Test
    void aCashPartOfZeroCallsNoPaymentChannel() {
        Sim.Person rich = Sim.employee(1_000_000);
        Sim.Voucher v = Sim.voucher(rich, "WECHAT");
        long before = Sim.balance(v.walletId());

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.selfPay()).isNull();
        assertThat(pay.insurance().fundPayFen() + pay.insurance().accountPayFen()).isEqualTo(Bills.TOTAL);
        assertThat(Sim.balance(v.walletId())).isEqualTo(before);
        assertThat(Sim.ledger("WECHAT", Payments.outTradeNo(pay.paymentId()))).isEmpty();
        Books.assertAgree(db, pay);
    }

    @Test
    void aFundPartOfZeroIsStillSettledSoThePlatformCountsTheVisit() {
        Sim.Person resident = Sim.person("390", 0, true);
        Sim.Voucher v = Sim.voucher(resident, "UNIONPAY");

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.selfPay().amountFen()).isEqualTo(Bills.TOTAL);
        assertThat(pay.insurance().fundPayFen() + pay.insurance().accountPayFen()).isZero();
        assertThat(pay.insurance().settlementId()).isNotNull();
        assertThat(Sim.ledger("INSURANCE").stream().filter(e -> e.type().equals("SETTLEMENT") && resident.psnNo().equals(e.account())))
                .singleElement().satisfies(e -> assertThat(e.amountFen()).isZero());
        Books.assertAgree(db, pay);
    }

    @Test
    void theChargeStartsBeforeTheSettlementAnswers() {
        Sim.Person p = Sim.employee(2_000);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");
        Sim.fault("INSURANCE", Map.of("latencyMs", 400));

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        Sim.Entry settlement = Sim.ledger("INSURANCE").stream()
                .filter(e -> e.type().equals("SETTLEMENT") && p.psnNo().equals(e.account())).findFirst().orElseThrow();
        Sim.Entry charge = Sim.ledger("WECHAT", Payments.outTradeNo(pay.paymentId())).stream()
                .filter(e -> e.type().equals("CHARGE")).findFirst().orElseThrow();
        assertThat(java.time.OffsetDateTime.parse(charge.receivedAt()).toInstant())
                .as("the charge reached WeChat before the platform answered the settlement (concurrent, not HIS-sequential)")
                .isBefore(java.time.OffsetDateTime.parse(settlement.answeredAt()).toInstant());
    }

    @Test
    void aReplayWithTheSameKeyAnswersTheSamePaymentWithoutChargingAgain() {
        Sim.Wallet w = Sim.wallet("WECHAT", 100_000);
        String bill = Bills.bill(Bills.newBillNo(), w.authCode());
        String key = UUID.randomUUID().toString();

        var first = Payments.post(window, bill, key);
        var again = Payments.post(window, bill, key);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.view()).isEqualTo(first.view());
        assertThat(Sim.balance(w.walletId())).isEqualTo(100_000 - Bills.TOTAL);
        assertThat(Sim.ledger("WECHAT", Payments.outTradeNo(first.view().paymentId()))).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        Sim.Wallet w = Sim.wallet("WECHAT", 100_000);
        String key = UUID.randomUUID().toString();
        Payments.post(window, Bills.bill(Bills.newBillNo(), w.authCode()), key);

        window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), w.authCode()), key)
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.error.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void aBillAlreadyPaidIsRefusedWithThePayment() {
        String billNo = Bills.newBillNo();
        Payments.View paid = Payments.pay(window, Bills.bill(billNo, Sim.wallet("WECHAT", 100_000).authCode()));
        Sim.Wallet second = Sim.wallet("WECHAT", 100_000);

        window.postWithKey("/api/v1/payments", Bills.bill(billNo, second.authCode()), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("BILL_ALREADY_PAID")
                .jsonPath("$.error.details.paymentId").isEqualTo(paid.paymentId().toString());
        assertThat(Sim.balance(second.walletId())).isEqualTo(100_000);
    }

    @Test
    void aPaymentCanBeReadByIdAndByBill() {
        String billNo = Bills.newBillNo();
        Payments.View paid = Payments.pay(window, Bills.bill(billNo, Sim.wallet("ALIPAY", 100_000).authCode()));

        assertThat(Payments.get(window, paid.paymentId())).isEqualTo(paid);
        List<Payments.View> byBill = Payments.byBill(window, billNo);
        assertThat(byBill).containsExactly(paid);
        assertThat(java.time.OffsetDateTime.parse(paid.completedAt())).isAfterOrEqualTo(java.time.OffsetDateTime.parse(paid.createdAt()));
    }
}
