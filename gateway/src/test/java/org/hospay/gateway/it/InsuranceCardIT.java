package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The physical social-security card read at the window (docs/api.md §6.1 {@code insuranceCardNo}): it identifies the
 * insured person as the e-voucher does (1101 by card), and the self-pay part is paid with the payment code scanned with
 * it, or presented afterwards.
 */
class InsuranceCardIT extends GatewayIntegrationTest {

    private static String newCardNo() {
        return "C" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static String bill(String billNo, String cardNo, String scannedCode) {
        return """
                {"billNo":"%s","insuranceCardNo":"%s",%s"medType":"OUTPATIENT",
                 "items":[{"code":"X001","name":"阿莫西林胶囊","category":"DRUG","quantity":2,"priceFen":1175,"amountFen":2350},
                          {"code":"L201","name":"血常规","category":"LAB","quantity":1,"priceFen":3000,"amountFen":3000}],
                 "totalFen":5350}""".formatted(billNo, cardNo, scannedCode == null ? "" : "\"scannedCode\":\"" + scannedCode + "\",");
    }

    @Test
    void theCardWithAPaymentCodePaysInsuranceAndSelfPayInOneRequest() {
        String cardNo = newCardNo();
        Sim.cardHolder(cardNo, 2000);
        Sim.Wallet wallet = Sim.wallet("ALIPAY", 100_000);

        Payments.View pay = Payments.pay(window, bill(Bills.newBillNo(), cardNo, wallet.authCode()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.sourceKind()).isEqualTo("INSURANCE_CARD");
        assertThat(pay.source()).isEqualTo(cardNo.substring(0, 2) + "****" + cardNo.substring(cardNo.length() - 2)).doesNotContain(cardNo);
        assertThat(pay.insurance().settlementId()).isNotNull();
        assertThat(pay.insurance().accountPayFen()).isEqualTo(2000);
        assertThat(pay.selfPay().method()).isEqualTo("ALIPAY");
        assertThat(pay.selfPay().amountFen()).isEqualTo(3350);
        assertThat(Sim.balance(wallet.walletId())).isEqualTo(100_000 - 3350);
        Books.assertAgree(db, pay);
    }

    @Test
    void theCardAloneWaitsForAPaymentCodeForTheSelfPayPart() {
        String cardNo = newCardNo();
        Sim.cardHolder(cardNo, 1000);

        Payments.Answer first = Payments.post(window, bill(Bills.newBillNo(), cardNo, null), UUID.randomUUID().toString());
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.view().awaitingPaymentCode()).isTrue();
        assertThat(first.view().selfPay().amountFen()).isEqualTo(4350);

        Payments.View paid = Payments.presentCode(window, first.view().paymentId(), Sim.wallet("WECHAT", 100_000).authCode());
        assertThat(paid.status()).isEqualTo("SUCCEEDED");
        assertThat(paid.insurance().accountPayFen()).isEqualTo(1000);
        assertThat(paid.selfPay().method()).isEqualTo("WECHAT");
        Books.assertAgree(db, paid);
    }

    @Test
    void aCardThePlatformDoesNotKnowFailsThePaymentWithNothingCharged() {
        Sim.Wallet wallet = Sim.wallet("WECHAT", 100_000);

        Payments.View pay = Payments.pay(window, bill(Bills.newBillNo(), newCardNo(), wallet.authCode()));

        assertThat(pay.status()).isEqualTo("FAILED");
        assertThat(pay.failure().code()).isEqualTo("INSURANCE_IDENTITY_REJECTED");
        assertThat(Sim.balance(wallet.walletId())).isEqualTo(100_000);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "too short              | \"insuranceCardNo\":\"A12\"                                        | INVALID_INSURANCE_CARD_NO",
            "punctuation            | \"insuranceCardNo\":\"A1234-5678\"                                 | INVALID_INSURANCE_CARD_NO",
            "with a hospital card   | \"insuranceCardNo\":\"A12345678\",\"cardNo\":\"H0000000001\"       | AMBIGUOUS_PAYMENT_SOURCE",
            "with an NFC session    | \"insuranceCardNo\":\"A12345678\",\"nfcSessionId\":\"s1\"          | AMBIGUOUS_PAYMENT_SOURCE",
            "with an ID number scan | \"insuranceCardNo\":\"A12345678\",\"scannedCode\":\"11010519491231002X\" | PAYMENT_CODE_REQUIRED"})
    void aBadCardRequestIsRefusedWithItsCodeAndWritesNothing(String why, String source, String code) {
        long before = db.sql("SELECT count(*) AS n FROM payment").map(r -> r.get("n", Long.class)).one().block();
        String body = """
                {"billNo":"%s",%s,"medType":"OUTPATIENT",
                 "items":[{"code":"X001","name":"药","category":"DRUG","quantity":2,"priceFen":1175,"amountFen":2350}],"totalFen":2350}"""
                .formatted(Bills.newBillNo(), source);
        window.postWithKey("/api/v1/payments", body, UUID.randomUUID().toString())
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo(code).jsonPath("$.error.message").isNotEmpty();
        assertThat(db.sql("SELECT count(*) AS n FROM payment").map(r -> r.get("n", Long.class)).one().block()).isEqualTo(before);
    }
}
