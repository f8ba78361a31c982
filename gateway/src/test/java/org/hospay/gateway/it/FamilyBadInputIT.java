package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.JsonNode;

/**
 * What the mini-program API refuses, each with its own status and code, writing nothing; who may call it;
 * and what the database holds of an identity number (ciphertext and a keyed hash, never the number).
 */
class FamilyBadInputIT extends FamilyIntegrationTest {

    private Family.User payer;
    private Family.Person self;
    private Family.Person parent;

    @BeforeEach
    void payerAndParent() {
        payer = Family.registered(http, Family.subject("payer"));
        self = payer.self();
        parent = Family.insuredPatient(0);
    }

    private String bind(Family.Person p, String relation, long perPayment, long perDay, long perMonth, int status) {
        return payer.refused(HttpMethod.POST, "/api/v1/mini/bindings", Family.bindBody(p, relation, perPayment, perDay, perMonth, null), status);
    }

    private long bindings() {
        return db.sql("SELECT count(*) AS n FROM family_binding WHERE payer_id = :p").bind("p", payer.subject())
                .map(r -> r.get("n", Long.class)).one().block();
    }

    @Test
    void everyIdentityMismatchIsTheSameAnswerAndWritesNothing() {
        String id = parent.idNo();
        char wrong = id.charAt(17) == '0' ? '1' : '0';
        Family.Person badCheckDigit = new Family.Person(parent.name(), id.substring(0, 17) + wrong, parent.cardNo());
        Family.Person otherName = new Family.Person(parent.name().charAt(0) + "某某", id, parent.cardNo());
        Family.Person someoneElsesCard = new Family.Person(parent.name(), id, Family.uninsuredPatient().cardNo());
        Family.Person unknownCard = new Family.Person(parent.name(), id, "H0000000001");
        Family.Person malformedCard = new Family.Person(parent.name(), id, "12345");
        Family.Person digitsInName = new Family.Person("张3", id, parent.cardNo());

        // What needs no look-up keeps its own 400 code: it tells nothing about anyone.
        assertThat(bind(badCheckDigit, "PARENT", 100, 200, 300, 400)).isEqualTo("INVALID_ID_NUMBER");
        assertThat(bind(malformedCard, "PARENT", 100, 200, 300, 400)).isEqualTo("INVALID_CARD_NO");
        assertThat(bind(digitsInName, "PARENT", 100, 200, 300, 400)).isEqualTo("INVALID_NAME");
        // Another name, someone else's card, no such card: one answer, so nobody learns whose card a number is.
        java.util.List<JsonNode> mismatches = java.util.List.of(
                payer.refusal(HttpMethod.POST, "/api/v1/mini/bindings", Family.bindBody(otherName, "PARENT", 100, 200, 300, null), 422),
                payer.refusal(HttpMethod.POST, "/api/v1/mini/bindings", Family.bindBody(someoneElsesCard, "PARENT", 100, 200, 300, null), 422),
                payer.refusal(HttpMethod.POST, "/api/v1/mini/bindings", Family.bindBody(unknownCard, "PARENT", 100, 200, 300, null), 422),
                payer.refusal(HttpMethod.POST, "/api/v1/mini/patients/verify",
                        "{\"name\":\"%s\",\"idNo\":\"%s\",\"cardNo\":\"%s\"}".formatted(otherName.name(), id, parent.cardNo()), 422));
        assertThat(mismatches).allSatisfy(e -> {
            assertThat(e.path("code").asString()).isEqualTo("PATIENT_NOT_VERIFIED");
            assertThat(e.path("message").asString()).isEqualTo(mismatches.getFirst().path("message").asString());
            assertThat(e.path("details").isEmpty()).isTrue();
        });
        assertThat(bindings()).isZero();

        JsonNode ok = payer.ok(HttpMethod.POST, "/api/v1/mini/patients/verify",
                "{\"name\":\"%s\",\"idNo\":\"%s\",\"cardNo\":\"%s\"}".formatted(parent.name(), id, parent.cardNo()));
        assertThat(ok.path("insured").asBoolean()).isTrue();
        assertThat(ok.path("idNo").asString()).isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
    }

