package org.hospay.simulator.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hospay.simulator.fault.FaultRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeChat Pay v3's HTTP side as the adapter sees it. Every request must be signed by the demo merchant
 * (else 401 SIGN_ERROR); every answer is signed by the demo platform key. Injected faults (channel WECHAT):
 * ERROR answers 500 SYSTEM_ERROR without processing; TIMEOUT processes and never answers; the latency
 * model delays every answer on a timer.
 *
 * <ul>
 *   <li>{@code POST /v3/pay/transactions/codepay}, {@code GET /v3/pay/transactions/out-trade-no/{no}?mchid=},
 *       {@code POST /v3/pay/transactions/out-trade-no/{no}/reverse}</li>
 *   <li>{@code POST /v3/refund/domestic/refunds}, {@code GET /v3/refund/domestic/refunds/{out_refund_no}}</li>
 *   <li>{@code POST /v3/papay/pay/transactions/apply}, {@code GET /v3/papay/sign/contracts/plan-id/{plan}/out-contract-code/{code}},
 *       {@code POST …/terminate}</li>
 *   <li>{@code GET /v3/bill/tradebill?bill_date=}, {@code GET /v3/billdownload/file?token=}</li>
 * </ul>
 */
@RestController
class WechatPayController {

    /** WeChat's bill links are valid for about 30 seconds (WxJava notes); so are ours. */
    private static final Duration BILL_LINK_VALIDITY = Duration.ofSeconds(30);
    private static final Clock WIRE = Clock.systemUTC();

    private record BillFile(byte[] csv, boolean gzip, Instant expiresAt) {}

