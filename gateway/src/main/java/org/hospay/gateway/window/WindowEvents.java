package org.hospay.gateway.window;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.payment.PaymentEvents;
import org.hospay.gateway.payment.PaymentRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a window what happened to its payments, across gateway instances: every event is published
 * on the window's Redis channel, where the console's event stream picks it up. Best effort: a lost
 * event costs the console a refresh, never money (the payment's state is in PostgreSQL).
 */
@Component
class WindowEvents implements PaymentEvents {

    private static final Logger log = LoggerFactory.getLogger(WindowEvents.class);

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final String prefix;

    WindowEvents(ReactiveStringRedisTemplate redis, JsonMapper json, GatewayProperties properties) {
        this.redis = redis;
        this.json = json;
        this.prefix = properties.redis().keyPrefix() + ":window:";
    }

    /** The Redis channel a window's events are published on. */
    String channel(String windowId) {
        return prefix + windowId;
    }

    @Override
    public Mono<Void> pending(PaymentRow payment, String why) {
        return publish("payment.pending", payment, why);
    }

    @Override
    public Mono<Void> awaitingCode(PaymentRow payment) {
        return publish("payment.pending", payment, "waiting for a payment code for the self-pay part");
    }

    @Override
    public Mono<Void> succeeded(PaymentRow payment) {
        return publish("payment.succeeded", payment, null);
    }

    @Override
    public Mono<Void> failed(PaymentRow payment) {
        return publish("payment.failed", payment, payment.failureMessage());
    }

    private Mono<Void> publish(String type, PaymentRow p, String note) {
        if (p.windowId() == null) return Mono.empty();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("paymentId", p.paymentId().toString());
        event.put("billNo", p.billNo());
        event.put("status", p.status().external());
        event.put("totalFen", p.totalFen());
        event.put("fundPayFen", p.fundPayFen());
        event.put("accountPayFen", p.accountPayFen());
        event.put("selfPayFen", p.selfPayFen());
        event.put("selfPayMethod", p.selfPayMethod());
        event.put("failureCode", p.failureCode());
        event.put("note", note);
        event.put("at", Instant.now().toString());
        return redis.convertAndSend(channel(p.windowId()), json.writeValueAsString(event))
                .doOnError(e -> log.warn("window event {} for payment {} not published: {}", type, p.paymentId(), e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }
}
