package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NFC checkout at a window (docs/architecture.md §8, docs/api.md §8): a tap opens a session for the
 * reader's window with its pending bill, the next scan at the window (or the e-voucher the phone
 * handed over) pays it through the engine, and the window's console sees every step on its event
 * stream. Every refused tap and every refused use of a session pays nothing.
 */
class NfcCheckoutIT extends GatewayIntegrationTest {

    static final String READER_ID = "it-reader-w01";
    static final String READER_SECRET = "it-reader-w01-secret";
    static final String OTHER_READER_ID = "it-reader-w02";
    static final String OTHER_WINDOW_ID = "it-window-02";
    static final Duration WAIT = Duration.ofSeconds(20);

    private SignedClient reader;
    private SignedClient otherReader;
    private SignedClient otherWindow;
    private WindowEventsClient events;

    @BeforeEach
    void readers() {
        terminals.upsert(new Terminal(READER_ID, Terminal.Kind.NFC_READER, "it-hospital", "W01"), READER_SECRET).block();
        terminals.upsert(new Terminal(OTHER_READER_ID, Terminal.Kind.NFC_READER, "it-hospital", "W02"), "it-reader-w02-secret").block();
        terminals.upsert(new Terminal(OTHER_WINDOW_ID, Terminal.Kind.WINDOW, "it-hospital", "W02"), "it-window-02-secret").block();
        reader = new SignedClient(http, READER_ID, READER_SECRET);
        otherReader = new SignedClient(http, OTHER_READER_ID, "it-reader-w02-secret");
        otherWindow = new SignedClient(http, OTHER_WINDOW_ID, "it-window-02-secret");
        // The window's bill from a previous test must not be attached to this test's taps.
        window.send(org.springframework.http.HttpMethod.DELETE, "/api/v1/windows/W01/bill", "", java.time.Instant.now().getEpochSecond(),
                UUID.randomUUID().toString()).expectStatus().isNoContent();
        events = WindowEventsClient.open(port, WINDOW_ID, WINDOW_SECRET, "W01", null);
    }

    @AfterEach
    void closeStream() {
        events.close();
    }

    @Test
    void aTapThenTheNextScanAtTheWindowPaysTheWindowsBillAndTheStreamCarriesEveryStep() {
        String billNo = Bills.newBillNo();
        Windows.putBill(window, "W01", billNo).expectStatus().isOk();
        events.await("bill", e -> billNo.equals(e.data().get("billNo")), WAIT);

        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
        assertThat(tap.billNo()).as("the window's pending bill is attached to the session").isEqualTo(billNo);
        assertThat(tap.kind()).isEqualTo("PHONE");
        assertThat(tap.payment()).as("a phone that only woke its e-voucher pays nothing by itself").isNull();
        var tapEvent = events.await("tap", e -> tap.sessionId().equals(e.data().get("sessionId")), WAIT);
        assertThat(tapEvent.data()).containsEntry("billNo", billNo).containsEntry("readerId", READER_ID);
        assertThat((String) tapEvent.data().get("tagUid")).as("the chip UID is masked").isEqualTo("04**********F6");

        // The patient shows the e-voucher the tap opened; it has no payment authorisation, so the
        // insurance part is pre-settled and the self-pay part waits for a payment code.
        Sim.Person person = Sim.employee(1_000);
        String evoucher = Sim.voucher(person, null).code();
        var first = Payments.post(window, Windows.payment(billNo, tap.sessionId(), evoucher), UUID.randomUUID().toString());
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.view().awaitingPaymentCode()).isTrue();
        var pending = events.await("payment.pending", e -> first.view().paymentId().toString().equals(e.data().get("paymentId")), WAIT);
        assertThat(pending.data()).containsEntry("awaitingPaymentCode", true).containsEntry("billNo", billNo);
        assertThat(((Number) pending.leg("insurance").get("accountPayFen")).longValue()).isEqualTo(1_000);
        assertThat(pending.fen("fundPayFen") + pending.fen("accountPayFen") + pending.fen("selfPayFen")).isEqualTo(Bills.TOTAL);

