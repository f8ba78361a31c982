package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * A mini-program user's identity is what their token's issuer verified, never what they type; and a binding
 * pays for nobody until that patient, signed in as themselves, consents to it.
 */
class MiniIdentityIT extends FamilyIntegrationTest {

    private static String identity(Family.Person p) {
        return "{\"name\":\"%s\",\"idNo\":\"%s\"}".formatted(p.name(), p.idNo());
    }

    @Test
    void aUserCannotBecomeAPatientByTypingTheirIdNumber() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 30_000, 10_000, 20_000, 100_000);
        Family.User attacker = Family.registered(http, Family.subject("attacker"));
        Family.User unverified = Family.user(http, Family.subject("typist"));

        // Typing the patient's name and number changes nobody's identity.
        assertThat(attacker.refused(HttpMethod.PUT, "/api/v1/mini/me", identity(parent), 409)).isEqualTo("IDENTITY_VERIFIED");
        assertThat(unverified.refused(HttpMethod.PUT, "/api/v1/mini/me", identity(parent), 403)).isEqualTo("IDENTITY_NOT_VERIFIED");
        assertThat(attacker.ok(HttpMethod.GET, "/api/v1/mini/me", null).path("idNo").asString())
                .isEqualTo(attacker.self().idNo().substring(0, 4) + "**********" + attacker.self().idNo().substring(14));

        // So neither sees, reorders, consents to nor revokes the bindings that pay for the patient.
        assertThat(attacker.ok(HttpMethod.GET, "/api/v1/mini/bindings?as=patient", null)).isEmpty();
        assertThat(unverified.refused(HttpMethod.GET, "/api/v1/mini/bindings?as=patient", null, 403)).isEqualTo("IDENTITY_NOT_VERIFIED");
        for (Family.User u : new Family.User[] {attacker, unverified}) {
            assertThat(u.refused(HttpMethod.GET, "/api/v1/mini/bindings/" + payer.bindingId(), null, 404)).isEqualTo("BINDING_NOT_FOUND");
            assertThat(u.refused(HttpMethod.PATCH, "/api/v1/mini/bindings/" + payer.bindingId(), "{\"priority\":5}", 404))
                    .isEqualTo("BINDING_NOT_FOUND");
            assertThat(u.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + payer.bindingId() + "/revoke", null, 404))
                    .isEqualTo("BINDING_NOT_FOUND");
        }
        assertThat(payer.user().binding(payer.bindingId()).path("status").asString()).isEqualTo("ACTIVE");
        assertThat(payer.user().binding(payer.bindingId()).path("priority").asInt()).isEqualTo(1);

        // The patient, signed in with their own verified identity, does see it.
        JsonNode mine = Family.patient(http, parent).ok(HttpMethod.GET, "/api/v1/mini/bindings?as=patient", null);
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("bindingId").asString()).isEqualTo(payer.bindingId());
    }

    @Test
    void theDemoIssuerVouchesForNoNameTheInsurancePlatformContradicts() {
        Family.Person insured = Family.insuredPatient(0);
        String wrongName = "{\"subject\":\"%s\",\"name\":\"%s\",\"idNo\":\"%s\"}"
                .formatted(Family.subject("liar"), insured.name().charAt(0) + "某某", insured.idNo());
        http.post().uri("/demo/mini/tokens").header("Content-Type", "application/json").bodyValue(wrongName).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.error.code").isEqualTo("REAL_NAME_MISMATCH");
        String badNumber = "{\"subject\":\"%s\",\"name\":\"%s\",\"idNo\":\"%s\"}"
                .formatted(Family.subject("liar"), insured.name(), insured.idNo().substring(0, 17) + (insured.idNo().charAt(17) == '0' ? '1' : '0'));
        http.post().uri("/demo/mini/tokens").header("Content-Type", "application/json").bodyValue(badNumber).exchange()
                .expectStatus().isEqualTo(400).expectBody().jsonPath("$.error.code").isEqualTo("INVALID_ID_NUMBER");
    }

    @Test
    void aBindingWithoutThePatientsConsentCannotBeSignedOrPay() {
        Family.Person parent = Family.uninsuredPatient();
        Family.User payer = Family.registered(http, Family.subject("payer"));
        String bindingId = payer.bind(parent, "PARENT", 10_000, 20_000, 100_000).path("bindingId").asString();

        assertThat(payer.binding(bindingId).path("status").asString()).isEqualTo("AWAITING_CONSENT");
        assertThat(payer.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + bindingId + "/agreement", "{\"channel\":\"ALIPAY\"}", 409))
                .isEqualTo("CONSENT_PENDING");
        assertThat(payer.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + bindingId + "/consent", null, 403))
                .as("the payer consents for nobody").isEqualTo("PATIENT_ONLY");
        Family.User stranger = Family.registered(http, Family.subject("stranger"));
        assertThat(stranger.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + bindingId + "/consent", null, 404))
                .isEqualTo("BINDING_NOT_FOUND");
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString())
                .as("an unconsented binding pays nothing").isEqualTo("AWAITING_PAYMENT");
    }

    @Test
    void withThePatientsConsentTheBindingIsSignedAndPays() {
        Family.Person parent = Family.uninsuredPatient();
        Family.User payer = Family.registered(http, Family.subject("payer"));
        String bindingId = payer.bind(parent, "PARENT", 10_000, 20_000, 100_000).path("bindingId").asString();
        Family.User patient = Family.patient(http, parent);

        JsonNode pending = patient.ok(HttpMethod.GET, "/api/v1/mini/bindings?as=patient", null);
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path("status").asString()).isEqualTo("AWAITING_CONSENT");
        JsonNode consented = patient.consent(bindingId);
        assertThat(consented.path("status").asString()).isEqualTo("AWAITING_AGREEMENT");
        assertThat(consented.path("role").asString()).isEqualTo("PATIENT");
        assertThat(patient.consent(bindingId).path("status").asString()).as("consenting again changes nothing").isEqualTo("AWAITING_AGREEMENT");
        Family.awaitMessage(payer.subject(), Family.kind("CONSENT_GIVEN", null), "the consent message");
        assertThat(db.sql("SELECT consent_by FROM family_binding WHERE binding_id = :id").bind("id", java.util.UUID.fromString(bindingId))
                .map(r -> r.get("consent_by", String.class)).one().block()).isEqualTo("PATIENT");

        Sim.Wallet wallet = Sim.wallet("ALIPAY", 50_000);
        Family.sign(payer, bindingId, "ALIPAY", wallet.walletId());
        assertThat(payer.binding(bindingId).path("status").asString()).isEqualTo("ACTIVE");
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(wallet.walletId())).isEqualTo(49_000);
    }
}
