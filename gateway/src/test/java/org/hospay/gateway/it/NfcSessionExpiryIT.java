package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A tap's session lasts hospay.nfc.session-ttl (2 s here): after that it pays nothing and says why. */
@TestPropertySource(properties = "hospay.nfc.session-ttl=2s")
class NfcSessionExpiryIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anExpiredSessionIsRefusedAsExpiredAndPaysNothing() {
        terminals.upsert(new Terminal(NfcCheckoutIT.READER_ID, Terminal.Kind.NFC_READER, "it-hospital", "W01"), NfcCheckoutIT.READER_SECRET).block();
        SignedClient reader = new SignedClient(http, NfcCheckoutIT.READER_ID, NfcCheckoutIT.READER_SECRET);
        String billNo = Bills.newBillNo();
        Windows.putBill(window, "W01", billNo).expectStatus().isOk();
        Windows.TapAnswer tap = Windows.tapOk(reader, "W01", null);
        assertThat(tap.billNo()).isEqualTo(billNo);

        String state = awaitState(tap.sessionId(), "EXPIRED", Duration.ofSeconds(15));
        assertThat(state).isEqualTo("EXPIRED");

        Sim.Voucher voucher = Sim.voucher(Sim.employee(0), "WECHAT");
        long before = Sim.balance(voucher.walletId());
        window.postWithKey("/api/v1/payments", Windows.payment(billNo, tap.sessionId(), voucher.code()), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(410).expectBody().jsonPath("$.error.code").isEqualTo("NFC_SESSION_EXPIRED");

        assertThat(Sim.balance(voucher.walletId())).isEqualTo(before);
        assertThat(Payments.byBill(window, billNo)).isEmpty();
        window.get("/api/v1/windows/W01/bill").expectStatus().isOk().expectBody().jsonPath("$.billNo").isEqualTo(billNo);
        // The same code still pays the bill without the expired session: only the session was refused.
        Payments.View paid = Payments.pay(window, Bills.bill(billNo, voucher.code()));
        assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");
    }

    private String awaitState(String sessionId, String wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String state;
        do {
            String body = window.get("/api/v1/nfc/sessions/" + sessionId).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            state = (String) JSON.readValue(body, java.util.Map.class).get("state");
            if (!state.equals(wanted)) Payments.pause(200);
        } while (!state.equals(wanted) && System.nanoTime() < deadline);
        return state;
    }
}
