package org.hospay.channels.bank;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.HexFormat;
import java.util.function.Function;
import org.hospay.channels.Channel;
import org.hospay.channels.Outcome;
import org.hospay.channels.commercial.HmacSigning;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The wire half of the bank adapter. Requests and answers are signed like the commercial
 * protocol ({@link HmacSigning}) with {@code X-Bank-*} headers:
 * {@code POST /bank/v1/customers/query} (JSON), {@code PUT /bank/v1/batches/{batchNo}} (the
 * consumption file as text/plain; PUT because a batch number names one file),
 * {@code GET /bank/v1/batches/{batchNo}/result} (the result file as text/plain, or JSON PROCESSING).
 */
public final class HttpCreditBank implements CreditBank {

    private final BankConfig config;
    private final Clock clock;
    private final WebClient web;
    private final SecureRandom random = new SecureRandom();

    public HttpCreditBank(BankConfig config, Clock clock) {
        this(config, clock, builder -> {});
    }

    /** @param customizer adds to the WebClient (observation for metrics and tracing, filters) */
    public HttpCreditBank(BankConfig config, Clock clock, Consumer<WebClient.Builder> customizer) {
        this.config = config;
        this.clock = clock;
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.BANK, config.baseUrl(), config.connectTimeout(),
                config.responseTimeout(), 64 * 1024 * 1024), customizer);
    }

    @Override
    public Mono<Outcome<CustomerStatus>> customerStatus(String idNo, String name) {
        byte[] body = BankMapping.JSON.writeValueAsBytes(BankMapping.JSON.createObjectNode()
                .put("merchantNo", config.merchantNo()).put("idNo", idNo).put("name", name));
        return exchange(HttpMethod.POST, "/bank/v1/customers/query", MediaType.APPLICATION_JSON, body,
                (status, type, answer) -> json(answer, BankMapping::customer));
    }

    @Override
    public Mono<Outcome<BatchReceipt>> submitBatch(ConsumptionBatch batch) {
        return Mono.defer(() -> {
            byte[] file;
            try {
                file = BankFiles.writeConsumption(batch).getBytes(StandardCharsets.US_ASCII);
            } catch (RuntimeException e) {
                return Mono.just(Outcome.declined("FILE_INVALID", "cannot write the consumption file, nothing sent: " + e.getMessage(), "LOCAL"));
            }
            return exchange(HttpMethod.PUT, "/bank/v1/batches/" + batch.batchNo(), MediaType.TEXT_PLAIN, file,
                    (status, type, answer) -> json(answer, BankMapping::receipt));
        });
    }

    @Override
    public Mono<Outcome<BatchResult>> fetchResult(String batchNo) {
        return exchange(HttpMethod.GET, "/bank/v1/batches/" + batchNo + "/result", null, new byte[0], BankMapping::result);
    }

    private interface Interpreter<T> {
        Outcome<T> apply(int status, String contentType, byte[] body);
    }

    private <T> Mono<Outcome<T>> exchange(HttpMethod method, String path, MediaType type, byte[] body, Interpreter<T> interpreter) {
        return Mono.defer(() -> {
            String ts = Long.toString(clock.instant().getEpochSecond());
            String nonce = nonce();
            var spec = web.method(method).uri(path)
                    .header("X-Bank-Merchant", config.merchantNo())
                    .header("X-Bank-Timestamp", ts)
                    .header("X-Bank-Nonce", nonce)
                    .header("X-Bank-Signature", HmacSigning.request(config.secret(), method.name(), path, ts, nonce, body));
            var ready = type == null ? spec : spec.contentType(type).bodyValue(body);
            return ready.exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(answer -> interpret(resp, answer, interpreter)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("bank " + path, e)));
        });
    }

    private <T> Outcome<T> interpret(ClientResponse resp, byte[] body, Interpreter<T> interpreter) {
        int status = resp.statusCode().value();
        var h = resp.headers().asHttpHeaders();
        String expected = HmacSigning.answer(config.secret(), status, String.valueOf(h.getFirst("X-Bank-Timestamp")),
                String.valueOf(h.getFirst("X-Bank-Nonce")), body);
        if (!HmacSigning.matches(expected, h.getFirst("X-Bank-Signature"))) {
            return status == 200
                    ? Outcome.unknown("bank answer signature does not verify")
                    : HttpOutcomes.status("bank", status, new String(body, StandardCharsets.UTF_8));
        }
        MediaType contentType = h.getContentType();
        return interpreter.apply(status, contentType == null ? null : contentType.toString(), body);
    }

    private static <T> Outcome<T> json(byte[] body, Function<JsonNode, T> mapData) {
        try {
            return BankMapping.outcome(BankMapping.JSON.readTree(body), mapData);
        } catch (JacksonException e) {
            return Outcome.unknown("bank answered something that is not JSON");
        }
    }

    private String nonce() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
