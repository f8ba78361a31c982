package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * docs/api.md §11.1: a patient and the family member who paid for them fetch the payment's electronic receipt in
 * the mini-program, each by the identity their token verifies; nobody else learns that the payment exists.
 */
class MiniInvoiceIT extends FamilyIntegrationTest {

    private static JsonNode awaitIssued(Family.User user, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode v = null;
        while (System.nanoTime() < deadline) {
            v = user.ok(HttpMethod.GET, path, null);
            if ("ISSUED".equals(v.path("status").asString())) return v;
            Payments.pause(200);
        }
        throw new AssertionError("the receipt at " + path + " was not issued in 30 s: " + v);
    }

    @Test
    void thePayerAndThePatientFetchTheReceiptAndNobodyElseLearnsOfIt() {
        // Real time on both sides: the fiscal platform refuses signatures more than 300 s off its clock, and the
        // base class moves the simulator's clock to the 15th (an Alipay payer has no hours to keep).
        CLOCK.reset();
        Family.resetSimClock();
        Family.Person mother = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, mother, "ALIPAY", 50_000, 10_000, 20_000, 100_000);
        JsonNode pay = postBill(Bills.newBillNo(), mother.cardNo(), 4_200);
        assertThat(pay.path("status").asString()).as("%s", pay).isEqualTo("SUCCEEDED");
        String path = "/api/v1/mini/payments/" + pay.path("paymentId").asString() + "/invoice";

        JsonNode asPayer = awaitIssued(payer.user(), path);
        JsonNode asPatient = Family.patient(http, mother).ok(HttpMethod.GET, path, null);

        assertThat(asPayer.path("current").path("amountFen").asLong()).isEqualTo(4_200);
        assertThat(asPayer.path("current").path("pdfUrl").asString()).endsWith(".pdf");
        assertThat(asPatient.path("current").path("invoiceNo").asString()).isEqualTo(asPayer.path("current").path("invoiceNo").asString());
        assertThat(Family.registered(http, Family.subject("stranger")).refused(HttpMethod.GET, path, null, 404)).isEqualTo("PAYMENT_NOT_FOUND");
        assertThat(Family.user(http, Family.subject("unverified")).refused(HttpMethod.GET, path, null, 404))
                .as("a token without a verified identity is nobody's patient").isEqualTo("PAYMENT_NOT_FOUND");
        assertThat(payer.user().refused(HttpMethod.GET, "/api/v1/mini/payments/" + UUID.randomUUID() + "/invoice", null, 404))
                .isEqualTo("PAYMENT_NOT_FOUND");
        assertThat(http.get().uri(path).exchange().returnResult(String.class).getStatus().value()).as("no token").isEqualTo(401);
    }
}
