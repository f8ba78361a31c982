package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hospay.gateway.support.SecretBox;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/api.md §4: rate limits in Redis with their defaults (429 RATE_LIMITED with Retry-After), one 401 for every
 * authentication failure, and unknown terminal ids remembered without asking the database again.
 */
class RateLimitIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    SecretBox box;

    private static String unknownCard(int i) {
        return "H" + String.format("%010d", 1_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L) + i);
    }

    @Test
    void theSixthPatientVerificationInAMinuteIsRefusedWithRetryAfter() {
        Family.User user = Family.user(http, Family.subject("rl-payer"));
        Family.Person person = Family.uninsuredPatient();
        for (int i = 0; i < 5; i++) {
            String body = "{\"name\":\"%s\",\"idNo\":\"%s\",\"cardNo\":\"%s\"}".formatted(person.name(), person.idNo(), unknownCard(i));
            assertThat(user.refused(HttpMethod.POST, "/api/v1/mini/patients/verify", body, 422)).isEqualTo("PATIENT_NOT_VERIFIED");
        }
        var sixth = user.call(HttpMethod.POST, "/api/v1/mini/patients/verify",
                        "{\"name\":\"%s\",\"idNo\":\"%s\",\"cardNo\":\"%s\"}".formatted(person.name(), person.idNo(), person.cardNo()))
                .expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectBody(String.class).returnResult();
        JsonNode error = JSON.readTree(sixth.getResponseBody()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(error.path("message").asString()).isNotEmpty();
        long retryAfter = Long.parseLong(sixth.getResponseHeaders().getFirst("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(error.path("details").path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);

        Family.User someoneElse = Family.user(http, Family.subject("rl-other"));
        someoneElse.ok(HttpMethod.POST, "/api/v1/mini/patients/verify",
                "{\"name\":\"%s\",\"idNo\":\"%s\",\"cardNo\":\"%s\"}".formatted(person.name(), person.idNo(), person.cardNo()));
    }

    @Test
    void failedAuthenticationsOfATerminalIdTurnInto429WhileItsValidRequestsPass() {
        String id = "it-rl-" + UUID.randomUUID().toString().substring(0, 8);
        terminals.upsert(new Terminal(id, Terminal.Kind.WINDOW, "it-hospital", "W01"), id + "-secret").block();
        SignedClient forged = new SignedClient(http, id, "not-the-secret");
        for (int i = 0; i < 10; i++) forged.get("/api/v1/terminals/me").expectStatus().isUnauthorized();
        forged.get("/api/v1/terminals/me").expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITED");
        new SignedClient(http, id, id + "-secret").get("/api/v1/terminals/me").expectStatus().isOk();
    }

    @Test
    void every401SaysTheSameWhateverTheCause() {
        String id = "it-rl-same-" + UUID.randomUUID().toString().substring(0, 8);
        terminals.upsert(new Terminal(id, Terminal.Kind.WINDOW, "it-hospital", "W01"), id + "-secret").block();
        long now = Instant.now().getEpochSecond();
        List<WebTestClient.ResponseSpec> refusals = new ArrayList<>();
        refusals.add(new SignedClient(http, "it-rl-nobody-" + UUID.randomUUID(), "x").get("/api/v1/terminals/me"));
        refusals.add(new SignedClient(http, id, "wrong").get("/api/v1/terminals/me"));
        refusals.add(new SignedClient(http, id, id + "-secret").send(HttpMethod.GET, "/api/v1/terminals/me", "", now - 3600, "n-" + UUID.randomUUID()));
        refusals.add(http.get().uri("/api/v1/terminals/me").header("X-Terminal-Id", id).exchange());
        List<String> messages = refusals.stream().map(r -> {
            var result = r.expectStatus().isUnauthorized().expectBody(String.class).returnResult();
            JsonNode e = JSON.readTree(result.getResponseBody()).path("error");
            assertThat(e.path("code").asString()).isEqualTo("UNAUTHENTICATED");
            return e.path("message").asString();
        }).toList();
        assertThat(messages).hasSize(4).containsOnly(messages.getFirst());
    }

    @Test
    void anUnknownTerminalIdIsRememberedSoTheNextRequestAsksNoDatabase() {
        String id = "it-rl-late-" + UUID.randomUUID().toString().substring(0, 8);
        SignedClient late = new SignedClient(http, id, id + "-secret");
        late.get("/api/v1/terminals/me").expectStatus().isUnauthorized();
        // Written behind the registry's back: a request that still asked the database would now pass.
        db.sql("INSERT INTO terminal (terminal_id, secret_enc, kind, hospital_id, window_id, active) VALUES (:id, :s, 'WINDOW', 'it-hospital', 'W01', TRUE)")
                .bind("id", id).bind("s", box.seal((id + "-secret").getBytes(StandardCharsets.UTF_8))).then().block();
        late.get("/api/v1/terminals/me").expectStatus().isUnauthorized();
        // Provisioning through the registry forgets that it was unknown.
        terminals.upsert(new Terminal(id, Terminal.Kind.WINDOW, "it-hospital", "W01"), id + "-secret").block();
        late.get("/api/v1/terminals/me").expectStatus().isOk();
    }
}
