package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Key management for real deployments, on the management port behind the admin token: terminals are added,
 * rotated and disabled by {@code infra/terminal} (a disabled or rotated-away secret is refused at the next
 * request, cache or not), and after a master-key rotation the rows the retired key sealed still open and
 * the re-seal command moves them to the current key.
 */
class AdminIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** application-demo.yml's DEMO admin token (AdminProperties.DEMO_TOKEN). */
    private static final String ADMIN_TOKEN = "hospay-DEMO-ONLY-admin-token-not-a-secret";
    /** application-it.yml's retired master key, id 9. */
    private static final String RETIRED_KEY = "dGVzdC1yZXRpcmVkLW1hc3Rlci1rZXktMzItYnl0ZXM=";

    private WebTestClient.ResponseSpec admin(String action, String terminalId, String extra) {
        return management.post().uri("/actuator/terminals/" + terminalId).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"action\":\"" + action + "\"" + extra + "}").exchange();
    }

    private JsonNode adminOk(String action, String terminalId, String extra) {
        var r = admin(action, terminalId, extra).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as("%s %s: %s", action, terminalId, r.getResponseBody()).isEqualTo(200);
        return JSON.readTree(r.getResponseBody());
    }

    @Test
    void terminalsAreAddedRotatedAndDisabledWithTheAdminTokenAndRefusedAtOnce() {
        String id = "it-adm-" + UUID.randomUUID().toString().substring(0, 8);
        management.get().uri("/actuator/terminals").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED");
        management.post().uri("/actuator/terminals/" + id).header("Authorization", "Bearer not-the-admin-token")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"action\":\"add\",\"kind\":\"WINDOW\",\"hospitalId\":\"it-hospital\"}")
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/terminals").header("Authorization", "Bearer " + ADMIN_TOKEN).exchange()
                .expectStatus().isNotFound();

        String secret = adminOk("add", id, ",\"kind\":\"WINDOW\",\"hospitalId\":\"it-hospital\",\"windowId\":\"W07\"").path("secret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        admin("add", id, ",\"kind\":\"WINDOW\",\"hospitalId\":\"it-hospital\"").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("TERMINAL_EXISTS");
        admin("add", "it-adm-bad", ",\"kind\":\"TOASTER\",\"hospitalId\":\"it-hospital\"").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("INVALID_KIND");
        admin("explode", id, "").expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("INVALID_ACTION");
        SignedClient terminal = new SignedClient(http, id, secret);
        terminal.get("/api/v1/terminals/me").expectStatus().isOk().expectBody().jsonPath("$.windowId").isEqualTo("W07");

        String rotated = adminOk("rotate", id, "").path("secret").asString();
        assertThat(rotated).isNotEqualTo(secret);
        terminal.get("/api/v1/terminals/me").expectStatus().isUnauthorized();
        new SignedClient(http, id, rotated).get("/api/v1/terminals/me").expectStatus().isOk();

        assertThat(adminOk("disable", id, "").path("status").asString()).isEqualTo("DISABLED");
        new SignedClient(http, id, rotated).get("/api/v1/terminals/me").expectStatus().isUnauthorized();
        JsonNode list = JSON.readTree(management.get().uri("/actuator/terminals").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        JsonNode mine = null;
        for (JsonNode t : list) if (t.path("terminalId").asString().equals(id)) mine = t;
        assertThat(mine).isNotNull();
        assertThat(mine.path("active").asBoolean()).isFalse();
        assertThat(mine.has("secret")).isFalse();
        assertThat(list.toString()).doesNotContain(rotated);
        admin("rotate", "it-adm-nobody", "").expectStatus().isNotFound().expectBody().jsonPath("$.error.code").isEqualTo("TERMINAL_NOT_FOUND");

        assertThat(db.sql("SELECT action, outcome FROM audit_event WHERE resource_id = :id AND user_id = 'admin' ORDER BY event_id")
                .bind("id", id).map(r -> r.get("action", String.class) + " " + r.get("outcome", String.class)).all().collectList().block())
                .as("every change audited, the refused second add too")
                .containsExactly("TERMINAL_ADD ADDED", "TERMINAL_ADD TERMINAL_EXISTS", "TERMINAL_EXPLODE INVALID_ACTION",
                        "TERMINAL_ROTATE ROTATED", "TERMINAL_DISABLE DISABLED");
    }

    /** How SecretBox sealed before key ids existed: nonce || ciphertext+tag, here under the retired key. */
    private static byte[] sealedByTheRetiredKeyBeforeKeyIds(String plain) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(RETIRED_KEY), "AES"), new GCMParameterSpec(128, nonce));
        byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    }

    private byte[] secretEnc(String id) {
        return db.sql("SELECT secret_enc FROM terminal WHERE terminal_id = :id").bind("id", id).map(r -> r.get("secret_enc", byte[].class)).one().block();
    }

    @Test
    void aRotatedMasterKeyStillOpensOldRowsAndReSealingMovesThemToTheCurrentKey() throws Exception {
        String id = "it-old-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = id + "-secret";
        db.sql("INSERT INTO terminal (terminal_id, secret_enc, kind, hospital_id, window_id, active) VALUES (:id, :s, 'WINDOW', 'it-hospital', 'W01', TRUE)")
                .bind("id", id).bind("s", sealedByTheRetiredKeyBeforeKeyIds(secret)).then().block();

        // The gateway's current key is another (the DEMO key, id 1); the retired one (id 9) is in the ring.
        new SignedClient(http, id, secret).get("/api/v1/terminals/me").expectStatus().isOk();

        management.post().uri("/actuator/reseal").exchange().expectStatus().isUnauthorized();
        JsonNode counts = JSON.readTree(management.post().uri("/actuator/reseal").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(counts.path("terminal.secret_enc").asLong()).isGreaterThanOrEqualTo(1);
        byte[] after = secretEnc(id);
        assertThat(after[0]).as("version byte").isEqualTo((byte) 0xA5);
        assertThat(after[1]).as("the current key's id").isEqualTo((byte) 1);
        new SignedClient(http, id, secret).get("/api/v1/terminals/me").expectStatus().isOk();

        JsonNode again = JSON.readTree(management.post().uri("/actuator/reseal").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(again.path("terminal.secret_enc").asLong()).as("nothing left under an old key").isZero();
        assertThat(secretEnc(id)).isEqualTo(after);
    }
}
