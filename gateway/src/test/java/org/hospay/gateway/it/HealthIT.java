package org.hospay.gateway.it;

import java.net.ServerSocket;
import java.time.Duration;
import org.hospay.gateway.GatewayApplication;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose Redis is not there (a port nobody listens on) does not report itself healthy, yet stays ready
 * (load balancers keep sending it terminals' requests, which it checks with PostgreSQL instead: docs/operations.md
 * §8). The API port says only DOWN or UP; which component is down is the management port's to say (docs/api.md §2).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class HealthIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    TerminalRegistry terminals;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        TestServices.register(registry);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        registry.add("spring.data.redis.port", () -> deadPort);
        registry.add("spring.data.redis.timeout", () -> "500ms");
    }

    @Test
    void healthIsDownWhileRedisIsUnreachable() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().json("{\"status\":\"DOWN\"}", JsonCompareMode.STRICT);
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.components.redis.status").isEqualTo("DOWN")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP");
    }

    @Test
    void readinessStaysUpWithoutRedis() {
        for (int p : new int[] {port, managementPort}) {
            WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + p).responseTimeout(Duration.ofSeconds(30)).build()
                    .get().uri("/actuator/health/readiness").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
        }
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/actuator/health/readiness").exchange()
                .expectBody()
                .jsonPath("$.components.database.status").isEqualTo("UP")
                .jsonPath("$.components.database.details.lastSuccess").exists()
                .jsonPath("$.components.r2dbc").doesNotExist()
                .jsonPath("$.components.redis").doesNotExist();
    }

    @Test
    void aSignedRequestIsCheckedWithPostgresWithoutRedisAndItsReplayRefused() {
        terminals.upsert(new Terminal("it-window-health", Terminal.Kind.WINDOW, "it-hospital", "W09"), "it-window-health-secret").block();
        var client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
        var window = new SignedClient(client, "it-window-health", "it-window-health-secret");
        long now = java.time.Instant.now().getEpochSecond();
        String nonce = java.util.UUID.randomUUID().toString();
        String body = "{\"raw\":\"134567890123456789\"}";
        window.send(org.springframework.http.HttpMethod.POST, "/api/v1/codes/classify", body, now, nonce)
                .expectStatus().isOk();
        window.send(org.springframework.http.HttpMethod.POST, "/api/v1/codes/classify", body, now, nonce)
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED");
    }
}
