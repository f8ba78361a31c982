package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The e-health card QR code (电子健康卡, docs/api.md §6.1): the region's e-health card service says whose card it is,
 * the insurance platform identifies the holder by ID number as it does for an ID card, and the self-pay part is paid
 * with a payment code presented afterwards. Bad codes are refused before anything is written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EHealthCardIT extends GatewayIntegrationTest {

    @AfterEach
    void clearFaults() {
        Sim.clearFault("EHEALTH");
    }

    private static String bill(String code) {
        return Bills.bill(Bills.newBillNo(), code);
    }

    private long payments() {
        return db.sql("SELECT count(*) AS n FROM payment").map(r -> r.get("n", Long.class)).one().block();
    }

    @Test
    void theHealthCardIdentifiesTheInsuredPatientAndThePaymentCodePaysTheRest() {
        Sim.Person patient = Sim.employee(2000);
        Sim.HealthCard card = Sim.healthCard(patient, 300);

        Payments.Answer first = Payments.post(window, bill(card.qrCode()), UUID.randomUUID().toString());

        assertThat(first.status()).as("the answer: %s", first.view()).isEqualTo(202);
        assertThat(first.view().sourceKind()).isEqualTo("EHEALTH_CARD");
        assertThat(first.view().source()).doesNotContain(card.ecardId()).doesNotContain(patient.idNo());
        assertThat(first.view().awaitingPaymentCode()).isTrue();
        assertThat(first.view().insurance().accountPayFen()).isEqualTo(2000);
        assertThat(first.view().selfPay().amountFen()).isEqualTo(Bills.TOTAL - 2000);

        Sim.Wallet wallet = Sim.wallet("UNIONPAY", 100_000);
        Payments.View paid = Payments.presentCode(window, first.view().paymentId(), wallet.authCode());
        assertThat(paid.status()).isEqualTo("SUCCEEDED");
        assertThat(paid.insurance().settlementId()).isNotNull();
        assertThat(Sim.balance(wallet.walletId())).isEqualTo(100_000 - (Bills.TOTAL - 2000));
        Books.assertAgree(db, paid);
    }

    @Test
    void aCardTheServiceDoesNotKnowIsRefusedAndWritesNothing() {
        long before = payments();
        String unknown = "AB".repeat(32) + ":01";
        window.postWithKey("/api/v1/payments", bill(unknown), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.error.code").isEqualTo("EHEALTH_CARD_UNKNOWN");
        assertThat(payments()).isEqualTo(before);
    }

    @Test
    void anExpiredHealthCardCodeIsRefusedBeforeTheServiceIsAsked() {
        Sim.HealthCard card = Sim.healthCard(Sim.employee(0), -60);
        window.postWithKey("/api/v1/payments", bill(card.qrCode()), UUID.randomUUID().toString())
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("CODE_EXPIRED");
    }

    @Test
    @Order(99) // last: its failures count in the EHEALTH circuit breaker
    void aServiceThatDoesNotAnswerIsA503AndWritesNothing() {
        Sim.HealthCard card = Sim.healthCard(Sim.employee(0), 300);
        Sim.fault("EHEALTH", Map.of("errorRate", 1.0));
        long before = payments();
        window.postWithKey("/api/v1/payments", bill(card.qrCode()), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.error.code").isEqualTo("EHEALTH_CARD_UNAVAILABLE");
        assertThat(payments()).isEqualTo(before);
    }
}
