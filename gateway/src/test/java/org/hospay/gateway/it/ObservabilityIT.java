package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hospay.channels.Channel;
import org.hospay.gateway.channel.ChannelsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * What an operator sees of a payment: the gateway's own meters on the management port's {@code /actuator/prometheus}
 * move (payments by plan and status, each leg's channel call, the adapters' HTTP calls, auth refusals, the backlog
 * gauges); the payment is one trace from the terminal's request through the engine to every channel call. (The
 * logs' ECS JSON and trace ids: EcsLogsIT, on a gateway of its own, since one JVM sets up logging once.)
 */
@Import(ObservabilityIT.SpanCollector.class)
@TestPropertySource(properties = {
        "management.opentelemetry.tracing.export.schedule-delay=100ms",
        "hospay.metrics.backlog-interval=500ms",
        "hospay.channels.connections.per-channel.unionpay=48"})
class ObservabilityIT extends GatewayIntegrationTest {

    @Autowired
    SpanCollector spans;

    @Autowired
    ChannelsProperties channels;

    @Test
    void aPaymentMovesTheGatewaysOwnMetersOnThePrometheusEndpoint() {
        String before = scrape();
        Sim.Voucher v = Sim.voucher(Sim.employee(2_000), "WECHAT");
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        new SignedClient(http, WINDOW_ID, "not-the-secret").post("/api/v1/codes/classify", "{\"raw\":\"1\"}").expectStatus().isUnauthorized();

        String after = scrape();
        Map<String, String> paid = Map.of("plan", "INSURANCE_AND_CHANNEL", "status", "SUCCEEDED");
        assertThat(value(after, "hospay_payments_total", paid)).isEqualTo(value(before, "hospay_payments_total", paid) + 1);
        Map<String, String> charge = Map.of("channel", "WECHAT", "operation", "CHARGE", "outcome", "SUCCEEDED");
        assertThat(value(after, "hospay_leg_call_seconds_count", charge)).isEqualTo(value(before, "hospay_leg_call_seconds_count", charge) + 1);
        assertThat(value(after, "hospay_leg_call_seconds_bucket", Map.of("channel", "INSURANCE", "operation", "SETTLE_2207", "le", "+Inf")))
                .as("leg call timers publish histogram buckets").isPositive();
        assertThat(value(after, "hospay_payment_duration_seconds_count", Map.of("plan", "INSURANCE_AND_CHANNEL", "status", "SUCCEEDED")))
                .isPositive();
        assertThat(value(after, "http_client_requests_seconds_count", Map.of("client_name", "wechat")))
                .as("the adapters' WebClients are observed, named by channel")
                .isGreaterThan(value(before, "http_client_requests_seconds_count", Map.of("client_name", "wechat")));
        assertThat(value(after, "hospay_auth_refusals_total", Map.of("cause", "BAD_SIGNATURE")))
                .isEqualTo(value(before, "hospay_auth_refusals_total", Map.of("cause", "BAD_SIGNATURE")) + 1);
        for (String gauge : List.of("hospay_legs_open", "hospay_legs_open_oldest_seconds", "hospay_legs_needs_review",
                "hospay_recovery_backlog", "hospay_compensations_pending", "hospay_outbox_backlog", "hospay_invoices_waiting",
                "hospay_invoices_waiting_oldest_seconds", "hospay_window_subscribers")) {
            assertThat(after).as("gauge %s", gauge).containsPattern("(?m)^" + gauge + "\\{");
        }
        assertThat(value(after, "hospay_partitions_months_ahead", Map.of())).as("attempt and transition partitions made ahead").isEqualTo(3);
    }

    @Test
    void aReceiptHeldUpByAnEInvoiceOutageShowsAsWaitingWithItsAge() {
        Sim.fault("EINVOICE", Map.of("errorRate", 1.0));
        try {
            Sim.Wallet w = Sim.wallet("UNIONPAY", 100_000);
            assertThat(Payments.pay(window, Bills.bill(Bills.newBillNo(), w.authCode())).status()).isEqualTo("SUCCEEDED");
            // The relay writes the receipt within a pass (1 s) and fails to send it; the gauges are read every 500 ms.
            double waiting = 0;
            double oldest = 0;
            for (int i = 0; i < 50 && (waiting < 1 || oldest < 2); i++) {
                Payments.pause(200);
                String exposition = scrape();
                waiting = value(exposition, "hospay_invoices_waiting", Map.of());
                oldest = value(exposition, "hospay_invoices_waiting_oldest_seconds", Map.of());
            }
            assertThat(waiting).as("receipts waiting for the platform").isGreaterThanOrEqualTo(1);
            assertThat(oldest).as("age of the oldest, seconds").isGreaterThanOrEqualTo(2);
        } finally {
            Sim.clearFault("EINVOICE");
        }
    }

