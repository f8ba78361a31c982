package org.hospay.gateway.family;

import java.util.Map;
import org.hospay.channels.Channel;
import org.hospay.channels.alipay.AlipayNotifications;
import org.hospay.channels.wechat.WechatPayEvent;
import org.hospay.channels.wechat.WechatPayNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The channels' callbacks (outside terminal and bearer auth: each is verified by the vendor's own signature
 * over the raw body). Signing results make a binding pay; ended agreements stop it. Only a callback that was
 * processed is acknowledged, so the vendor retries the others; repeats are harmless (every update is
 * conditional on the state it moves from).
 */
@RestController
class AgreementCallbacks {

    private static final Logger log = LoggerFactory.getLogger(AgreementCallbacks.class);

    private final WechatPayNotifications wechat;
    private final AlipayNotifications alipay;
    private final BindingService bindings;

    AgreementCallbacks(WechatPayNotifications wechat, AlipayNotifications alipay, BindingService bindings) {
        this.wechat = wechat;
        this.alipay = alipay;
        this.bindings = bindings;
    }

    /** WeChat Pay v3: 204 when processed; 401 with {@code {"code":"FAIL"}} when it does not verify (WeChat retries). */
    @PostMapping(BindingService.WECHAT_CALLBACK)
    Mono<ResponseEntity<Object>> wechat(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
        return Mono.defer(() -> switch (wechat.read(headers.toSingleValueMap(), body == null ? new byte[0] : body)) {
            case WechatPayNotifications.Verdict.Rejected r -> {
                log.warn("WeChat Pay callback refused: {}", r.reason());
                yield Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED).<Object>body(Map.of("code", "FAIL", "message", r.reason())));
            }
            case WechatPayNotifications.Verdict.Accepted a -> handle(a.event()).thenReturn(ResponseEntity.noContent().build());
        }).onErrorResume(e -> {
            log.error("WeChat Pay callback not processed; WeChat will retry", e);
            return Mono.just(ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("code", "FAIL", "message", "not processed")));
        });
    }

    private Mono<Void> handle(WechatPayEvent event) {
        return switch (event) {
            case WechatPayEvent.ContractSigned s -> bindings.agreementSigned(Channel.WECHAT, s.contract().outContractCode(),
                    s.contract().contractId());
            case WechatPayEvent.ContractTerminated t -> bindings.agreementEnded(Channel.WECHAT, t.contract().outContractCode(),
                    t.contract().contractId());
            // Deduction results: the engine learns them by query on its own schedule; the callback only confirms.
            case WechatPayEvent.TransactionResult t -> Mono.fromRunnable(() -> log.info("WeChat Pay: order {} ({}) result {}",
                    t.outTradeNo(), t.tradeType(), t.outcome().getClass().getSimpleName()));
            case WechatPayEvent.Unrecognized u -> Mono.fromRunnable(() -> log.warn("WeChat Pay: unhandled event {} ({})", u.eventType(), u.id()));
        };
    }

    /** Alipay: the body {@code success} when processed, anything else makes Alipay re-send. */
    @PostMapping(path = BindingService.ALIPAY_CALLBACK, produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<String> alipay(ServerWebExchange exchange) {
        return exchange.getFormData().map(f -> f.toSingleValueMap()).flatMap(form -> switch (alipay.read(form)) {
            case AlipayNotifications.Notification.Rejected r -> {
                log.warn("Alipay notification refused: {}", r.reason());
                yield Mono.just("fail");
            }
            case AlipayNotifications.Notification.AgreementSigned s -> s.agreement().usable()
                    ? bindings.agreementSigned(Channel.ALIPAY, s.agreement().externalAgreementNo(), s.agreement().agreementNo())
                            .thenReturn(AlipayNotifications.ACK)
                    : Mono.fromRunnable(() -> log.warn("Alipay: agreement {} signed but not usable ({})", s.agreement().agreementNo(),
                            s.agreement().status())).thenReturn(AlipayNotifications.ACK);
            case AlipayNotifications.Notification.AgreementUnsigned u -> bindings.agreementEnded(Channel.ALIPAY,
                    u.agreement().externalAgreementNo(), u.agreement().agreementNo()).thenReturn(AlipayNotifications.ACK);
            case AlipayNotifications.Notification.TradeStatusChanged t -> Mono.fromRunnable(() -> log.info("Alipay: order {} is {}",
                    t.outTradeNo(), t.status())).thenReturn(AlipayNotifications.ACK);
        }).onErrorResume(e -> {
            log.error("Alipay notification not processed; Alipay will re-send", e);
            return Mono.just("fail");
        });
    }
}
