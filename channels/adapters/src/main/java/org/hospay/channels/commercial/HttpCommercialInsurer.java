package org.hospay.channels.commercial;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Consumer;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.hospay.channels.Statement;
import org.hospay.channels.StatementUnavailable;
import org.hospay.channels.Statements;
import org.hospay.channels.http.DownloadedLines;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
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
public final class HttpCommercialInsurer implements CommercialInsurer, Statements {

    static final String POLICY = "/hic/v1/policies/query";
    static final String PRECALC = "/hic/v1/claims/precalc";
    static final String CLAIMS = "/hic/v1/claims";
    static final String QUERY = "/hic/v1/claims/query";
    static final String CANCEL = "/hic/v1/claims/cancel";
    static final String STATEMENT = "/hic/v1/statements/claims";

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
    public Mono<Outcome<Policy>> findPolicy(String name, String idNo) {
        return post(POLICY, () -> CommercialMapping.policyBody(config.partnerId(), name, idNo), CommercialMapping::policy);
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

    @Override
    public Channel channel() {
        return Channel.COMMERCIAL;
    }

    /**
     * The insurer's daily claim statement (channels/docs/statements.md), streamed: CLAIM rows as PAYMENT lines
     * (our outClaimNo, the insurer's claimNo), CANCEL rows as REFUND lines (outRefundNo: our outCancelNo). The
     * answer's signature covers the whole file, so it is checked once the last byte is read: a file that does not
     * verify ends the stream in error and the consumer keeps nothing of it.
     */
    @Override
    public Flux<Statement.Line> statement(LocalDate day) {
        return Flux.defer(() -> {
            byte[] bytes = JSON.writeValueAsBytes(CommercialMapping.statementBody(config.partnerId(), day));
            String ts = Long.toString(clock.instant().getEpochSecond());
            String nonce = nonce();
            return web.post().uri(STATEMENT)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-HIC-Partner", config.partnerId())
                    .header("X-HIC-Timestamp", ts)
                    .header("X-HIC-Nonce", nonce)
                    .header("X-HIC-Signature", HmacSigning.request(config.secret(), "POST", STATEMENT, ts, nonce, bytes))
                    .bodyValue(bytes)
                    .exchangeToFlux(resp -> resp.statusCode().value() != 200
                            ? resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMapMany(answer ->
                                    Flux.<Statement.Line>error(new StatementUnavailable(refusal(resp, answer))))
                            : verified(resp));
        }).onErrorMap(e -> !(e instanceof StatementUnavailable), e -> new StatementUnavailable(e instanceof IllegalArgumentException
                ? Outcome.unknown("the claim statement is not in the insurer's shape: " + e.getMessage())
                : HttpOutcomes.failure("commercial insurer claim statement", e)));
    }

    private Flux<Statement.Line> verified(ClientResponse resp) {
        var h = resp.headers().asHttpHeaders();
        MessageDigest sha256 = HmacSigning.sha256Digest();
        return DownloadedLines.lines(resp.bodyToFlux(DataBuffer.class), raw -> new DigestInputStream(raw, sha256), StandardCharsets.UTF_8)
                .skip(1)
                .filter(line -> !line.isBlank())
                .map(CommercialMapping::statementLine)
                .concatWith(Mono.defer(() -> HmacSigning.matches(HmacSigning.answerOfDigest(config.secret(), 200,
                                String.valueOf(h.getFirst("X-HIC-Timestamp")), String.valueOf(h.getFirst("X-HIC-Nonce")),
                                HexFormat.of().formatHex(sha256.digest())), h.getFirst("X-HIC-Signature"))
                        ? Mono.empty()
                        : Mono.error(new StatementUnavailable(Outcome.unknown("the claim statement's signature does not verify; download it again")))));
    }

    /** A refusal of the statement: the insurer's code when its signed JSON says one, else judged by the HTTP status. */
    private Outcome<?> refusal(ClientResponse resp, byte[] body) {
        Outcome<Object> o = interpret(resp, body, n -> n);
        return o instanceof Outcome.Succeeded<?> ? HttpOutcomes.status("commercial insurer", resp.statusCode().value(),
                new String(body, StandardCharsets.UTF_8)) : o;
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
