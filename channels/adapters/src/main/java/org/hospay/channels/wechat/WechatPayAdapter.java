package org.hospay.channels.wechat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.hospay.channels.AppOrder;
import org.hospay.channels.AppOrderRequest;
import org.hospay.channels.AppPayment;
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
import org.hospay.channels.http.DownloadedLines;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The wire half of the WeChat Pay v3 channel (直连商户): signs every request with the merchant key
 * ({@code WECHATPAY2-SHA256-RSA2048}), sends it, verifies every answer with the WeChat Pay public key and
 * hands the verified answer to the pure {@link WechatPayMapping}.
 *
 * <p>Capabilities: {@link CodePayment} (付款码), {@link Refunds}, {@link Withholding} (papay: deductions,
 * contract query and termination) and {@link Statements} (the daily trade bill).
 *
 * <p>Failure semantics ({@link org.hospay.channels.ChannelCapability}): no connection within
 * {@link WechatPayConfig#connectTimeout()} is {@code Declined(CHANNEL_UNAVAILABLE)}; our own signing failing
 * is {@code Declined(SIGNING_FAILED)}; no answer within {@link WechatPayConfig#responseTimeout()} after
 * sending (timed by {@link HttpTransport}), a 5xx, and any answer whose signature, key id or timestamp does
 * not verify are Unknown: an answer we cannot trust says nothing about the money.
 */
public final class WechatPayAdapter implements CodePayment, AppPayment, Refunds, Withholding, Statements {

    /** WeChat's calendar days (bills, the papay hours) are Beijing's. */
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private static final String USER_AGENT = "hospay-wechatpay/0.1 (Java; WebClient)";

    private final WechatPayConfig config;
    private final RsaSigner signer;
    private final WechatPaySignatures.Verifier verifier;
    private final Clock clock;
    private final String base;
    private final WebClient web;

    public WechatPayAdapter(WechatPayConfig config, Clock clock) {
        this(config, clock, builder -> {});
    }

    /** @param customizer adds to the WebClient (filters for metrics or tracing; the tamper tests use it to corrupt bytes in flight) */
    public WechatPayAdapter(WechatPayConfig config, Clock clock, Consumer<WebClient.Builder> customizer) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = new RsaSigner(config.merchantPrivateKey());
        this.verifier = new WechatPaySignatures.Verifier(config.wechatpayPublicKeyId(), config.wechatpayPublicKey(), clock);
        String url = config.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        // No base URL: requests go to absolute URIs built here, because the signed path must be the sent path.
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.WECHAT, null, config.connectTimeout(),
                config.responseTimeout(), 32 * 1024 * 1024), customizer);
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT;
    }

    @Override
    public Mono<Outcome<Charge>> charge(ChargeRequest request) {
        return call(HttpMethod.POST, WechatPayMapping::codepayPath,
                () -> WechatPayMapping.codepayRequest(request, config.appid(), config.mchid()),
                (status, body) -> WechatPayMapping.charge(config.mchid(), request, status, body), "codepay");
    }

    /** Code payments and papay deductions are orders alike: this query and {@link #reverse} serve both capabilities. */
    @Override
    public Mono<Outcome<Charge>> query(String outTradeNo) {
        return call(HttpMethod.GET, () -> WechatPayMapping.queryPath(config.mchid(), outTradeNo), null,
                (status, body) -> WechatPayMapping.query(config.mchid(), outTradeNo, status, body), "order query");
    }

    @Override
    public Mono<Outcome<Reversal>> reverse(String outTradeNo) {
        return call(HttpMethod.POST, () -> WechatPayMapping.reversePath(outTradeNo),
                () -> WechatPayMapping.reverseRequest(config.appid(), config.mchid()),
                (status, body) -> WechatPayMapping.reversal(outTradeNo, status, body), "reverse");
    }

    /** JSAPI下单: the mini-program user's order; the app pays it with the prepay id ({@code wx.requestPayment}). */
    @Override
    public Mono<Outcome<AppOrder>> createOrder(AppOrderRequest request) {
        return call(HttpMethod.POST, WechatPayMapping::jsapiPath,
                () -> WechatPayMapping.jsapiRequest(request, config.appid(), config.mchid(), config.notifyUrl()),
                (status, body) -> WechatPayMapping.prepaid(request, status, body), "jsapi order");
    }

    @Override
    public Mono<Outcome<Void>> close(String outTradeNo) {
        return call(HttpMethod.POST, () -> WechatPayMapping.closePath(outTradeNo),
                () -> WechatPayMapping.closeRequest(config.mchid()), WechatPayMapping::closed, "close");
    }

    @Override
    public Mono<Outcome<Refund>> refund(RefundRequest request) {
        return call(HttpMethod.POST, WechatPayMapping::refundPath, () -> WechatPayMapping.refundRequest(request),
                (status, body) -> WechatPayMapping.refund(request, status, body), "refund");
    }

    @Override
    public Mono<Outcome<Refund>> queryRefund(String outTradeNo, String outRefundNo) {
        return call(HttpMethod.GET, () -> WechatPayMapping.refundQueryPath(outRefundNo), null,
                (status, body) -> WechatPayMapping.refundQuery(outTradeNo, outRefundNo, status, body), "refund query");
    }

    /**
     * Papay 受理扣款, then one order query: WeChat accepts a deduction and performs it asynchronously, so
     * the answer to apply is "accepted", not "paid". Succeeded = the query already shows it paid; Pending =
     * accepted, not settled yet (query later, or wait for the TRANSACTION callback); Declined = refused at
     * acceptance ({@code AGREEMENT_LIMIT}: once a day, 07:00–22:00 Beijing; {@code AGREEMENT_INVALID}:
     * unknown or terminated contract; {@code INSUFFICIENT_FUNDS}) or failed afterwards.
     */
    @Override
    public Mono<Outcome<Charge>> withhold(WithholdRequest request) {
        return call(HttpMethod.POST, WechatPayMapping::withholdPath,
                () -> WechatPayMapping.withholdRequest(request, config.appid(), config.mchid(), config.notifyUrl()),
                (status, body) -> WechatPayMapping.withholdAccepted(request, status, body), "papay apply")
                .flatMap(accepted -> switch (accepted) {
                    case Outcome.Succeeded<String> ok -> query(request.outTradeNo()).map(q -> afterAcceptance(request, q));
                    case Outcome.Declined<String> d -> Mono.just(Outcome.<Charge>declined(d.code(), d.message(), d.vendorCode()));
                    case Outcome.Pending<String> p -> Mono.just(Outcome.<Charge>pending(p.vendorCode()));
                    case Outcome.Unknown<String> u -> Mono.just(Outcome.<Charge>unknown(u.cause()));
                });
    }

    /** An accepted deduction cannot be "not found" or "unknown": it is still on its way. */
    private static Outcome<Charge> afterAcceptance(WithholdRequest request, Outcome<Charge> query) {
        return switch (query) {
            case Outcome.Succeeded<Charge> s -> s.value().amount().equals(request.amount()) ? s
                    : Outcome.unknown("WeChat shows deduction " + request.outTradeNo() + " paid " + s.value().amount() + ", asked " + request.amount());
            case Outcome.Pending<Charge> p -> p;
            case Outcome.Declined<Charge> d -> DeclineCodes.ORDER_NOT_FOUND.equals(d.code())
                    ? Outcome.pending(WechatPayTradeState.ACCEPT.name()) : d;
            case Outcome.Unknown<Charge> u -> Outcome.pending(WechatPayTradeState.ACCEPT.name());
        };
    }

    /** The contract named by {@link AgreementRef#template()} (the papay {@code plan_id}) and our contract code. */
    @Override
    public Mono<Outcome<Agreement>> agreement(AgreementRef ref) {
        return onPlan(ref, planId -> queryContract(planId, ref.agreementCode()));
    }

    /** Terminates the contract named by {@link AgreementRef#template()} (the papay {@code plan_id}) and our contract code. */
    @Override
    public Mono<Outcome<Agreement>> terminate(AgreementRef ref, String reason) {
        return onPlan(ref, planId -> terminateContract(planId, ref.agreementCode(), reason));
    }

    /** Calls {@code call} with the reference's plan id; a template that is no plan id is refused before anything is sent. */
    private static Mono<Outcome<Agreement>> onPlan(AgreementRef ref, java.util.function.LongFunction<Mono<Outcome<WechatPayContract>>> call) {
        return Mono.defer(() -> {
            long planId;
            try {
                planId = planId(ref);
            } catch (IllegalArgumentException e) {
                return Mono.just(Outcome.<Agreement>declined(DeclineCodes.CHANNEL_REJECTED, e.getMessage() + "; nothing was sent", "LOCAL"));
            }
            return call.apply(planId).map(WechatPayAdapter::agreement);
        });
    }

    private static long planId(AgreementRef ref) {
        if (ref.agreementCode() == null) throw new IllegalArgumentException("WeChat papay needs our contract code (out_contract_code)");
        try {
            return Long.parseLong(ref.template());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("WeChat papay needs the template's plan_id, got " + ref.template());
        }
    }

    private static Outcome<Agreement> agreement(Outcome<WechatPayContract> contract) {
        return switch (contract) {
            case Outcome.Succeeded<WechatPayContract> s -> Outcome.succeeded(new Agreement(s.value().outContractCode(),
                    s.value().contractId(), state(s.value().state())));
            case Outcome.Declined<WechatPayContract> d -> Outcome.declined(d.code(), d.message(), d.vendorCode());
            case Outcome.Pending<WechatPayContract> p -> Outcome.pending(p.vendorCode());
            case Outcome.Unknown<WechatPayContract> u -> Outcome.unknown(u.cause());
        };
    }

    static Agreement.State state(WechatPayContractState state) {
        return switch (state) {
            case SIGNED -> Agreement.State.ACTIVE;
            case TO_BE_RENEWED -> Agreement.State.SUSPENDED;
            case TERMINATED -> Agreement.State.ENDED;
            case NOT_SIGNED, SIGN_FAILED -> Agreement.State.NOT_SIGNED;
            case UNRECOGNIZED -> Agreement.State.UNRECOGNISED;
        };
    }

    /** The payer's contract for a template and our contract code ({@code GET /v3/papay/sign/contracts/…}). */
    public Mono<Outcome<WechatPayContract>> queryContract(long planId, String outContractCode) {
        return call(HttpMethod.GET, () -> WechatPayMapping.contractPath(planId, outContractCode), null,
                (status, body) -> WechatPayMapping.contract(config.mchid(), planId, outContractCode, status, body), "contract query");
    }

    /** Ends a contract from our side (商户 API 解约); WeChat also sends PAPAY.TERMINATE. */
    public Mono<Outcome<WechatPayContract>> terminateContract(long planId, String outContractCode, String remark) {
        return call(HttpMethod.POST, () -> WechatPayMapping.terminatePath(planId, outContractCode),
                () -> WechatPayMapping.terminateRequest(remark),
                (status, body) -> WechatPayMapping.contract(config.mchid(), planId, outContractCode, status, body), "contract termination");
    }

    /**
     * The trade bill of {@code day} in neutral terms, streamed: asks for the download link of the gzipped bill
     * ({@code tar_type=GZIP}), then reads the file as it arrives (gunzipped, SHA1 of the bill checked against
     * {@code hash_value} once the last byte is read: a mismatch ends the stream in error, so a consumer keeps nothing).
     */
    @Override
    public Flux<Statement.Line> statement(LocalDate day) {
        return call(HttpMethod.GET, () -> WechatPayMapping.tradeBillPath(day, true), null, WechatPayMapping::billLink, "trade bill")
                .flatMapMany(link -> switch (link) {
                    case Outcome.Succeeded<WechatPayMapping.BillLink> ok -> ok.value() == WechatPayMapping.NO_BILL
                            ? Flux.<WechatPayBill.Line>empty() : streamed(ok.value(), true);
                    case Outcome.Declined<WechatPayMapping.BillLink> d -> Flux.<WechatPayBill.Line>error(new StatementUnavailable(d));
                    case Outcome.Pending<WechatPayMapping.BillLink> p -> Flux.<WechatPayBill.Line>error(new StatementUnavailable(p));
                    case Outcome.Unknown<WechatPayMapping.BillLink> u -> Flux.<WechatPayBill.Line>error(new StatementUnavailable(u));
                })
                .map(WechatPayAdapter::line);
    }

    static Statement statement(LocalDate day, WechatPayBill bill) {
        return new Statement(Channel.WECHAT, day, bill.lines().stream().map(WechatPayAdapter::line).toList());
    }

    static Statement.Line line(WechatPayBill.Line l) {
        Instant at = l.tradeTime().atZone(BEIJING).toInstant();
        return switch (WechatPayTradeState.of(l.tradeState())) {
            case SUCCESS -> new Statement.Line(Statement.Kind.PAYMENT, l.outTradeNo(), l.transactionId(), null, l.orderAmount(), at);
            case REFUND -> new Statement.Line(Statement.Kind.REFUND, l.outTradeNo(), l.refundId(), l.outRefundNo(), l.refund(), at);
            case REVOKED -> new Statement.Line(Statement.Kind.REVERSAL, l.outTradeNo(), l.transactionId(), null, l.orderAmount(), at);
            case NOTPAY, CLOSED, USERPAYING, PAYERROR, ACCEPT, UNRECOGNIZED ->
                    new Statement.Line(Statement.Kind.OTHER, l.outTradeNo(), l.transactionId(), null, l.orderAmount(), at);
        };
    }

    /** The bill file's lines as they arrive; every failure (HTTP status, transport, shape, hash) is a {@link StatementUnavailable}. */
    private Flux<WechatPayBill.Line> streamed(WechatPayMapping.BillLink link, boolean gzip) {
        return Flux.defer(() -> {
            URI uri = link.downloadUrl();
            String auth;
            try {
                auth = authorization("GET", pathAndQuery(uri), "");
            } catch (RuntimeException e) {
                return Flux.error(new StatementUnavailable(Outcome.declined(DeclineCodes.SIGNING_FAILED,
                        "could not sign the bill download: " + e.getMessage(), "LOCAL")));
            }
            if (!"SHA1".equalsIgnoreCase(link.hashType()))
                return Flux.error(new StatementUnavailable(Outcome.unknown("the bill's hash is " + link.hashType() + ", not SHA1: it cannot be checked")));
            MessageDigest sha1 = sha1();
            return web.get().uri(uri).header(HttpHeaders.AUTHORIZATION, auth).header(HttpHeaders.USER_AGENT, USER_AGENT)
                    .exchangeToFlux(resp -> resp.statusCode().value() != 200
                            ? resp.bodyToMono(String.class).defaultIfEmpty("").flatMapMany(body -> Flux.<WechatPayBill.Line>error(
                                    new StatementUnavailable(HttpOutcomes.status("WeChat Pay bill download", resp.statusCode().value(), body))))
                            : WechatPayBill.lines(DownloadedLines.lines(resp.bodyToFlux(DataBuffer.class),
                                            raw -> new DigestInputStream(gzip ? new GZIPInputStream(raw, 64 * 1024) : raw, sha1), StandardCharsets.UTF_8))
                                    .concatWith(Mono.defer(() -> HexFormat.of().formatHex(sha1.digest()).equalsIgnoreCase(link.hashValue())
                                            ? Mono.empty()
                                            : Mono.error(new StatementUnavailable(Outcome.unknown("the downloaded bill does not match its SHA1 hash; download it again"))))))
                    .onErrorMap(e -> !(e instanceof StatementUnavailable), e -> new StatementUnavailable(e instanceof IllegalArgumentException
                            ? Outcome.unknown("the downloaded bill is not in WeChat's shape: " + e.getMessage())
                            : HttpOutcomes.failure("WeChat Pay bill download", e)));
        });
    }

    /**
     * The daily trade bill whole, with its summary (a look at a small day; reconciliation streams it, {@link #statement}):
     * asks for the download link, downloads the file (not signed by WeChat, so its SHA1 {@code hash_value} is checked
     * instead) and parses it. A day without trades is {@link WechatPayBill#EMPTY}. The whole file is held in memory,
     * within the client's in-memory limit: a busy day's bill is larger than that (Unknown).
     */
    public Mono<Outcome<WechatPayBill>> tradeBill(LocalDate billDate) {
        return call(HttpMethod.GET, () -> WechatPayMapping.tradeBillPath(billDate, false), null, WechatPayMapping::billLink, "trade bill")
                .flatMap(link -> switch (link) {
                    case Outcome.Succeeded<WechatPayMapping.BillLink> ok -> ok.value() == WechatPayMapping.NO_BILL
                            ? Mono.just(Outcome.succeeded(WechatPayBill.EMPTY)) : download(ok.value());
                    case Outcome.Declined<WechatPayMapping.BillLink> d -> Mono.just(Outcome.<WechatPayBill>declined(d.code(), d.message(), d.vendorCode()));
                    case Outcome.Pending<WechatPayMapping.BillLink> p -> Mono.just(Outcome.<WechatPayBill>pending(p.vendorCode()));
                    case Outcome.Unknown<WechatPayMapping.BillLink> u -> Mono.just(Outcome.<WechatPayBill>unknown(u.cause()));
                });
    }

    private Mono<Outcome<WechatPayBill>> download(WechatPayMapping.BillLink link) {
        return Mono.defer(() -> {
            URI uri = link.downloadUrl();
            String auth;
            try {
                auth = authorization("GET", pathAndQuery(uri), "");
            } catch (RuntimeException e) {
                return Mono.just(Outcome.<WechatPayBill>declined(DeclineCodes.SIGNING_FAILED, "could not sign the bill download: " + e.getMessage(), "LOCAL"));
            }
            return web.get().uri(uri).header(HttpHeaders.AUTHORIZATION, auth).header(HttpHeaders.USER_AGENT, USER_AGENT)
                    .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(bytes -> bill(resp.statusCode().value(), bytes, link)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("WeChat Pay bill download", e)));
        });
    }

    private static Outcome<WechatPayBill> bill(int status, byte[] bytes, WechatPayMapping.BillLink link) {
        if (status != 200) return HttpOutcomes.status("WeChat Pay bill download", status, new String(bytes, StandardCharsets.UTF_8));
        if (!"SHA1".equalsIgnoreCase(link.hashType()) || !sha1(bytes).equalsIgnoreCase(link.hashValue()))
            return Outcome.unknown("the downloaded bill does not match its " + link.hashType() + " hash; download it again");
        try {
            return Outcome.succeeded(WechatPayBill.parse(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Outcome.unknown("the downloaded bill is not in WeChat's shape: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ wire

    private interface Body {
        byte[] bytes();
    }

    /**
     * Builds, signs and sends one request. Path and body are built here, inside the deferred call, so a
     * request that cannot be built (a bad argument) is {@code Declined(SIGNING_FAILED)}, nothing sent, never a throw.
     */
    private <T> Mono<Outcome<T>> call(HttpMethod method, Supplier<String> path, Body body,
                                      BiFunction<Integer, String, Outcome<T>> interpret, String what) {
        return Mono.defer(() -> {
            URI uri;
            byte[] bytes;
            String auth;
            try {
                uri = URI.create(base + path.get());
                bytes = body == null ? null : body.bytes();
                auth = authorization(method.name(), pathAndQuery(uri), bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                return Mono.just(Outcome.<T>declined(DeclineCodes.SIGNING_FAILED, "could not build or sign " + what + ": " + e, "LOCAL"));
            }
            WebClient.RequestBodySpec spec = web.method(method).uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, auth)
                    .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                    // v3 refuses requests without a User-Agent
                    .header(HttpHeaders.USER_AGENT, USER_AGENT)
                    .header(WechatPaySignatures.SERIAL, config.wechatpayPublicKeyId());
            WebClient.RequestHeadersSpec<?> ready = bytes == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(bytes);
            return ready.exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(answer -> verified(what, resp, answer, interpret)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("WeChat Pay (" + what + ")", e)));
        });
    }

    private <T> Outcome<T> verified(String what, ClientResponse resp, byte[] answer, BiFunction<Integer, String, Outcome<T>> interpret) {
        int status = resp.statusCode().value();
        String text = new String(answer, StandardCharsets.UTF_8);
        HttpHeaders h = resp.headers().asHttpHeaders();
        String refusal = verifier.refusal(h.getFirst(WechatPaySignatures.SERIAL), h.getFirst(WechatPaySignatures.TIMESTAMP),
                h.getFirst(WechatPaySignatures.NONCE), h.getFirst(WechatPaySignatures.SIGNATURE), text);
        if (refusal != null)
            return Outcome.unknown("WeChat Pay (" + what + ") answered HTTP " + status + " that cannot be trusted: " + refusal);
        return interpret.apply(status, text);
    }

    private String authorization(String method, String pathAndQuery, String body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = WechatPaySignatures.nonce();
        String signature = signer.signBase64(WechatPaySignatures.requestMessage(method, pathAndQuery, timestamp, nonce, body));
        return WechatPaySignatures.authorization(config.mchid(), nonce, timestamp, config.merchantSerialNo(), signature);
    }

    private static String pathAndQuery(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String sha1(byte[] bytes) {
        return HexFormat.of().formatHex(sha1().digest(bytes));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
