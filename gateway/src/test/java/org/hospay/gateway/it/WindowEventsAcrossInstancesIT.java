package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two gateway instances behave as one window (docs/architecture.md §9, §10): a console following the window on
 * one instance sees the taps and payments made through the other, and an NFC session opened on one
 * is paid, once, through the other.
 */
class WindowEventsAcrossInstancesIT extends GatewayIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static GatewayProcess other;

    private SignedClient windowOnOther;
    private SignedClient readerOnOther;
    private SignedClient reader;

    @BeforeAll
    static void startSecondInstance() {
        other = GatewayProcess.start(TestServices.DATABASE, java.util.Map.of());
    }

    @AfterAll
    static void stopSecondInstance() {
        if (other != null) other.close();
    }

    @BeforeEach
    void clients() {
        terminals.upsert(new Terminal(NfcCheckoutIT.READER_ID, Terminal.Kind.NFC_READER, "it-hospital", "W01"), NfcCheckoutIT.READER_SECRET).block();
        WebTestClient otherHttp = WebTestClient.bindToServer().baseUrl(other.url()).responseTimeout(Duration.ofSeconds(60)).build();
        windowOnOther = new SignedClient(otherHttp, WINDOW_ID, WINDOW_SECRET);
        readerOnOther = new SignedClient(otherHttp, NfcCheckoutIT.READER_ID, NfcCheckoutIT.READER_SECRET);
        reader = new SignedClient(http, NfcCheckoutIT.READER_ID, NfcCheckoutIT.READER_SECRET);
    }

    @Test
    void aConsoleOnOneInstanceSeesTheBillTapAndPaymentMadeThroughTheOther() {
        try (var stream = WindowEventsClient.open(port, WINDOW_ID, WINDOW_SECRET, "W01", null)) {
            String billNo = Bills.newBillNo();
            Windows.putBill(windowOnOther, "W01", billNo).expectStatus().isOk();
            Sim.Voucher voucher = Sim.voucher(Sim.employee(300), "WECHAT");

            Windows.TapAnswer tap = Windows.tapOk(readerOnOther, "W01", voucher.code());
            Payments.View paid = tap.payment().status().equals("PENDING")
                    ? Payments.awaitFinal(windowOnOther, tap.payment().paymentId(), WAIT) : tap.payment();
            assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");

            stream.await("bill", e -> billNo.equals(e.data().get("billNo")), WAIT);
            stream.await("tap", e -> tap.sessionId().equals(e.data().get("sessionId")), WAIT);
            var succeeded = stream.await("payment.succeeded", e -> paid.paymentId().toString().equals(e.data().get("paymentId")), WAIT);
            assertThat(((Number) succeeded.leg("insurance").get("accountPayFen")).longValue()).isEqualTo(300);
            assertThat(((Number) succeeded.leg("selfPay").get("amountFen")).longValue()).isEqualTo(paid.selfPay().amountFen());
            Books.assertAgree(db, paid);
        }
    }

    @Test
    void aConsoleOnTheOtherInstanceSeesAPaymentMadeHere() {
        try (var stream = WindowEventsClient.open(other.port(), WINDOW_ID, WINDOW_SECRET, "W01", null)) {
            Payments.View paid = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("UNIONPAY", 100_000).authCode()));
            assertThat(paid.status()).isEqualTo("SUCCEEDED");
            var succeeded = stream.await("payment.succeeded", e -> paid.paymentId().toString().equals(e.data().get("paymentId")), WAIT);
            assertThat(succeeded.data()).containsEntry("selfPayMethod", "UNIONPAY");
            assertThat(succeeded.fen("selfPayFen")).isEqualTo(Bills.TOTAL);
        }
    }

    @Test
    void aSessionOpenedThroughOneInstanceIsPaidThroughTheOtherOnlyOnce() {
        String billNo = Bills.newBillNo();
        Windows.TapAnswer tap = Windows.tapOk(readerOnOther, "W01", null);

        Payments.View paid = Payments.pay(window, Windows.payment(billNo, tap.sessionId(), Sim.voucher(Sim.employee(0), "ALIPAY").code()));
        assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");

        windowOnOther.postWithKey("/api/v1/payments", Windows.payment(billNo, tap.sessionId(), Sim.wallet("WECHAT", 100_000).authCode()),
                        UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.error.code").isEqualTo("NFC_SESSION_USED");
        assertThat(Payments.byBill(window, billNo)).hasSize(1);
        reader.get("/api/v1/nfc/sessions/" + tap.sessionId()).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("USED");
    }
}
