package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Outside the run command the gateway logs ECS JSON, one object a line; with HOSPAY_CONTEXT_PROPAGATION=auto every
 * line written inside a payment carries the payment's trace id: here the lines of its channel requests (insurance
 * and Alipay) share one {@code trace.id}. A gateway of its own (a JVM sets up its logging once), with ECS logs as in
 * production.
 */
class EcsLogsIT {

    @Test
    void theLogIsEcsJsonAndWithAutomaticPropagationThePaymentsChannelCallsLogUnderOneTraceId() {
        try (GatewayProcess g = GatewayProcess.start(TestServices.DATABASE, Map.of(
                "hospay.demo.provision", "true",
                "spring.reactor.context-propagation", "auto",
                "logging.structured.format.console", "ecs",
                // One line per channel request, so the test sees which trace each call ran in.
                "logging.level.org.springframework.web.reactive.function.client.ExchangeFunctions", "DEBUG"))) {
            WebTestClient client = WebTestClient.bindToServer().baseUrl(g.url()).responseTimeout(Duration.ofSeconds(60)).build();
            SignedClient window = new SignedClient(client, "demo-window-01", "demo-window-01-secret");
            Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(2_000), "ALIPAY").code()));
            assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");

            List<String> printed = g.output().lines().filter(l -> l.startsWith("{")).toList();
            assertThat(printed).as("ECS JSON lines").hasSizeGreaterThan(10);
            List<JsonNode> lines = printed.stream().map(Payments.JSON::readTree).toList();
            assertThat(lines).allSatisfy(l -> assertThat(l.has("@timestamp") && l.has("message") && l.path("ecs").has("version")).isTrue());
            Set<String> alipay = traceIds(lines, "gateway.do");
            assertThat(alipay).as("trace ids of the payment's Alipay requests").hasSize(1).doesNotContain("");
            assertThat(traceIds(lines, "/fsi/")).as("trace ids of insurance requests").containsAll(alipay);
        }
    }

    private static Set<String> traceIds(List<JsonNode> lines, String path) {
        return lines.stream().filter(l -> l.path("message").asString().contains("HTTP POST") && l.path("message").asString().contains(path))
                .map(l -> l.path("trace.id").asString("")).collect(Collectors.toSet());
    }
}
