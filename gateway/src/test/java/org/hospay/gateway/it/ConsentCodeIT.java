package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * docs/api.md §10, docs/security.md: a patient without a mini-program of their own consents to a binding with a
 * one-time code the hospital texts to the phone it registered for them (single use, expiring, five tries, one per
 * minute, stored only as a keyed hash); the patient's registered guardian binds without consent.
 */
class ConsentCodeIT extends GatewayIntegrationTest {

    private static final WebClient SIM = WebClient.create(TestSimulator.URL);
    private static final Pattern SIX_DIGITS = Pattern.compile("(\\d{6})");

    private static String phone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** A patient the hospital registered with {@code phone} and (when given) a guardian's identity number. */
    private static Family.Person patient(String phone, String guardianIdNo) {
        Family.Person p = Family.person();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", p.name(), "idNo", p.idNo()));
        if (phone != null) body.put("phone", phone);
        if (guardianIdNo != null) body.put("guardianIdNo", guardianIdNo);
        Map<?, ?> r = SIM.post().uri("/sim/hospital/patients").bodyValue(body).retrieve().bodyToMono(Map.class).block(Duration.ofSeconds(20));
        return new Family.Person(p.name(), p.idNo(), (String) r.get("cardNo"));
    }

    /** The code in the last text the patient's phone received. */
    private static String codeTextedTo(String phone) {
        List<?> texts = SIM.get().uri("/sim/hospital/texts?phone=" + phone).retrieve().bodyToMono(List.class).block(Duration.ofSeconds(20));
        assertThat(texts).as("texts to %s", phone).isNotEmpty();
        String text = (String) ((Map<?, ?>) texts.get(texts.size() - 1)).get("text");
        Matcher m = SIX_DIGITS.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static String entry(String code) {
        return "{\"code\":\"" + code + "\"}";
    }

    private String consentBy(String bindingId) {
        return db.sql("SELECT consent_by FROM family_binding WHERE binding_id = :id").bind("id", UUID.fromString(bindingId))
                .map(r -> String.valueOf(r.get("consent_by", String.class))).one().block();
    }

    @Test
    void aPatientWithoutAMiniProgramConsentsWithTheCodeTextedToTheirPhoneOnce() {
        String phone = phone();
        Family.Person parent = patient(phone, null);
        Family.User payer = Family.registered(http, Family.subject("payer"));
        String bindingId = payer.bind(parent, "PARENT", 10_000, 20_000, 100_000).path("bindingId").asString();
        String path = "/api/v1/mini/bindings/" + bindingId + "/consent-code";

        JsonNode sent = payer.ok(HttpMethod.POST, path, null);
        assertThat(sent.path("sentTo").asString()).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        String code = codeTextedTo(phone);
        String stored = db.sql("SELECT code_hash FROM binding_consent_code WHERE binding_id = :id").bind("id", UUID.fromString(bindingId))
                .map(r -> r.get("code_hash", String.class)).one().block();
        assertThat(stored).as("only a keyed hash is kept").doesNotContain(code).hasSizeGreaterThanOrEqualTo(64);

        JsonNode wrong = payer.refusal(HttpMethod.POST, path + "/verify", entry(otherThan(code)), 400);
        assertThat(wrong.path("code").asString()).isEqualTo("CONSENT_CODE_INVALID");
        assertThat(wrong.path("details").path("attemptsLeft").asInt()).isEqualTo(4);
        assertThat(payer.binding(bindingId).path("status").asString()).isEqualTo("AWAITING_CONSENT");

        assertThat(payer.ok(HttpMethod.POST, path + "/verify", entry(code)).path("status").asString()).isEqualTo("AWAITING_AGREEMENT");
        assertThat(consentBy(bindingId)).isEqualTo("SMS_CODE");
        assertThat(payer.refused(HttpMethod.POST, path + "/verify", entry(code), 409)).as("replayed").isEqualTo("CONSENT_CODE_USED");
        assertThat(payer.refused(HttpMethod.POST, path, null, 409)).as("nothing left to consent to").isEqualTo("BINDING_STATE_CONFLICT");
    }

    @Test
    void anExpiredCodeIsRefused() {
        String phone = phone();
        Family.User payer = Family.registered(http, Family.subject("payer"));
        String bindingId = payer.bind(patient(phone, null), "PARENT", 10_000, 20_000, 100_000).path("bindingId").asString();
        String path = "/api/v1/mini/bindings/" + bindingId + "/consent-code";
        payer.ok(HttpMethod.POST, path, null);
        String code = codeTextedTo(phone);
        // Five minutes pass (the gateway's clock is the real one here): the code's expiry moves into the past.
        db.sql("UPDATE binding_consent_code SET expires_at = now() - interval '1 second' WHERE binding_id = :id")
                .bind("id", UUID.fromString(bindingId)).then().block();

        assertThat(payer.refused(HttpMethod.POST, path + "/verify", entry(code), 410)).isEqualTo("CONSENT_CODE_EXPIRED");
        assertThat(payer.binding(bindingId).path("status").asString()).isEqualTo("AWAITING_CONSENT");
    }

    @Test
    void fiveWrongCodesBurnTheCodeAndCodesAreSentAtMostOncePerMinute() {
        String phone = phone();
        Family.User payer = Family.registered(http, Family.subject("payer"));
        String bindingId = payer.bind(patient(phone, null), "PARENT", 10_000, 20_000, 100_000).path("bindingId").asString();
        String path = "/api/v1/mini/bindings/" + bindingId + "/consent-code";
        payer.ok(HttpMethod.POST, path, null);
        String code = codeTextedTo(phone);
        payer.call(HttpMethod.POST, path, null).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITED");

        for (int i = 0; i < 5; i++) {
            assertThat(payer.refused(HttpMethod.POST, path + "/verify", entry(otherThan(code)), 400)).isEqualTo("CONSENT_CODE_INVALID");
        }
        assertThat(payer.refused(HttpMethod.POST, path + "/verify", entry(code), 429)).as("even the right code, now").isEqualTo("RATE_LIMITED");
        assertThat(payer.refused(HttpMethod.POST, path + "/verify", entry("12ab56"), 400)).isEqualTo("CONSENT_CODE_INVALID");
        assertThat(payer.binding(bindingId).path("status").asString()).isEqualTo("AWAITING_CONSENT");
    }

    @Test
    void onlyThePayerAsksForACodeAndOnlyWhereTheHospitalHasAPhone() {
        Family.User payer = Family.registered(http, Family.subject("payer"));
        String noPhone = payer.bind(patient(null, null), "PARENT", 10_000, 20_000, 100_000).path("bindingId").asString();
        assertThat(payer.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + noPhone + "/consent-code", null, 422)).isEqualTo("NO_PATIENT_PHONE");
        Family.User stranger = Family.registered(http, Family.subject("stranger"));
        assertThat(stranger.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + noPhone + "/consent-code", null, 404)).isEqualTo("BINDING_NOT_FOUND");
        assertThat(payer.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + noPhone + "/consent-code/verify", entry("123456"), 404))
                .isEqualTo("CONSENT_CODE_NOT_SENT");
    }

    @Test
    void theRegisteredGuardianBindsWithoutConsentAndNobodyElseDoes() {
        Family.User guardian = Family.registered(http, Family.subject("guardian"));
        Family.Person child = patient(null, guardian.self().idNo());

        JsonNode bound = guardian.bind(child, "CHILD", 10_000, 20_000, 100_000);
        assertThat(bound.path("status").asString()).isEqualTo("AWAITING_AGREEMENT");
        assertThat(consentBy(bound.path("bindingId").asString())).isEqualTo("GUARDIAN");

        Family.User aunt = Family.registered(http, Family.subject("aunt"));
        assertThat(aunt.bind(child, "OTHER", 10_000, 20_000, 100_000).path("status").asString()).isEqualTo("AWAITING_CONSENT");
    }
}
