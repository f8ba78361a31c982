package org.hospay.gateway.it.finance;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.GatewayApplication;
import org.hospay.gateway.it.SignedClient;
import org.hospay.gateway.it.TestServices;
import org.hospay.gateway.it.ThreadDumpOnTimeout;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the finance ITs: a gateway over a database and a channel simulator of each class's own
 * (reconciliation compares whole days, so no other test may book on them; each subclass registers its own
 * with {@link #register}), in demo mode; a window and a finance terminal.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hospay.finance.reconcile-daily=false")
@ActiveProfiles({"it", "demo"})
@ExtendWith(ThreadDumpOnTimeout.class)
abstract class FinanceIntegrationTest {

    static final String HOSPITAL = "it-fin-hospital";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TerminalRegistry terminals;

    @Autowired
    DatabaseClient db;

    SignedClient window;
    SignedClient finance;

    /** Points the gateway at this class's own database and simulator. */
    static void register(DynamicPropertyRegistry registry, PrivateSimulator sim, String database) {
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database);
        registry.add("spring.r2dbc.username", () -> TestServices.PG_USER);
        registry.add("spring.r2dbc.password", () -> TestServices.PG_PASSWORD);
        registry.add("spring.flyway.url", () -> TestServices.jdbcUrl(database));
        registry.add("spring.flyway.user", () -> TestServices.PG_USER);
        registry.add("spring.flyway.password", () -> TestServices.PG_PASSWORD);
        registry.add("spring.data.redis.host", () -> TestServices.REDIS_HOST);
        registry.add("spring.data.redis.port", () -> TestServices.REDIS_PORT);
        registry.add("hospay.redis.key-prefix", () -> TestServices.REDIS_PREFIX + ":fin");
        registry.add("hospay.channels.simulator-url", () -> sim.url);
    }

    @BeforeEach
    void terminals() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(120)).build();
        terminals.upsert(new Terminal("it-fin-window", Terminal.Kind.WINDOW, HOSPITAL, "W07"), "it-fin-window-secret").block();
        terminals.upsert(new Terminal("it-fin-office", Terminal.Kind.FINANCE, HOSPITAL, null), "it-fin-office-secret").block();
        window = new SignedClient(http, "it-fin-window", "it-fin-window-secret").as("C0042");
        finance = new SignedClient(http, "it-fin-office", "it-fin-office-secret").as("F001");
    }

    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    /** POST a JSON body as the finance office; the status and the parsed answer. */
    Reply financePost(String path, String json) {
        var r = finance.post(path, json).expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), r.getResponseBody());
    }

    Reply financeGet(String path) {
        var r = finance.get(path).expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), r.getResponseBody());
    }

    record Reply(int status, String body) {
        Map<String, Object> json() {
            return JSON.readValue(body, Map.class);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) json().get(field);
        }
    }
}
