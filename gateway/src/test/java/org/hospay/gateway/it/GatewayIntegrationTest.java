package org.hospay.gateway.it;

import java.time.Duration;
import org.hospay.gateway.GatewayApplication;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of gateway integration tests: a real gateway on a random port (and a random management port) over
 * this run's PostgreSQL and Redis, in demo mode (the {@code demo} profile: the DEMO keys the simulator matches).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"it", "demo"})
@ExtendWith(ThreadDumpOnTimeout.class)
public abstract class GatewayIntegrationTest {

    public static final String WINDOW_ID = "it-window-01";
    public static final String WINDOW_SECRET = "it-window-01-secret";

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected TerminalRegistry terminals;

    @Autowired
    protected DatabaseClient db;

    protected WebTestClient http;
    /** The management port: actuator (health details, metrics) and OpenAPI. */
    protected WebTestClient management;
    protected SignedClient window;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        // The Prometheus page of a context that has served many test classes is larger than WebClient's 256 KiB default.
        management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).responseTimeout(Duration.ofSeconds(60))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
        terminals.upsert(new Terminal(WINDOW_ID, Terminal.Kind.WINDOW, "it-hospital", "W01"), WINDOW_SECRET).block();
        window = new SignedClient(http, WINDOW_ID, WINDOW_SECRET);
    }

    /** The management port's Prometheus exposition, as an operator's scraper reads it. */
    protected String scrape() {
        return management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
