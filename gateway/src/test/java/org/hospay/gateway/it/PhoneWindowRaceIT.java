package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One success per bill across the window and the phone: both pay through the engine's one-live-payment-per-bill guard,
 * so whichever comes second is refused with a specific 409 and is charged nothing (the channels' ledgers say so).
 */
class PhoneWindowRaceIT extends GatewayIntegrationTest {

    @Test
    void aBillPaidAtTheWindowIsRefusedOnThePhoneAndChargedOnce() {
        Phones.Patient patient = Phones.uninsured();
        String billNo = Phones.issueBill(patient, Phones.billNo(), 1500);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet atWindow = Sim.wallet("WECHAT", 10_000);
        Sim.Wallet inApp = Sim.wallet("WECHAT", 10_000);

        Payments.View paid = Payments.pay(window, Phones.windowBill(billNo, 1500, atWindow.authCode()));
        assertThat(paid.status()).isEqualTo("SUCCEEDED");

        Phones.Answer refused = Phones.pay(phone, billNo, Phones.payBody(inApp), UUID.randomUUID().toString());
        assertThat(refused.status()).as("phone answer %s", refused.body()).isEqualTo(409);
        assertThat(refused.body().path("error").path("code").asString()).isEqualTo("BILL_ALREADY_PAID");
        assertThat(refused.body().path("error").path("details").path("paymentId").asString()).isEqualTo(paid.paymentId().toString());

        assertThat(Sim.balance(atWindow.walletId())).isEqualTo(10_000 - 1500);
        assertThat(Sim.balance(inApp.walletId())).as("the phone's WeChat was never charged").isEqualTo(10_000);
        assertThat(chargesOf(inApp)).isEmpty();
        assertThat(Payments.byBill(window, billNo)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aBillBeingPaidOnThePhoneIsRefusedAtTheWindowAndChargedOnce() {
        Phones.Patient patient = Phones.uninsured();
        String billNo = Phones.issueBill(patient, Phones.billNo(), 1600);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet atWindow = Sim.wallet("WECHAT", 10_000);
        Sim.Wallet inApp = Sim.wallet("WECHAT", 10_000);

        JsonNode waiting = Phones.payAwaitingApp(phone, billNo, inApp);
        var refused = window.postWithKey("/api/v1/payments", Phones.windowBill(billNo, 1600, atWindow.authCode()), UUID.randomUUID().toString())
                .expectBody(String.class).returnResult();
        assertThat(refused.getStatus().value()).as("window answer %s", refused.getResponseBody()).isEqualTo(409);
        JsonNode error = Family.JSON.readTree(refused.getResponseBody()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("BILL_PAYMENT_IN_PROGRESS");
        assertThat(error.path("details").path("paymentId").asString()).isEqualTo(waiting.path("paymentId").asString());

        Phones.confirmInApp(waiting.path("appPay").path("prepayId").asString());
        assertThat(Phones.awaitFinal(phone, waiting.path("paymentId").asString()).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(atWindow.walletId())).as("the window's code was never charged").isEqualTo(10_000);
        assertThat(chargesOf(atWindow)).isEmpty();
        assertThat(Sim.balance(inApp.walletId())).isEqualTo(10_000 - 1600);
    }

    @Test
    void theWindowAndThePhonePayingAtTheSameMomentChargeOnce() {
        Phones.Patient patient = Phones.uninsured();
        String billNo = Phones.issueBill(patient, Phones.billNo(), 1700);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet atWindow = Sim.wallet("WECHAT", 10_000);
        Sim.Wallet inApp = Sim.wallet("WECHAT", 10_000);

        var fromWindow = CompletableFuture.supplyAsync(() -> window.postWithKey("/api/v1/payments",
                Phones.windowBill(billNo, 1700, atWindow.authCode()), UUID.randomUUID().toString()).expectBody(String.class).returnResult());
        var fromPhone = CompletableFuture.supplyAsync(() -> Phones.pay(phone, billNo, Phones.payBody(inApp), UUID.randomUUID().toString()));
        var w = fromWindow.join();
        Phones.Answer p = fromPhone.join();

        if (p.status() == 202) {
            // The phone won: the window was refused, the patient pays in the app.
            assertThat(w.getStatus().value()).as("window answer %s", w.getResponseBody()).isEqualTo(409);
            Phones.confirmInApp(p.body().path("appPay").path("prepayId").asString());
            assertThat(Phones.awaitFinal(phone, p.body().path("paymentId").asString()).path("status").asString()).isEqualTo("SUCCEEDED");
        } else {
            assertThat(p.status()).as("phone answer %s", p.body()).isEqualTo(409);
            assertThat(p.body().path("error").path("code").asString()).isIn("BILL_ALREADY_PAID", "BILL_PAYMENT_IN_PROGRESS");
            assertThat(w.getStatus().value()).as("window answer %s", w.getResponseBody()).isIn(200, 202);
            UUID id = UUID.fromString(Family.JSON.readTree(w.getResponseBody()).path("paymentId").asString());
            assertThat(Payments.awaitFinal(window, id, java.time.Duration.ofSeconds(30)).status()).isEqualTo("SUCCEEDED");
        }
        long charged = (10_000 - Sim.balance(atWindow.walletId())) + (10_000 - Sim.balance(inApp.walletId()));
        assertThat(charged).as("the bill was charged once, on one channel").isEqualTo(1700);
        assertThat(chargesOf(atWindow).size() + chargesOf(inApp).size()).isEqualTo(1);
        assertThat(Payments.byBill(window, billNo)).filteredOn(v -> !v.status().equals("FAILED")).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo("SUCCEEDED"));
    }

    /** The wallet's successful charges in the WeChat ledger (code payments and in-app orders alike). */
    private static List<Sim.Entry> chargesOf(Sim.Wallet w) {
        return Sim.ledger("WECHAT").stream().filter(e -> e.type().equals("CHARGE") && w.accountId().equals(e.account())
                && e.state().equals("SUCCESS")).toList();
    }
}