    @Test
    void negativeZeroFractionalAndInvertedLimitsAreRefused() {
        assertThat(bind(parent, "PARENT", -1, 200, 300, 400)).isEqualTo("INVALID_LIMIT");
        assertThat(bind(parent, "PARENT", 0, 200, 300, 400)).isEqualTo("INVALID_LIMIT");
        assertThat(payer.refused(HttpMethod.POST, "/api/v1/mini/bindings", Family.bindBody(parent, "PARENT", 1, 2, 3, null)
                .replace("\"perPaymentFen\":1", "\"perPaymentFen\":1.5"), 400)).isEqualTo("INVALID_LIMIT");
        assertThat(bind(parent, "PARENT", 500, 200, 300, 400)).as("per payment above per day").isEqualTo("LIMITS_INVERTED");
        assertThat(bind(parent, "PARENT", 100, 400, 300, 400)).as("per day above per month").isEqualTo("LIMITS_INVERTED");
        assertThat(payer.refused(HttpMethod.POST, "/api/v1/mini/bindings",
                Family.bindBody(parent, "PARENT", 1, 2, 3, null).replaceAll(",\\s*\"limits\":\\{[^}]*}", ""), 400)).isEqualTo("INVALID_LIMIT");
        assertThat(bind(parent, "COUSIN", 100, 200, 300, 400)).isEqualTo("INVALID_RELATION");
        assertThat(payer.refused(HttpMethod.POST, "/api/v1/mini/bindings", Family.bindBody(parent, "PARENT", 1, 2, 3, 0), 400))
                .isEqualTo("INVALID_PRIORITY");
        assertThat(bindings()).isZero();
    }

    @Test
    void bindingOneselfAndBindingTwiceAreRefused() {
        Family.Person myCard = new Family.Person(self.name(), self.idNo(), null);
        Map<?, ?> r = org.springframework.web.reactive.function.client.WebClient.create(TestSimulator.URL).post().uri("/sim/hospital/patients")
                .bodyValue(Map.of("name", self.name(), "idNo", self.idNo())).retrieve().bodyToMono(Map.class).block();
        myCard = new Family.Person(myCard.name(), myCard.idNo(), (String) r.get("cardNo"));

        assertThat(bind(myCard, "OTHER", 100, 200, 300, 422)).isEqualTo("SELF_BINDING");
        assertThat(bindings()).isZero();

        payer.bind(parent, "PARENT", 100, 200, 300);
        assertThat(bind(parent, "PARENT", 100, 200, 300, 409)).isEqualTo("DUPLICATE_BINDING");
        assertThat(bindings()).isEqualTo(1);
    }

    @Test
    void aUserWithoutAVerifiedIdentityCannotBind() {
        Family.User anonymous = Family.user(http, Family.subject("anon"));
        assertThat(anonymous.refused(HttpMethod.POST, "/api/v1/mini/bindings", Family.bindBody(parent, "PARENT", 100, 200, 300, null), 403))
                .isEqualTo("IDENTITY_NOT_VERIFIED");
        assertThat(db.sql("SELECT count(*) AS n FROM family_binding WHERE payer_id = :p").bind("p", anonymous.subject())
                .map(r -> r.get("n", Long.class)).one().block()).isZero();
    }

