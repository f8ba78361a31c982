package org.hospay.channels.alipay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.hospay.channels.Agreement;
import org.hospay.channels.AgreementRef;
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
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.Withholding;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.http.DownloadedLines;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire half of the Alipay channel: builds the common parameters, RSA2-signs them with the app key,
 * posts the form to {@code gateway.do}, verifies the answer's signature with the Alipay public key
 * over the exact response object and hands the object to the pure {@link AlipayMapping}.
 *
 * <p>Capabilities: {@link CodePayment} (当面付 bar code), {@link Refunds}, {@link Withholding} (商家扣款
 * under a signed agreement, agreement query and unsigning) and {@link Statements} (the daily business bill).
 *
 * <p>Failure semantics ({@link org.hospay.channels.ChannelCapability}): a connection that cannot be made is
 * Declined {@code CHANNEL_UNAVAILABLE}; our own signing failing is Declined {@code SIGNING_FAILED}; no
 * answer within {@link AlipayConfig#responseTimeout()} after sending (timed by {@link HttpTransport}), a
 * 5xx, or an answer that is unsigned, badly signed or not Alipay's shape is Unknown. Unlike the official
 * SDK, which accepts unsigned error answers, every answer must verify here: an unsigned "declined" could
 * otherwise make a paid order look unpaid.
 */
public final class AlipayAdapter implements CodePayment, Refunds, Withholding, Statements {

    private final AlipayConfig config;
    private final Clock clock;
    private final WebClient web;
    private final RsaSigner signer;
    private final RsaVerifier verifier;

    public AlipayAdapter(AlipayConfig config, Clock clock) {
        this(config, clock, builder -> {});
    }

    /** @param customizer adds to the WebClient (observation for metrics and tracing, filters) */
    public AlipayAdapter(AlipayConfig config, Clock clock, Consumer<WebClient.Builder> customizer) {
        this.config = config;
        this.clock = clock;
        this.signer = new RsaSigner(config.appPrivateKey());
        this.verifier = new RsaVerifier(config.alipayPublicKey());
        // No base URL: every request goes to the one gateway.do address, bills to the address Alipay gives.
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.ALIPAY, null, config.connectTimeout(),
                config.responseTimeout(), 16 * 1024 * 1024), customizer);
    }

    @Override
    public Channel channel() {
        return Channel.ALIPAY;
    }

    @Override
    public Mono<Outcome<Charge>> charge(ChargeRequest request) {
        return pay(AlipayMapping.payBiz(request), request.outTradeNo());
    }

    /** Deducts under a signed agreement: {@code alipay.trade.pay} with {@code GENERAL_WITHHOLDING}. */
    @Override
    public Mono<Outcome<Charge>> withhold(WithholdRequest request) {
        return pay(AlipayMapping.withholdBiz(request), request.outTradeNo());
    }

    private Mono<Outcome<Charge>> pay(ObjectNode biz, String outTradeNo) {
        return call(AlipayMapping.PAY, biz).flatMap(answer -> switch (answer) {
            case Answer.Failed f -> Mono.just(AlipayAdapter.<Charge>retype(f.outcome()));
            case Answer.Verified v -> switch (AlipayMapping.pay(v.response(), outTradeNo)) {
                case AlipayMapping.PayResult.Done d -> Mono.just(d.outcome());
                // ACQ.TRADE_HAS_SUCCESS: our earlier attempt paid it; the query returns that charge
                case AlipayMapping.PayResult.AlreadyPaid a -> query(outTradeNo);
            };
        }).onErrorResume(e -> Mono.just(Outcome.unknown("Alipay (" + AlipayMapping.PAY + ") answer could not be read: " + e)));
    }

    /** Code payments and agreement deductions are trades alike: this query and {@link #reverse} serve both capabilities. */
    @Override
    public Mono<Outcome<Charge>> query(String outTradeNo) {
        return call(AlipayMapping.QUERY, AlipayMapping.tradeBiz(outTradeNo), r -> AlipayMapping.query(r, outTradeNo));
    }

    /** {@code alipay.trade.cancel}: closes an unpaid order, returns the money of a paid one. */
    @Override
    public Mono<Outcome<Reversal>> reverse(String outTradeNo) {
        return call(AlipayMapping.CANCEL, AlipayMapping.tradeBiz(outTradeNo), AlipayMapping::cancel);
    }

    @Override
    public Mono<Outcome<Refund>> refund(RefundRequest request) {
        return call(AlipayMapping.REFUND, AlipayMapping.refundBiz(request), r -> AlipayMapping.refund(r, request));
    }

    @Override
    public Mono<Outcome<Refund>> queryRefund(String outTradeNo, String outRefundNo) {
        return call(AlipayMapping.REFUND_QUERY, AlipayMapping.refundQueryBiz(outTradeNo, outRefundNo),
                r -> AlipayMapping.refundQuery(r, outRefundNo));
    }

    /** {@code alipay.user.agreement.query} by the agreement number ({@link AgreementRef#agreementId()}). */
    @Override
    public Mono<Outcome<Agreement>> agreement(AgreementRef ref) {
        if (ref.agreementId() == null) return Mono.just(noAgreementNo());
        return agreement(ref.agreementId()).map(o -> switch (o) {
            case Outcome.Succeeded<AlipayAgreement> s -> Outcome.succeeded(new Agreement(
                    orElse(s.value().externalAgreementNo(), ref.agreementCode()),
                    s.value().agreementNo(), state(s.value().status())));
            case Outcome.Declined<AlipayAgreement> d -> Outcome.<Agreement>declined(d.code(), d.message(), d.vendorCode());
            case Outcome.Pending<AlipayAgreement> p -> Outcome.<Agreement>pending(p.vendorCode());
            case Outcome.Unknown<AlipayAgreement> u -> Outcome.<Agreement>unknown(u.cause());
        });
    }

    /** {@code alipay.user.agreement.unsign} by the agreement number ({@link AgreementRef#agreementId()}); Alipay shows no reason. */
    @Override
    public Mono<Outcome<Agreement>> terminate(AgreementRef ref, String reason) {
        if (ref.agreementId() == null) return Mono.just(noAgreementNo());
        return unsignAgreement(ref.agreementId()).map(o -> switch (o) {
            case Outcome.Succeeded<String> s -> Outcome.succeeded(new Agreement(ref.agreementCode(), s.value(), Agreement.State.ENDED));
            case Outcome.Declined<String> d -> Outcome.<Agreement>declined(d.code(), d.message(), d.vendorCode());
            case Outcome.Pending<String> p -> Outcome.<Agreement>pending(p.vendorCode());
            case Outcome.Unknown<String> u -> Outcome.<Agreement>unknown(u.cause());
        });
    }

    private static String orElse(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text;
    }

    private static Outcome<Agreement> noAgreementNo() {
        return Outcome.declined(DeclineCodes.CHANNEL_REJECTED, "Alipay names agreements by agreement_no and none was given; nothing was sent", "LOCAL");
    }

    static Agreement.State state(AlipayCodes.AgreementStatus status) {
        return switch (status) {
            case NORMAL -> Agreement.State.ACTIVE;
            case STOP -> Agreement.State.SUSPENDED;
            case UNSIGN -> Agreement.State.ENDED;
            case TEMP -> Agreement.State.NOT_SIGNED;
            case UNRECOGNISED -> Agreement.State.UNRECOGNISED;
        };
    }

    /** {@code alipay.user.agreement.query}: the agreement's state at Alipay. */
    public Mono<Outcome<AlipayAgreement>> agreement(String agreementNo) {
        return call(AlipayMapping.AGREEMENT_QUERY, AlipayMapping.agreementBiz(agreementNo), AlipayMapping::agreement);
    }

    /** {@code alipay.user.agreement.unsign}: the hospital ends the agreement (the payer revoked it with us). */
    public Mono<Outcome<String>> unsignAgreement(String agreementNo) {
        return call(AlipayMapping.AGREEMENT_UNSIGN, AlipayMapping.agreementBiz(agreementNo),
                r -> AlipayMapping.unsign(r, agreementNo));
    }

    /**
     * The day's business bill, streamed: {@link #billDownloadUrl}, then the zip read as it arrives (the detail CSV's
     * rows decoded from GBK one by one); a day Alipay has no bill for is empty.
     */
    @Override
    public Flux<Statement.Line> statement(LocalDate day) {
        return billDownloadUrl(day).flatMapMany(url -> switch (url) {
            case Outcome.Succeeded<Optional<URI>> s -> s.value().isEmpty() ? Flux.<Statement.Line>empty()
                    : streamedBill(s.value().get()).map(AlipayAdapter::line);
            case Outcome.Declined<Optional<URI>> d -> Flux.<Statement.Line>error(new StatementUnavailable(d));
            case Outcome.Pending<Optional<URI>> p -> Flux.<Statement.Line>error(new StatementUnavailable(p));
            case Outcome.Unknown<Optional<URI>> u -> Flux.<Statement.Line>error(new StatementUnavailable(u));
        });
    }

    static Statement statement(LocalDate day, AlipayBill bill) {
        return new Statement(Channel.ALIPAY, day, bill.lines().stream().map(AlipayAdapter::line).toList());
    }

    static Statement.Line line(AlipayBill.Line l) {
        Instant at = l.finishedAt() != null ? l.finishedAt() : l.createdAt();
        return switch (l.type()) {
            case TRADE -> new Statement.Line(Statement.Kind.PAYMENT, l.outTradeNo(), l.tradeNo(), null, l.amount(), at);
            // Alipay gives refunds no id of their own: the trade's number, as in Refund#channelRefundNo.
            case REFUND -> new Statement.Line(Statement.Kind.REFUND, l.outTradeNo(), l.tradeNo(),
                    orElse(l.refundRequestNo(), null), l.amount(), at);
            case UNRECOGNISED -> new Statement.Line(Statement.Kind.OTHER, l.outTradeNo(), l.tradeNo(), null, l.amount(), at);
        };
    }

    /** The bill's lines as the zip arrives; every failure (HTTP status, transport, shape) is a {@link StatementUnavailable}. */
    private Flux<AlipayBill.Line> streamedBill(URI url) {
        return web.get().uri(url)
                .exchangeToFlux(resp -> resp.statusCode().value() != 200
                        ? resp.releaseBody().thenMany(Flux.<AlipayBill.Line>error(
                                new StatementUnavailable(HttpOutcomes.status("Alipay bill download", resp.statusCode().value(), ""))))
                        : AlipayBill.lines(DownloadedLines.lines(resp.bodyToFlux(DataBuffer.class), AlipayBill::detailEntry, AlipayBill.GBK)))
                .onErrorMap(e -> !(e instanceof StatementUnavailable), e -> new StatementUnavailable(e instanceof IllegalArgumentException
                        ? Outcome.unknown("the bill is not a zip of Alipay's business-detail CSV: " + e.getMessage())
                        : HttpOutcomes.failure("Alipay bill download", e)));
    }

    /** Where the day's trade bill (业务明细) can be fetched; empty when Alipay has none for the day. */
    public Mono<Outcome<Optional<URI>>> billDownloadUrl(LocalDate day) {
        return call(AlipayMapping.BILL_URL, AlipayMapping.billBiz(day), AlipayMapping::billUrl);
    }

    /** Fetches and reads a bill from the address {@link #billDownloadUrl} gave (valid for 30 seconds at Alipay). */
    public Mono<Outcome<AlipayBill>> downloadBill(URI url) {
        return web.get().uri(url)
                .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).map(body -> {
                    int status = resp.statusCode().value();
                    if (status != 200) return HttpOutcomes.<AlipayBill>status("Alipay bill download", status, "");
                    return AlipayBill.parse(body)
                            .<Outcome<AlipayBill>>map(Outcome::succeeded)
                            .orElseGet(() -> Outcome.unknown("the bill is not a zip of Alipay's business-detail CSV"));
                }))
                .onErrorResume(e -> Mono.just(HttpOutcomes.failure("Alipay bill download", e)));
    }

    // ------------------------------------------------------------------ wire

    /** A verified response object, or what went wrong before one was had (always Declined or Unknown). */
    private sealed interface Answer {
        record Verified(JsonNode response) implements Answer {}

        record Failed(Outcome<?> outcome) implements Answer {}
    }

    private <T> Mono<Outcome<T>> call(String method, ObjectNode biz, Function<JsonNode, Outcome<T>> map) {
        return call(method, biz).<Outcome<T>>map(answer -> switch (answer) {
            case Answer.Verified v -> map.apply(v.response());
            case Answer.Failed f -> retype(f.outcome());
        }).onErrorResume(e -> Mono.just(Outcome.unknown("Alipay (" + method + ") answer could not be read: " + e)));
    }

    private Mono<Answer> call(String method, ObjectNode biz) {
        return Mono.defer(() -> {
            MultiValueMap<String, String> form;
            try {
                form = signedForm(method, biz);
            } catch (RuntimeException e) {
                return Mono.just(new Answer.Failed(Outcome.declined(DeclineCodes.SIGNING_FAILED,
                        "could not sign " + method + ": " + e.getMessage(), "LOCAL")));
            }
            return web.post().uri(config.gatewayUrl())
                    .contentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.UTF_8))
                    .body(BodyInserters.fromFormData(form))
                    .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(body -> interpret(method, resp.statusCode().value(), body)))
                    .onErrorResume(e -> Mono.just(new Answer.Failed(HttpOutcomes.failure("Alipay (" + method + ")", e))));
        });
    }

    private MultiValueMap<String, String> signedForm(String method, ObjectNode biz) {
        Map<String, String> params = new TreeMap<>();
        params.put("app_id", config.appId());
        params.put("method", method);
        params.put("format", AlipayProtocol.FORMAT);
        params.put("charset", AlipayProtocol.CHARSET);
        params.put("sign_type", AlipayProtocol.SIGN_TYPE);
        params.put("timestamp", AlipayProtocol.format(clock.instant()));
        params.put("version", AlipayProtocol.VERSION);
        if (config.notifyUrl() != null && AlipayMapping.PAY.equals(method)) params.put("notify_url", config.notifyUrl().toString());
        params.put("biz_content", AlipayProtocol.JSON.writeValueAsString(biz));
        params.put("sign", signer.signBase64(AlipayProtocol.requestSignContent(params)));
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        params.forEach(form::add);
        return form;
    }

    private Answer interpret(String method, int status, byte[] body) {
        String who = "Alipay (" + method + ")";
        String text = new String(body, StandardCharsets.UTF_8);
        if (status != 200) return new Answer.Failed(HttpOutcomes.status(who, status, text));
        Optional<AlipayProtocol.SignedAnswer> signed = AlipayProtocol.signedAnswer(text, AlipayProtocol.responseKey(method));
        if (signed.isEmpty()) return new Answer.Failed(Outcome.unknown(who + " answered something that is not an Alipay answer"));
        AlipayProtocol.SignedAnswer a = signed.get();
        if (a.sign() == null || !verifier.verifyBase64(a.content(), a.sign()))
            return new Answer.Failed(Outcome.unknown(who + " answer is unsigned or its signature does not verify; its content cannot be trusted"));
        try {
            return new Answer.Verified(AlipayProtocol.JSON.readTree(a.content()));
        } catch (JacksonException e) {
            return new Answer.Failed(Outcome.unknown(who + " answered a signed object that is not JSON"));
        }
    }

    /** A failure outcome (Declined or Unknown) as an outcome of another type. */
    private static <T> Outcome<T> retype(Outcome<?> failure) {
        return switch (failure) {
            case Outcome.Declined<?> d -> Outcome.declined(d.code(), d.message(), d.vendorCode());
            case Outcome.Unknown<?> u -> Outcome.unknown(u.cause());
            case Outcome.Succeeded<?> s -> Outcome.unknown("internal: a failure path carried a success");
            case Outcome.Pending<?> p -> Outcome.unknown("internal: a failure path carried a pending outcome");
        };
    }
}