    @Test
    void aPaymentIsOneTraceFromTheTerminalsRequestToEveryChannelCall() {
        Payments.pause(500);   // the spans of earlier tests' payments exported (every 100 ms), then forgotten
        spans.spans.clear();
        Sim.Voucher v = Sim.voucher(Sim.employee(2_000), "ALIPAY");
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");

        SpanData request = awaitSpan(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER
                && "/api/v1/payments".equals(s.getAttributes().get(AttributeKey.stringKey("uri")))
                && "POST".equals(s.getAttributes().get(AttributeKey.stringKey("method"))));
        String traceId = request.getTraceId();
        Set<String> channelsInTrace = awaitChannels(traceId, Set.of("insurance", "alipay"));
        assertThat(channelsInTrace).as("channel calls in the payment's trace").contains("insurance", "alipay");
        // 1101 leaves beside the payment's first write, on its own subscription: still in the payment's trace
        assertThat(awaitCalls(traceId, "insurance", 5)).as("1101, 2201, 2204, 2206, 2207 in the payment's trace").isEqualTo(5);
    }

    private long awaitCalls(String traceId, String channel, long wanted) {
        long seen = 0;
        for (int i = 0; i < 50 && seen < wanted; i++) {
            if (i > 0) Payments.pause(100);
            seen = spans.spans.stream().filter(s -> s.getTraceId().equals(traceId) && s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT
                    && channel.equals(s.getAttributes().get(AttributeKey.stringKey("client.name")))).count();
        }
        return seen;
    }

    @Test
    void theDashboardAndTheAlertRulesReferOnlyToMetersTheGatewayExports() throws Exception {
        Sim.Wallet w = Sim.wallet("UNIONPAY", 100_000);
        assertThat(Payments.pay(window, Bills.bill(Bills.newBillNo(), w.authCode())).status()).isEqualTo("SUCCEEDED");
        Set<String> exported = scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        // Created at their first event, which a payment that succeeds does not have (PaymentMetersTest shows them).
        Set<String> onFirstEvent = Set.of("hospay_compensations_total");
        Path observability = Path.of("..", "infra", "observability");
        String dashboard = Files.readString(observability.resolve("grafana-morning-rush.json"));
        String rules = Files.readString(observability.resolve("alert-rules.yml"));
        Set<String> referenced = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("\\b(?:hospay|resilience4j|reactor_netty|jvm|process|system|http)_[a-z0-9_]+").matcher(dashboard + "\n" + rules);
        while (m.find()) referenced.add(m.group());
        assertThat(referenced).as("meters the dashboard and the rules use").contains("hospay_payments_total", "hospay_leg_call_seconds_bucket",
                "hospay_legs_needs_review", "resilience4j_circuitbreaker_state",
                "reactor_netty_connection_provider_pending_connections");
        assertThat(referenced.stream().filter(name -> !exported.contains(name) && !onFirstEvent.contains(name)).toList())
                .as("referenced but not exported").isEmpty();
    }

    @Test
    void eachChannelsConnectionPoolHasTheSizeConfiguredForIt() {
        // The pools' gauges go to Micrometer's global registry, which every gateway of this test JVM shares, so the
        // scrape cannot say whose pool a series is; the size is checked where it is decided (HttpTransportTest shows
        // the transport holds a pool to it).
        assertThat(channels.connections().pool(Channel.UNIONPAY).maxConnections()).as("per-channel.unionpay").isEqualTo(48);
        assertThat(channels.connections().pool(Channel.INSURANCE).maxConnections()).as("max").isEqualTo(256);
        assertThat(channels.connections().pool(Channel.INSURANCE).maxWaiting()).as("waiting").isEqualTo(1024);
        assertThat(channels.connections().pool(Channel.INSURANCE).metrics()).isTrue();
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> wanted) {
        for (int i = 0; i < 100; i++) {
            var found = spans.spans.stream().filter(wanted).findFirst();
            if (found.isPresent()) return found.get();
            Payments.pause(100);
        }
        throw new AssertionError("no such span among " + spans.spans.stream().map(SpanData::getName).toList());
    }

    private Set<String> awaitChannels(String traceId, Set<String> wanted) {
        Set<String> seen = Set.of();
        for (int i = 0; i < 100 && !seen.containsAll(wanted); i++) {
            seen = spans.spans.stream().filter(s -> s.getTraceId().equals(traceId))
                    .map(s -> s.getAttributes().get(AttributeKey.stringKey("client.name"))).filter(java.util.Objects::nonNull)
                    .collect(Collectors.toSet());
            if (!seen.containsAll(wanted)) Payments.pause(100);
        }
        return seen;
    }

    /** The sum of a Prometheus series' samples whose labels include {@code labels} (0 when there is none). */
    static double value(String exposition, String name, Map<String, String> labels) {
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)");
        Matcher m = line.matcher(exposition);
        double sum = 0;
        while (m.find()) {
            String l = m.group(1);
            if (labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Keeps every finished span of this gateway, for the test to read (a SpanExporter bean: the SDK exports to it too). */
    @TestConfiguration(proxyBeanMethods = false)
    static class SpanCollector implements SpanExporter {

        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
