package org.hospay.simulator.alipay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.hospay.simulator.wire.Rsa;
import org.hospay.simulator.wire.DemoKeys;
import org.hospay.simulator.SigningProperties;
import org.hospay.simulator.fault.FaultRegistry;
import org.hospay.simulator.wallet.Reply;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alipay's open-platform gateway ({@code POST /gateway.do}) and the bill download it hands out.
 * Every request must carry a valid RSA2 signature by the DEMO app key (else 40002
 * {@code isv.invalid-signature}, nothing done); every answer is signed with the DEMO platform key
 * over the exact response object (unless {@link SigningProperties}, benchmark only). Injected faults
 * (channel ALIPAY): ERROR answers 20000 {@code isp.unknow-error} without processing; TIMEOUT processes
 * and never answers; the latency model applies to every answer.
 */
@RestController
class AlipayGatewayController {

    private static final Set<String> METHODS = Set.of(AlipayWire.PAY, AlipayWire.QUERY, AlipayWire.CANCEL,
            AlipayWire.REFUND, AlipayWire.REFUND_QUERY, AlipayWire.AGREEMENT_QUERY, AlipayWire.AGREEMENT_UNSIGN,
            AlipayWire.BILL_URL);
    private static final MediaType JSON_UTF8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);
    static final String BILL_PATH = "/sim/alipay/bills/download";

    private final AlipayTrades trades;
    private final AlipayRefunds refunds;
    private final AlipayAgreements agreements;
    private final AlipayNotifier notifier;
    private final FaultRegistry faults;
    private final boolean signAnswers;

    AlipayGatewayController(AlipayTrades trades, AlipayRefunds refunds, AlipayAgreements agreements, AlipayNotifier notifier,
                            FaultRegistry faults, SigningProperties signing) {
        this.trades = trades;
        this.refunds = refunds;
        this.agreements = agreements;
        this.notifier = notifier;
        this.faults = faults;
        this.signAnswers = signing.signAnswers();
    }

    @PostMapping("/gateway.do")
    Mono<ResponseEntity<byte[]>> gateway(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            // the SDK sends the common parameters in the query string and biz_content in the body; accept both
            Map<String, String> params = new HashMap<>();
            exchange.getRequest().getQueryParams().forEach((k, v) -> params.put(k, v.getFirst()));
            form.forEach((k, v) -> params.put(k, v.getFirst()));
            return handle(params, exchange.getRequest().getURI());
        });
    }

    private Mono<ResponseEntity<byte[]>> handle(Map<String, String> params, URI requestUri) {
        String method = params.getOrDefault("method", "");
        String key = METHODS.contains(method) ? AlipayWire.responseKey(method) : AlipayWire.ERROR_RESPONSE;
        if (!DemoKeys.ALIPAY_APP_ID.equals(params.get("app_id")))
            return deliver(key, refused("isv.invalid-app-id", "无效的AppID参数"));
        String sign = params.get("sign");
        if (sign == null || sign.isEmpty()) return deliver(key, refused("isv.missing-signature", "缺少签名参数"));
        if (!AlipayWire.SIGN_TYPE.equals(params.get("sign_type")))
            return deliver(key, refused("isv.invalid-signature-type", "无效的签名类型"));
        if (!Rsa.verify(DemoKeys.alipayApp().publicKey(), AlipayWire.requestSignContent(params), sign))
            return deliver(key, refused("isv.invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配"));
        if (!METHODS.contains(method)) return deliver(key, refused("isv.invalid-method", "不存在的方法名"));
        try {
            AlipayWire.parseTime(params.getOrDefault("timestamp", ""));
        } catch (DateTimeParseException e) {
            return deliver(key, refused("isv.invalid-timestamp", "非法的时间戳参数"));
        }
        JsonNode biz;
        try {
            biz = AlipayWire.JSON.readTree(params.getOrDefault("biz_content", ""));
        } catch (JacksonException e) {
            return deliver(key, refused("isv.invalid-parameter", "biz_content 不是合法的 JSON"));
        }
        if (biz == null || !biz.isObject()) return deliver(key, refused("isv.invalid-parameter", "biz_content 须为 JSON 对象"));
        FaultRegistry.Effect effect = faults.draw(AlipaySim.CHANNEL, method);
        if (effect == FaultRegistry.Effect.ERROR) return deliver(key, Reply.answer(AlipaySim.unavailableBody()));
        Reply reply = dispatch(method, biz, requestUri);
        return deliver(key, effect == FaultRegistry.Effect.TIMEOUT ? reply.as(Reply.Delivery.NEVER) : reply);
    }

    private Reply dispatch(String method, JsonNode biz, URI requestUri) {
        return switch (method) {
            case AlipayWire.PAY -> trades.pay(biz);
            case AlipayWire.QUERY -> trades.query(biz);
            case AlipayWire.CANCEL -> trades.cancel(biz);
            case AlipayWire.REFUND -> refunds.refund(biz);
            case AlipayWire.REFUND_QUERY -> refunds.refundQuery(biz);
            case AlipayWire.AGREEMENT_QUERY -> agreements.agreementQuery(biz);
            case AlipayWire.AGREEMENT_UNSIGN -> {
                var unsigned = agreements.agreementUnsign(biz);
                unsigned.getValue().ifPresent(a -> notifier.send(a.notifyUrl(),
                        agreements.agreementNotification(a, "dut_user_unsign", DemoKeys.ALIPAY_APP_ID)).subscribe());
                yield unsigned.getKey();
            }
            case AlipayWire.BILL_URL -> refunds.billUrl(biz,
                    UriComponentsBuilder.fromUri(requestUri).replacePath(BILL_PATH).replaceQuery(null).build().toUri());
            default -> refused("isv.invalid-method", "不存在的方法名");
        };
    }

    private static Reply refused(String subCode, String subMsg) {
        return Reply.answer(AlipayWire.JSON.createObjectNode().put("code", "40002").put("msg", "Invalid Arguments")
                .put("sub_code", subCode).put("sub_msg", subMsg));
    }

    private Mono<ResponseEntity<byte[]>> deliver(String key, Reply reply) {
        Mono<ResponseEntity<byte[]>> answer = switch (reply.delivery()) {
            case NEVER -> Mono.never();
            case HTTP_500 -> Mono.just(ResponseEntity.status(500).contentType(MediaType.TEXT_HTML)
                    .body("<html><body><h1>500 Internal Server Error</h1></body></html>".getBytes(StandardCharsets.UTF_8)));
            case ANSWER -> Mono.fromSupplier(() -> signed(key, reply.body()));
        };
        if (reply.delivery() == Reply.Delivery.NEVER) return answer;
        if (!reply.delay().isZero()) answer = answer.delaySubscription(reply.delay());
        return faults.delayed(AlipaySim.CHANNEL, answer);
    }

    private ResponseEntity<byte[]> signed(String key, ObjectNode body) {
        String content = AlipayWire.JSON.writeValueAsString(body);
        String answer = signAnswers ? AlipayWire.answerBody(key, content, Rsa.sign(DemoKeys.alipayPlatform().privateKey(), content))
                : "{\"" + key + "\":" + content + "}";
        return ResponseEntity.ok().contentType(JSON_UTF8).body(answer.getBytes(StandardCharsets.UTF_8));
    }

    /** The bill file an earlier {@code bill.downloadurl.query} pointed to (Alipay's file server, same faults and latency). */
    @GetMapping(BILL_PATH)
    Mono<ResponseEntity<byte[]>> bill(@RequestParam String fileId) {
        FaultRegistry.Effect effect = faults.draw(AlipaySim.CHANNEL);
        if (effect == FaultRegistry.Effect.TIMEOUT) return Mono.never();
        if (effect == FaultRegistry.Effect.ERROR) return deliver(AlipayWire.ERROR_RESPONSE, Reply.answer(AlipaySim.ok()).as(Reply.Delivery.HTTP_500));
        ResponseEntity<byte[]> file = refunds.bill(fileId)
                .map(zip -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileId + ".csv.zip\"").body(zip))
                .orElseGet(() -> ResponseEntity.notFound().build());
        return faults.delayed(AlipaySim.CHANNEL, Mono.just(file));
    }
}