    private static byte[] gzip(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private final WechatPaySim sim;
    private final WechatCodePay codePay;
    private final WechatRefunds refunds;
    private final WechatAppPay appPay;
    private final WechatPapay papay;
    private final TradeBill bills;
    private final WechatNotifier notifier;
    private final WechatPayExchange exchange;
    private final FaultRegistry faults;
    private final Clock clock;
    private final Map<String, BillFile> billFiles = new ConcurrentHashMap<>();

    WechatPayController(WechatPaySim sim, WechatCodePay codePay, WechatAppPay appPay, WechatRefunds refunds, WechatPapay papay, TradeBill bills,
                        WechatNotifier notifier, WechatPayExchange exchange, FaultRegistry faults, Clock clock) {
        this.sim = sim;
        this.codePay = codePay;
        this.refunds = refunds;
        this.appPay = appPay;
        this.papay = papay;
        this.bills = bills;
        this.notifier = notifier;
        this.exchange = exchange;
        this.faults = faults;
        this.clock = clock;
    }

    @PostMapping("/v3/pay/transactions/codepay")
    Mono<ResponseEntity<byte[]>> codepay(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        return handle(request, body, () -> codePay.codepay(text(body)));
    }

    @PostMapping("/v3/pay/transactions/jsapi")
    Mono<ResponseEntity<byte[]>> jsapi(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        return handle(request, body, () -> appPay.jsapi(text(body)));
    }

    @PostMapping("/v3/pay/transactions/out-trade-no/{outTradeNo}/close")
    Mono<ResponseEntity<byte[]>> close(ServerHttpRequest request, @PathVariable String outTradeNo, @RequestBody(required = false) byte[] body) {
        return handle(request, body, () -> appPay.close(outTradeNo, text(body)));
    }

    record AppConfirm(String prepayId, Boolean cancel) {}

    /** The payer's side: confirming (or cancelling) a JSAPI order in WeChat, as {@code wx.requestPayment} would. */
    @PostMapping("/sim/wechat/app-payments")
    ResponseEntity<?> confirm(@RequestBody AppConfirm r) {
        try {
            return ResponseEntity.ok(appPay.confirm(r.prepayId(), Boolean.TRUE.equals(r.cancel())));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(404).body(Map.of("error", Map.of("code", "ORDER_NOT_FOUND", "message", e.getMessage())));
        }
    }

    @GetMapping("/v3/pay/transactions/out-trade-no/{outTradeNo}")
    Mono<ResponseEntity<byte[]>> query(ServerHttpRequest request, @PathVariable String outTradeNo,
                                       @RequestParam(required = false) String mchid) {
        return handle(request, null, () -> codePay.query(outTradeNo, mchid));
    }

    @PostMapping("/v3/pay/transactions/out-trade-no/{outTradeNo}/reverse")
    Mono<ResponseEntity<byte[]>> reverse(ServerHttpRequest request, @PathVariable String outTradeNo,
                                         @RequestBody(required = false) byte[] body) {
        return handle(request, body, () -> codePay.reverse(outTradeNo, text(body)));
    }

    @PostMapping("/v3/refund/domestic/refunds")
    Mono<ResponseEntity<byte[]>> refund(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        return handle(request, body, () -> refunds.refund(text(body)));
    }

    @GetMapping("/v3/refund/domestic/refunds/{outRefundNo}")
    Mono<ResponseEntity<byte[]>> refundQuery(ServerHttpRequest request, @PathVariable String outRefundNo) {
        return handle(request, null, () -> refunds.refundQuery(outRefundNo));
    }

    @PostMapping("/v3/papay/pay/transactions/apply")
    Mono<ResponseEntity<byte[]>> apply(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        return handle(request, body, () -> {
            WechatPapay.Deduction d = papay.apply(text(body));
            if (d.paid() != null) {
                ObjectNode resource;
                synchronized (d.paid()) {
                    resource = sim.transaction(d.paid());
                }
                // WeChat reports the deduction's result on its own; a lost callback changes nothing here.
                notifier.send(d.notifyUrl(), "TRANSACTION.SUCCESS", "支付成功", "transaction", resource).subscribe();
            }
            return d.answer();
        });
    }

    @GetMapping("/v3/papay/sign/contracts/plan-id/{planId}/out-contract-code/{outContractCode}")
    Mono<ResponseEntity<byte[]>> contract(ServerHttpRequest request, @PathVariable long planId, @PathVariable String outContractCode) {
        return handle(request, null, () -> papay.contractQuery(planId, outContractCode));
    }

    @PostMapping("/v3/papay/sign/contracts/plan-id/{planId}/out-contract-code/{outContractCode}/terminate")
    Mono<ResponseEntity<byte[]>> terminate(ServerHttpRequest request, @PathVariable long planId, @PathVariable String outContractCode,
                                           @RequestBody(required = false) byte[] body) {
        return handle(request, body, () -> {
            WechatPapay.Termination t = papay.merchantTerminate(planId, outContractCode, text(body));
            if (t.terminated() != null)
                notifier.send(t.terminated().notifyUrl, "PAPAY.TERMINATE", "解约成功", "papay", WechatPapay.contractJson(t.terminated())).subscribe();
            return t.answer();
        });
    }

    @GetMapping("/v3/bill/tradebill")
    Mono<ResponseEntity<byte[]>> tradeBill(ServerHttpRequest request, @RequestParam(name = "bill_date", required = false) String billDate,
                                           @RequestParam(name = "tar_type", required = false) String tarType) {
        return handle(request, null, () -> {
            LocalDate day;
            try {
                day = LocalDate.parse(billDate == null ? "" : billDate);
            } catch (DateTimeParseException e) {
                throw new WechatPaySim.BadRequest("bill_date 必须是 YYYY-MM-DD");
            }
            if (day.isAfter(LocalDate.ofInstant(clock.instant(), WechatPaySim.BEIJING)))
                throw new WechatPaySim.BadRequest("bill_date 不能晚于今天");
            String csv = bills.csv(day);
            if (csv == null) return Answer.error(400, "NO_STATEMENT_EXIST", "该日期无交易，账单不存在");
            if (tarType != null && !"GZIP".equals(tarType)) throw new WechatPaySim.BadRequest("tar_type 仅支持 GZIP");
            byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
            boolean gzip = "GZIP".equals(tarType);
            String token = UUID.randomUUID().toString().replace("-", "");
            billFiles.values().removeIf(f -> f.expiresAt().isBefore(WIRE.instant()));
            billFiles.put(token, new BillFile(gzip ? gzip(bytes) : bytes, gzip, WIRE.instant().plus(BILL_LINK_VALIDITY)));
            String base = request.getURI().getScheme() + "://" + request.getURI().getRawAuthority();
            return Answer.ok(WechatPaySim.JSON.createObjectNode()
                    .put("hash_type", "SHA1")
                    // the hash is the bill's own, gzipped or not (WeChat: 原始账单（gzip需要解压缩）的摘要值)
                    .put("hash_value", sha1(bytes))
                    .put("download_url", base + "/v3/billdownload/file?token=" + token));
        });
    }

    /** The file itself: signed request required, answer not signed (WeChat's is not either; the hash is the check). */
    @GetMapping("/v3/billdownload/file")
    Mono<ResponseEntity<byte[]>> billFile(ServerHttpRequest request, @RequestParam(required = false) String token) {
        String refusal = exchange.refusal(request.getMethod().name(), pathAndQuery(request), request.getHeaders(), "");
        if (refusal != null) return Mono.just(exchange.signed(401, error("SIGN_ERROR", refusal)));
        BillFile file = token == null ? null : billFiles.get(token);
        if (file == null || file.expiresAt().isBefore(WIRE.instant()))
            return Mono.just(exchange.signed(400, error("PARAM_ERROR", "下载链接已过期，请重新申请账单")));
        return faults.delayed(WechatPaySim.CHANNEL, Mono.just(ResponseEntity.ok()
                .contentType(file.gzip() ? MediaType.APPLICATION_OCTET_STREAM : new MediaType("text", "csv", StandardCharsets.UTF_8)).body(file.csv())));
    }

    // ------------------------------------------------------------------ plumbing

    private Mono<ResponseEntity<byte[]>> handle(ServerHttpRequest request, byte[] body, Supplier<Answer> operation) {
        String refusal = exchange.refusal(request.getMethod().name(), pathAndQuery(request), request.getHeaders(), text(body));
        if (refusal != null) return Mono.just(exchange.signed(401, error("SIGN_ERROR", refusal)));
        FaultRegistry.Effect effect = faults.draw(WechatPaySim.CHANNEL, request.getURI().getRawPath());
        if (effect == FaultRegistry.Effect.ERROR)
            return faults.delayed(WechatPaySim.CHANNEL, Mono.fromSupplier(() -> exchange.signed(500, error("SYSTEM_ERROR", "系统繁忙，请稍后重试"))));
        Answer answer;
        try {
            answer = operation.get();
        } catch (WechatPaySim.BadRequest | IllegalArgumentException e) {
            answer = Answer.error(400, "PARAM_ERROR", e.getMessage());
        }
        if (effect == FaultRegistry.Effect.TIMEOUT || answer.delivery() == Answer.Delivery.NEVER) return Mono.never();
        Answer a = answer;
        // signed when sent, so the timestamp is fresh after a delay
        Mono<ResponseEntity<byte[]>> reply = Mono.fromSupplier(() -> switch (a.delivery()) {
            case SIGNED -> exchange.signed(a.status(), a.json());
            case UNSIGNED, NEVER -> ResponseEntity.status(a.status()).body(new byte[0]);
        });
        if (a.delayMs() > 0) reply = reply.delaySubscription(Duration.ofMillis(a.delayMs()));
        return faults.delayed(WechatPaySim.CHANNEL, reply);
    }

    private static String pathAndQuery(ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        return request.getURI().getRawPath() + (query == null ? "" : "?" + query);
    }

    private static String text(byte[] body) {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    private static String error(String code, String message) {
        return WechatPaySim.JSON.writeValueAsString(WechatPaySim.JSON.createObjectNode().put("code", code).put("message", message));
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