    @Test
    void identityNumbersAreCiphertextAtRestAndMaskedInAnswers() {
        JsonNode b = payer.bind(parent, "PARENT", 100, 200, 300);
        assertThat(b.toString()).doesNotContain(parent.idNo()).doesNotContain(parent.name());

        Map<String, Object> row = db.sql("SELECT patient_id_enc, patient_id_hash, patient_id_masked FROM family_binding WHERE binding_id = :id")
                .bind("id", java.util.UUID.fromString(b.path("bindingId").asString()))
                .map(x -> Map.<String, Object>of("patient_id_enc", x.get("patient_id_enc", byte[].class),
                        "patient_id_hash", x.get("patient_id_hash", String.class), "patient_id_masked", x.get("patient_id_masked", String.class)))
                .one().block();
        byte[] enc = (byte[]) row.get("patient_id_enc");
        String asText = new String(enc, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(parent.idNo()).doesNotContain(parent.idNo().substring(0, 10));
        assertThat(enc.length).as("version + key id + nonce + ciphertext + tag").isEqualTo(2 + 12 + 18 + 16);
        assertThat((String) row.get("patient_id_hash")).as("key id, then the keyed hash").matches("k\\d{1,3}:[0-9a-f]{64}")
                .doesNotContain(org.hospay.gateway.terminal.RequestSignature.sha256Hex(parent.idNo().getBytes(StandardCharsets.UTF_8)));
        assertThat((String) row.get("patient_id_masked")).contains("*").doesNotContain(parent.idNo().substring(4, 14));
        byte[] payerEnc = db.sql("SELECT id_enc FROM family_payer WHERE payer_id = :p").bind("p", payer.subject())
                .map(x -> x.get("id_enc", byte[].class)).one().block();
        assertThat(new String(payerEnc, StandardCharsets.ISO_8859_1)).doesNotContain(self.idNo());
        assertThat(payer.ok(HttpMethod.GET, "/api/v1/mini/me", null).toString()).doesNotContain(self.idNo());
    }

    @Test
    void miniProgramPathsNeedAValidBearerTokenAndNothingElse() {
        http.get().uri("/api/v1/mini/bindings").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED");
        Family.User forged = new Family.User("forger", token(new SecretKeySpec(new byte[32], "HmacSHA256"), "hospay-demo",
                Instant.now().plusSeconds(600)), http, null);
        assertThat(forged.refused(HttpMethod.GET, "/api/v1/mini/bindings", null, 401)).isEqualTo("UNAUTHENTICATED");
        Family.User expired = new Family.User("late", token(DEMO_KEY, "hospay-demo", Instant.now().minusSeconds(600)), http, null);
        assertThat(expired.refused(HttpMethod.GET, "/api/v1/mini/bindings", null, 401)).isEqualTo("UNAUTHENTICATED");
        Family.User otherIssuer = new Family.User("elsewhere", token(DEMO_KEY, "someone-else", Instant.now().plusSeconds(600)), http, null);
        assertThat(otherIssuer.refused(HttpMethod.GET, "/api/v1/mini/bindings", null, 401)).isEqualTo("UNAUTHENTICATED");
        for (String audience : new String[] {null, "another-application"}) {
            Family.User elsewhere = new Family.User("aud", token(DEMO_KEY, "hospay-demo", audience, Instant.now().plusSeconds(600)), http, null);
            assertThat(elsewhere.refused(HttpMethod.GET, "/api/v1/mini/bindings", null, 401)).as("audience %s", audience).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(new Family.User("ok", token(DEMO_KEY, "hospay-demo", Instant.now().plusSeconds(600)), http, null)
                .ok(HttpMethod.GET, "/api/v1/mini/bindings", null)).as("the same key, issuer and a future expiry are accepted").isEmpty();
        window.get("/api/v1/mini/bindings").expectStatus().isUnauthorized();
        // A bearer token is no terminal: the terminal API still wants its signature.
        assertThat(payer.refused(HttpMethod.GET, "/api/v1/terminals/me", null, 401)).isEqualTo("UNAUTHENTICATED");
        window.get("/api/v1/terminals/me").expectStatus().isOk();
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        management.get().uri("/actuator/openapi").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.securitySchemes.miniProgramBearer.scheme").isEqualTo("bearer");
    }

    @Test
    void onlyTheHisPostsBillEvents() {
        var r = window.post("/api/v1/his/bills", hisBill(Bills.newBillNo(), parent.cardNo(), 1_000)).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).isEqualTo(403);
        assertThat(Family.JSON.readTree(r.getResponseBody()).path("error").path("code").asString()).isEqualTo("HIS_ONLY");
    }

    /** The DEMO issuer's published key (docs/family.md), to mint expired and foreign-issuer tokens. */
    private static final SecretKeySpec DEMO_KEY = new SecretKeySpec(
            "hospay-DEMO-ONLY-mini-program-token-key-not-a-secret".getBytes(StandardCharsets.US_ASCII), "HmacSHA256");

    private static String token(SecretKeySpec key, String issuer, Instant expires) {
        return token(key, issuer, "hospay-demo-mini", expires);
    }

    private static String token(SecretKeySpec key, String issuer, String audience, Instant expires) {
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject("forger").issuedAt(expires.minusSeconds(3600)).expiresAt(expires)
                .claims(c -> { if (audience != null) c.put("aud", java.util.List.of(audience)); }).build();
        return NimbusJwtEncoder.withSecretKey(key).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }
}