        Sim.Wallet wallet = Sim.wallet("WECHAT", 100_000);
        Payments.View paid = Payments.presentCode(window, first.view().paymentId(), wallet.authCode());
        assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");
        var succeeded = events.await("payment.succeeded", e -> paid.paymentId().toString().equals(e.data().get("paymentId")), WAIT);
        assertThat(((Number) succeeded.leg("insurance").get("fundPayFen")).longValue()).isEqualTo(paid.insurance().fundPayFen());
        assertThat(((Number) succeeded.leg("insurance").get("accountPayFen")).longValue()).isEqualTo(paid.insurance().accountPayFen());
        assertThat(succeeded.leg("selfPay")).containsEntry("method", "WECHAT");
        assertThat(((Number) succeeded.leg("selfPay").get("amountFen")).longValue()).isEqualTo(paid.selfPay().amountFen());
        assertThat(events.seen().stream().map(WindowEventsClient.Event::type).toList())
                .as("each step, in order").containsSubsequence("bill", "tap", "payment.pending", "payment.succeeded");
        Books.assertAgree(db, paid);

        window.get("/api/v1/nfc/sessions/" + tap.sessionId()).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("USED");
        window.get("/api/v1/windows/W01/bill").expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("NO_PENDING_BILL");
    }

    @Test
    void aTapCarryingThePhonesAggregatedCodePaysThePendingBillAtOnce() {
        String billNo = Bills.newBillNo();
        Windows.putBill(window, "W01", billNo).expectStatus().isOk();
        Sim.Person person = Sim.employee(500);
        Sim.Voucher voucher = Sim.voucher(person, "ALIPAY");
        long before = Sim.balance(voucher.walletId());

        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", voucher.code());

        assertThat(tap.presentedKind()).isEqualTo("AGGREGATED_CODE");
        assertThat(tap.payment()).isNotNull();
        Payments.View paid = tap.payment().status().equals("PENDING")
                ? Payments.awaitFinal(window, tap.payment().paymentId(), WAIT) : tap.payment();
        assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");
        assertThat(paid.billNo()).isEqualTo(billNo);
        assertThat(paid.insurance().accountPayFen()).isEqualTo(500);
        assertThat(paid.selfPay().method()).isEqualTo("ALIPAY");
        assertThat(Sim.balance(voucher.walletId())).isEqualTo(before - paid.selfPay().amountFen());
        events.await("tap", e -> tap.sessionId().equals(e.data().get("sessionId")), WAIT);
        events.await("payment.succeeded", e -> paid.paymentId().toString().equals(e.data().get("paymentId")), WAIT);
        Books.assertAgree(db, paid);
    }

    @Test
    void aSessionPaysOnceAndIsRefusedAfterwardsWithNothingCharged() {
        String billNo = Bills.newBillNo();
        Windows.putBill(window, "W01", billNo).expectStatus().isOk();
        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
        Sim.Person person = Sim.employee(0);
        Payments.View paid = Payments.pay(window, Windows.payment(billNo, tap.sessionId(), Sim.voucher(person, "WECHAT").code()));
        assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");

        Sim.Voucher again = Sim.voucher(Sim.employee(0), "WECHAT");
        long before = Sim.balance(again.walletId());
        window.postWithKey("/api/v1/payments", Windows.payment(billNo, tap.sessionId(), again.code()), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.error.code").isEqualTo("NFC_SESSION_USED");
        assertThat(Sim.balance(again.walletId())).isEqualTo(before);
        assertThat(Payments.byBill(window, billNo)).hasSize(1);
    }

    @Test
    void theSameRequestWithTheSameKeyIsAReplayNotASecondUseOfTheSession() {
        String billNo = Bills.newBillNo();
        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
        String body = Windows.payment(billNo, tap.sessionId(), Sim.voucher(Sim.employee(0), "UNIONPAY").code());
        String key = UUID.randomUUID().toString();
        var first = Payments.post(window, body, key);
        var replay = Payments.post(window, body, key);
        assertThat(replay.view().paymentId()).isEqualTo(first.view().paymentId());
        assertThat(Payments.byBill(window, billNo)).hasSize(1);
    }

    @Test
    void aSessionOpenedAtAnotherWindowIsRefusedAndStaysOpenForItsOwnWindow() {
        Windows.TapAnswer tap = Windows.tapOk(otherReader, "W02", null);
        String billNo = Bills.newBillNo();
        Sim.Voucher voucher = Sim.voucher(Sim.employee(0), "WECHAT");
        long before = Sim.balance(voucher.walletId());

        window.postWithKey("/api/v1/payments", Windows.payment(billNo, tap.sessionId(), voucher.code()), UUID.randomUUID().toString())
                .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo("NFC_SESSION_OTHER_WINDOW");

        assertThat(Sim.balance(voucher.walletId())).isEqualTo(before);
        assertThat(Payments.byBill(window, billNo)).isEmpty();
        otherWindow.get("/api/v1/nfc/sessions/" + tap.sessionId()).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("OPEN");
        window.get("/api/v1/nfc/sessions/" + tap.sessionId()).expectStatus().isNotFound();
    }

    @Test
    void aSessionIsForTheBillItWasOpenedWith() {
        String billNo = Bills.newBillNo();
        Windows.putBill(window, "W01", billNo).expectStatus().isOk();
        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
        String otherBill = Bills.newBillNo();

        window.postWithKey("/api/v1/payments", Windows.payment(otherBill, tap.sessionId(), Sim.voucher(Sim.employee(0), "WECHAT").code()),
                        UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error.code").isEqualTo("NFC_SESSION_BILL_MISMATCH")
                .jsonPath("$.error.details.sessionBillNo").isEqualTo(billNo);
        assertThat(Payments.byBill(window, otherBill)).isEmpty();
        window.get("/api/v1/nfc/sessions/" + tap.sessionId()).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("OPEN");
    }

    @Test
    void aSessionHoldingNothingNeedsTheScanAndIsNotSpentWithoutIt() {
        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
        String billNo = Bills.newBillNo();

        window.postWithKey("/api/v1/payments", Windows.payment(billNo, tap.sessionId(), null), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.error.code").isEqualTo("NFC_SESSION_NO_CODE");

        window.get("/api/v1/nfc/sessions/" + tap.sessionId()).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("OPEN");
        Payments.View paid = Payments.pay(window, Windows.payment(billNo, tap.sessionId(), Sim.wallet("ALIPAY", 100_000).authCode()));
        assertThat(paid.status()).as("the same session, now with the scan").isEqualTo("SUCCEEDED");
    }

    @Test
    void aBadScanIsRefusedBeforeTheSessionIsSpent() {
        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
        window.postWithKey("/api/v1/payments", Windows.payment(Bills.newBillNo(), tap.sessionId(), "not-a-code"), UUID.randomUUID().toString())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("INVALID_CODE");
        window.get("/api/v1/nfc/sessions/" + tap.sessionId()).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("OPEN");
    }

    @Test
    void anUnknownSessionIsNotFound() {
        for (String id : List.of("N" + UUID.randomUUID().toString().replace("-", ""), "not-a-session")) {
            window.postWithKey("/api/v1/payments", Windows.payment(Bills.newBillNo(), id, Sim.wallet("WECHAT", 100_000).authCode()),
                            UUID.randomUUID().toString())
                    .expectStatus().isNotFound().expectBody().jsonPath("$.error.code").isEqualTo("NFC_SESSION_NOT_FOUND");
        }
    }

    @Test
    void aTappedHospitalCardWithoutABindingIsRefusedAndPaysNothing() {
        String billNo = Bills.newBillNo();
        Windows.putBill(window, "W01", billNo).expectStatus().isOk();

        Windows.tap(reader, "W01", "H1234567890").expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.error.code").isEqualTo("CARD_NOT_BOUND")
                .jsonPath("$.error.details.sessionId").isNotEmpty();

        var tapEvent = events.await("tap", e -> "CARD".equals(e.data().get("kind")), WAIT);
        assertThat(tapEvent.data()).containsEntry("presented", "H1*******90");
        var refused = events.await("tap.refused", e -> billNo.equals(e.data().get("billNo")), WAIT);
        assertThat(refused.data()).containsEntry("code", "CARD_NOT_BOUND");
        assertThat(Payments.byBill(window, billNo)).isEmpty();
        window.get("/api/v1/windows/W01/bill").expectStatus().isOk().expectBody().jsonPath("$.billNo").isEqualTo(billNo);
    }

    // ------------------------------------------------------------------ refused taps

    @Test
    void aTapFromAnUnregisteredReaderIsUnauthenticated() {
        new SignedClient(http, "it-no-such-reader", READER_SECRET)
                .post("/api/v1/nfc/taps", Windows.tapBody("it-no-such-reader", "W01", "04A1B2C3", null))
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED");
        assertNoTapWasPublished();
    }

    @Test
    void aTapNamingAnotherReaderIsRefused() {
        reader.post("/api/v1/nfc/taps", Windows.tapBody(OTHER_READER_ID, "W01", "04A1B2C3", null))
                .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo("UNKNOWN_READER");
        assertNoTapWasPublished();
    }

    @Test
    void aTapFromAReaderOfAnotherWindowIsRefused() {
        String billNo = Bills.newBillNo();
        Windows.putBill(window, "W01", billNo).expectStatus().isOk();
        events.await("bill", e -> billNo.equals(e.data().get("billNo")), WAIT);

        otherReader.post("/api/v1/nfc/taps", Windows.tapBody(OTHER_READER_ID, "W01", "04A1B2C3", Sim.voucher(Sim.employee(0), "WECHAT").code()))
                .expectStatus().isForbidden().expectBody()
                .jsonPath("$.error.code").isEqualTo("WRONG_WINDOW")
                .jsonPath("$.error.details.readerWindowId").isEqualTo("W02");

        assertNoTapWasPublished();
        assertThat(Payments.byBill(window, billNo)).isEmpty();
    }

    @Test
    void aTapSentByATerminalThatIsNotAReaderIsRefused() {
        window.post("/api/v1/nfc/taps", Windows.tapBody(WINDOW_ID, "W01", "04A1B2C3", null))
                .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo("NOT_AN_NFC_READER");
        assertNoTapWasPublished();
    }

    @Test
    void aTapWithABadTagOrSomethingThatCannotOpenACheckoutIsRefused() {
        reader.post("/api/v1/nfc/taps", Windows.tapBody(READER_ID, "W01", "xyz", null))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("INVALID_TAG_UID");
        reader.post("/api/v1/nfc/taps", Windows.tapBody(READER_ID, "W01", "04A1B2C3", Sim.wallet("WECHAT", 100).authCode()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("INVALID_TAP_PAYLOAD");
        assertNoTapWasPublished();
    }

    /** A refused tap published nothing: the next event on the stream is the one a later bill caused. */
    private void assertNoTapWasPublished() {
        String marker = Bills.newBillNo();
        Windows.putBill(window, "W01", marker).expectStatus().isOk();
        var next = events.next(WAIT);
        assertThat(next.type()).as("next event after the refused tap: %s", next).isEqualTo("bill");
        assertThat(next.data()).containsEntry("billNo", marker);
    }

    // ------------------------------------------------------------------ the stream itself

    @Test
    void aConsoleThatReconnectsWithLastEventIdGetsExactlyWhatItMissed() {
        String first = Bills.newBillNo();
        Windows.putBill(window, "W01", first).expectStatus().isOk();
        String lastSeen = events.await("bill", e -> first.equals(e.data().get("billNo")), WAIT).id();
        events.close();

        String missedBill = Bills.newBillNo();
        Windows.putBill(window, "W01", missedBill).expectStatus().isOk();
        Windows.TapAnswer missedTap = Windows.tapOk(reader, "W01", null);

        try (var resumed = WindowEventsClient.open(port, WINDOW_ID, WINDOW_SECRET, "W01", lastSeen)) {
            var bill = resumed.next(WAIT);
            assertThat(bill.type()).isEqualTo("bill");
            assertThat(bill.data()).containsEntry("billNo", missedBill);
            var tap = resumed.next(WAIT);
            assertThat(tap.type()).isEqualTo("tap");
            assertThat(tap.data()).containsEntry("sessionId", missedTap.sessionId());
            assertThat(bill.id().compareTo(lastSeen)).isPositive();
        }
        events = WindowEventsClient.open(port, WINDOW_ID, WINDOW_SECRET, "W01", null);
    }

    @Test
    void twoConsolesOfOneWindowBothSeeEachEvent() {
        try (var second = WindowEventsClient.open(port, WINDOW_ID, WINDOW_SECRET, "W01", null)) {
            Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
            var a = events.await("tap", e -> tap.sessionId().equals(e.data().get("sessionId")), WAIT);
            var b = second.await("tap", e -> tap.sessionId().equals(e.data().get("sessionId")), WAIT);
            assertThat(a.id()).isEqualTo(b.id());
        }
    }

    @Test
    void onlyTheWindowsOwnTerminalsMayFollowItsStream() {
        otherWindow.get("/api/v1/windows/W01/events").expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("WRONG_WINDOW");
        http.get().uri("/api/v1/windows/W01/events").exchange().expectStatus().isUnauthorized();
        window.get("/api/v1/windows/W01/events?lastEventId=garbage").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("INVALID_LAST_EVENT_ID");
    }

    @Test
    void aWindowBillIsValidatedLikeAPaymentsBill() {
        window.send(org.springframework.http.HttpMethod.PUT, "/api/v1/windows/W01/bill",
                        "{\"billNo\":\"B1\",\"items\":[{\"code\":\"X\",\"name\":\"x\",\"category\":\"DRUG\",\"quantity\":1,\"priceFen\":100,\"amountFen\":100}],\"totalFen\":99}",
                        java.time.Instant.now().getEpochSecond(), UUID.randomUUID().toString())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("AMOUNT_MISMATCH");
        Windows.putBill(otherWindow, "W01", Bills.newBillNo()).expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("WRONG_WINDOW");
    }
}
