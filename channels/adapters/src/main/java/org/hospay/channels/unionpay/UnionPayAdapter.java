package org.hospay.channels.unionpay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
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
 * nor {@code Statements}.
 *
 * <p>Failure semantics ({@link org.hospay.channels.ChannelCapability}): no connection is Declined
 * {@code CHANNEL_UNAVAILABLE}; our signing failing is Declined {@code SIGNING_FAILED}; no answer within
 * the response timeout after sending (timed by {@link HttpTransport}), a 5xx, or an answer that is
 * unsigned, badly signed or not JSON is Unknown.
 */
public final class UnionPayAdapter implements CodePayment, Refunds {

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
