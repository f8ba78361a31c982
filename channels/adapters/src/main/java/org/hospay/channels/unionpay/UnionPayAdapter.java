package org.hospay.channels.unionpay;

import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hospay.channels.Channel;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.CodePayment;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Refunds;
import org.hospay.channels.Reversal;
import org.hospay.channels.Statement;
import org.hospay.channels.StatementUnavailable;
import org.hospay.channels.Statements;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.http.DownloadedLines;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire half of the UnionPay channel (云闪付 partner platform, 服务商版): builds the JSON request,
 * signs it with the merchant key, posts it to the operation's path, verifies the answer's
 * {@code signature} with the platform key and hands it to the pure {@link UnionPayMapping}.
 *
 * <p>Capabilities: {@link CodePayment} (micropay, query, reverse) and {@link Refunds}. There is no
 * withholding product and no statement download here, so it implements neither {@code Withholding}
 * (its daily transaction file: {@link #statement}).
 *
 * <p>Failure semantics ({@link org.hospay.channels.ChannelCapability}): no connection is Declined
 * {@code CHANNEL_UNAVAILABLE}; our signing failing is Declined {@code SIGNING_FAILED}; no answer within
 * the response timeout after sending (timed by {@link HttpTransport}), a 5xx, or an answer that is
 * unsigned, badly signed or not JSON is Unknown.
 */
public final class UnionPayAdapter implements CodePayment, Refunds, Statements {

    private final UnionPayMapping.Merchant merchant;
    private final Clock clock;
    private final WebClient web;
    private final RsaSigner signer;
    private final RsaVerifier verifier;

    public UnionPayAdapter(UnionPayConfig config, Clock clock) {
        this(config, clock, builder -> {});
    }

    /** @param customizer adds to the WebClient (observation for metrics and tracing, filters) */
    public UnionPayAdapter(UnionPayConfig config, Clock clock, Consumer<WebClient.Builder> customizer) {
        this.merchant = new UnionPayMapping.Merchant(config.serProvId(), config.merId());
        this.clock = clock;
        this.signer = new RsaSigner(config.merchantPrivateKey());
        this.verifier = new RsaVerifier(config.platformPublicKey());
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.UNIONPAY, config.baseUrl(), config.connectTimeout(),
                config.responseTimeout()), customizer);
    }

    @Override
    public Channel channel() {
        return Channel.UNIONPAY;
    }

    @Override
    public Mono<Outcome<Charge>> charge(ChargeRequest request) {
        return call(UnionPayProtocol.MICROPAY, () -> UnionPayMapping.micropay(merchant, request, clock.instant()),
                r -> UnionPayMapping.micropay(r, request.outTradeNo()));
    }

    @Override
    public Mono<Outcome<Charge>> query(String outTradeNo) {
        return call(UnionPayProtocol.QUERY, () -> UnionPayMapping.order(merchant, outTradeNo),
                r -> UnionPayMapping.query(r, outTradeNo));
    }

    @Override
    public Mono<Outcome<Reversal>> reverse(String outTradeNo) {
        return call(UnionPayProtocol.REVERSE, () -> UnionPayMapping.order(merchant, outTradeNo), UnionPayMapping::reverse);
    }

    @Override
    public Mono<Outcome<Refund>> refund(RefundRequest request) {
        return call(UnionPayProtocol.REFUND, () -> UnionPayMapping.refund(merchant, request, clock.instant()),
                r -> UnionPayMapping.refund(r, request));
    }

    @Override
    public Mono<Outcome<Refund>> queryRefund(String outTradeNo, String outRefundNo) {
        return call(UnionPayProtocol.REFUND_QUERY, () -> UnionPayMapping.refundQuery(merchant, outTradeNo, outRefundNo),
                r -> UnionPayMapping.refundQuery(r, outRefundNo));
    }

    /**
     * The partner platform's daily transaction file of {@code day} (channels/docs/statements.md), streamed: a signed
     * {@code bill/download} answer names the file and its SHA-256; the file is read as it arrives and its SHA-256
     * checked once the last byte is read (a mismatch ends the stream in error, so a consumer keeps nothing).
     */
    @Override
    public Flux<Statement.Line> statement(LocalDate day) {
        return call(UnionPayProtocol.BILL_DOWNLOAD, () -> UnionPayMapping.billDownload(merchant, day), UnionPayMapping::billLink)
                .flatMapMany(o -> switch (o) {
                    case Outcome.Succeeded<UnionPayMapping.BillLink> s -> file(s.value());
                    default -> Flux.<Statement.Line>error(new StatementUnavailable(o));
                });
    }

    private Flux<Statement.Line> file(UnionPayMapping.BillLink link) {
        return Flux.defer(() -> {
            MessageDigest sha256 = sha256();
            return web.get().uri(link.fileUrl())
                    .exchangeToFlux(resp -> resp.statusCode().value() != 200
                            ? resp.bodyToMono(String.class).defaultIfEmpty("").flatMapMany(body -> Flux.<Statement.Line>error(
                                    new StatementUnavailable(HttpOutcomes.status("UnionPay daily file", resp.statusCode().value(), body))))
                            : DownloadedLines.lines(resp.bodyToFlux(DataBuffer.class), raw -> new DigestInputStream(raw, sha256), StandardCharsets.UTF_8)
                                    .skip(1)
                                    .filter(line -> !line.isBlank())
                                    .map(UnionPayMapping::fileLine)
                                    .concatWith(Mono.defer(() -> HexFormat.of().formatHex(sha256.digest()).equalsIgnoreCase(link.sha256())
                                            ? Mono.empty()
                                            : Mono.error(new StatementUnavailable(Outcome.unknown("the downloaded UnionPay file does not match its SHA-256; download it again"))))));
        }).onErrorMap(e -> !(e instanceof StatementUnavailable), e -> new StatementUnavailable(e instanceof IllegalArgumentException
                ? Outcome.unknown("the UnionPay daily file is not in its shape: " + e.getMessage())
                : HttpOutcomes.failure("UnionPay daily file", e)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ------------------------------------------------------------------ wire

    private <T> Mono<Outcome<T>> call(String path, Supplier<ObjectNode> request,
                                      Function<JsonNode, Outcome<T>> map) {
        return Mono.defer(() -> {
            byte[] body;
            try {
                body = UnionPayProtocol.JSON.writeValueAsBytes(UnionPayProtocol.sign(request.get(), signer));
            } catch (RuntimeException e) {
                return Mono.just(Outcome.<T>declined(DeclineCodes.SIGNING_FAILED, "could not sign " + path + ": " + e.getMessage(), "LOCAL"));
            }
            return web.post().uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(answer -> interpret(path, resp.statusCode().value(), answer, map)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("UnionPay (" + path + ")", e)));
        });
    }

    private <T> Outcome<T> interpret(String path, int status, byte[] body, Function<JsonNode, Outcome<T>> map) {
        String who = "UnionPay (" + path + ")";
        if (status != 200) return HttpOutcomes.status(who, status, new String(body, StandardCharsets.UTF_8));
        JsonNode answer;
        try {
            answer = UnionPayProtocol.JSON.readTree(body);
        } catch (JacksonException e) {
            return Outcome.unknown(who + " answered something that is not JSON");
        }
        if (!UnionPayProtocol.verify(answer, verifier))
            return Outcome.unknown(who + " answer is unsigned or its signature does not verify; its content cannot be trusted");
        return map.apply(answer);
    }
}
