package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/security.md: a terminal disabled, rotated or added through one instance's administration is forgotten by the
 * other instances at once (Redis pub/sub), not after their cache TTL. The second instance caches for 10 minutes here,
 * so only the broadcast can make it notice within the few seconds the test waits.
 */
class TerminalCacheAcrossInstancesIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_TOKEN = "hospay-DEMO-ONLY-admin-token-not-a-secret";
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static GatewayProcess other;

    @BeforeAll
    static void startSecondInstance() {
        other = GatewayProcess.start(TestServices.DATABASE, Map.of(
                "hospay.auth.terminal-cache-ttl", "10m", "hospay.auth.unknown-terminal-ttl", "10m"));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (other != null) other.close();
    }

    private String admin(String action, String terminalId, String extra) {
        var r = management.post().uri("/actuator/terminals/" + terminalId).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"action\":\"" + action + "\"" + extra + "}")
                .exchange().expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as("%s %s: %s", action, terminalId, r.getResponseBody()).isEqualTo(200);
        return JSON.readTree(r.getResponseBody()).path("secret").asString();
    }

    private static int meOnOther(String id, String secret) {
        WebTestClient otherHttp = WebTestClient.bindToServer().baseUrl(other.url()).responseTimeout(Duration.ofSeconds(30)).build();
        return new SignedClient(otherHttp, id, secret).get("/api/v1/terminals/me").returnResult(String.class).getStatus().value();
    }

    /** Polls until {@code status} answers {@code expected}; how long it took. */
    private static Duration until(int expected, IntSupplier status) {
        long start = System.nanoTime();
        int last;
        do {
            last = status.getAsInt();
            if (last == expected) return Duration.ofNanos(System.nanoTime() - start);
            Payments.pause(100);
        } while (System.nanoTime() - start < PROMPTLY.toNanos());
        throw new AssertionError("still " + last + " after " + PROMPTLY + ", expected " + expected);
    }

    private static String newId() {
        return "it-tc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aTerminalDisabledOnOneInstanceIsRefusedOnTheOtherAtOnce() {
        String id = newId();
        String secret = admin("add", id, ",\"kind\":\"WINDOW\",\"hospitalId\":\"it-hospital\",\"windowId\":\"W01\"");
        assertThat(until(200, () -> meOnOther(id, secret))).isLessThan(PROMPTLY); // now cached there for 10 minutes

        admin("disable", id, "");
        assertThat(until(401, () -> meOnOther(id, secret))).isLessThan(PROMPTLY);
    }

    @Test
    void aSecretRotatedOnOneInstanceReplacesTheOldOneOnTheOther() {
        String id = newId();
        String old = admin("add", id, ",\"kind\":\"WINDOW\",\"hospitalId\":\"it-hospital\",\"windowId\":\"W01\"");
        until(200, () -> meOnOther(id, old));

        String rotated = admin("rotate", id, "");
        until(200, () -> meOnOther(id, rotated));
        assertThat(meOnOther(id, old)).isEqualTo(401);
    }

    @Test
    void anIdTheOtherInstanceRememberedAsUnknownWorksThereOnceAdded() {
        String id = newId();
        assertThat(meOnOther(id, "no-such-terminal-secret")).isEqualTo(401); // now negatively cached there for 10 minutes

        String secret = admin("add", id, ",\"kind\":\"WINDOW\",\"hospitalId\":\"it-hospital\",\"windowId\":\"W01\"");
        assertThat(until(200, () -> meOnOther(id, secret))).isLessThan(PROMPTLY);
    }
}
