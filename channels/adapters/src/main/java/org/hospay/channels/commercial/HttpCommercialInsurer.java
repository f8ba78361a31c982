package org.hospay.channels.commercial;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire half of the commercial-insurer adapter: JSON over HTTPS POST, every request and answer
 * signed with HMAC-SHA256 ({@link HmacSigning}). An answer whose signature does not verify is
 * Unknown when it says 200 (we cannot trust what it claims), and judged by its HTTP status otherwise.
 */
public final class HttpCommercialInsurer implements CommercialInsurer {

    static final String PRECALC = "/hic/v1/claims/precalc";
    static final String CLAIMS = "/hic/v1/claims";
    static final String QUERY = "/hic/v1/claims/query";
    static final String CANCEL = "/hic/v1/claims/cancel";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CommercialConfig config;
    private final Clock clock;
    private final WebClient web;
    private final SecureRandom random = new SecureRandom();

    public HttpCommercialInsurer(CommercialConfig config, Clock clock) {
        this(config, clock, builder -> {});
    }

    /** @param customizer adds to the WebClient (observation for metrics and tracing, filters) */
    public HttpCommercialInsurer(CommercialConfig config, Clock clock, Consumer<WebClient.Builder> customizer) {
        this.config = config;
        this.clock = clock;
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.COMMERCIAL, config.baseUrl(), config.connectTimeout(),
                config.responseTimeout()), customizer);
    }

    @Override
    public Mono<Outcome<PreCalculation>> preCalculate(ClaimRequest request) {
        return post(PRECALC, () -> CommercialMapping.claimBody(config.partnerId(), null, request), CommercialMapping::preCalculation);
    }

    @Override
    public Mono<Outcome<Claim>> claim(String outClaimNo, ClaimRequest request) {
        return post(CLAIMS, () -> CommercialMapping.claimBody(config.partnerId(), outClaimNo, request), CommercialMapping::claim);
    }

    @Override
    public Mono<Outcome<Claim>> queryClaim(String outClaimNo) {
        return post(QUERY, () -> CommercialMapping.queryBody(config.partnerId(), outClaimNo), CommercialMapping::claim);
    }

    @Override
    public Mono<Outcome<Claim>> cancel(String outCancelNo, String outClaimNo, String reason) {
        return post(CANCEL, () -> CommercialMapping.cancelBody(config.partnerId(), outCancelNo, outClaimNo, reason), CommercialMapping::claim);
    }

    private <T> Mono<Outcome<T>> post(String path, Supplier<ObjectNode> body, Function<JsonNode, T> mapData) {
        return Mono.defer(() -> {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body.get());
            } catch (RuntimeException e) {
                return Mono.just(Outcome.<T>declined(DeclineCodes.CHANNEL_REJECTED, "request to " + path + " not sent, it cannot be built: " + e,
                        "LOCAL"));
            }
            String ts = Long.toString(clock.instant().getEpochSecond());
            String nonce = nonce();
            return web.post().uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-HIC-Partner", config.partnerId())
                    .header("X-HIC-Timestamp", ts)
                    .header("X-HIC-Nonce", nonce)
                    .header("X-HIC-Signature", HmacSigning.request(config.secret(), "POST", path, ts, nonce, bytes))
                    .bodyValue(bytes)
                    .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(answer -> interpret(resp, answer, mapData)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("commercial insurer " + path, e)));
        });
    }

    private <T> Outcome<T> interpret(ClientResponse resp, byte[] body, Function<JsonNode, T> mapData) {
        int status = resp.statusCode().value();
        var h = resp.headers().asHttpHeaders();
        String expected = HmacSigning.answer(config.secret(), status, String.valueOf(h.getFirst("X-HIC-Timestamp")),
                String.valueOf(h.getFirst("X-HIC-Nonce")), body);
        if (!HmacSigning.matches(expected, h.getFirst("X-HIC-Signature"))) {
            return status == 200
                    ? Outcome.unknown("commercial insurer answer signature does not verify")
                    : HttpOutcomes.status("commercial insurer", status, new String(body, StandardCharsets.UTF_8));
        }
        try {
            return CommercialMapping.outcome(JSON.readTree(body), mapData);
        } catch (JacksonException e) {
            return Outcome.unknown("commercial insurer answered something that is not JSON (HTTP " + status + ")");
        }
    }

    private String nonce() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
