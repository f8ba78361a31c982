package org.hospay.gateway.window;

import java.util.Map;
import org.hospay.gateway.payment.BillValidator;
import org.hospay.gateway.terminal.Terminal;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Each window's pending bill, in Redis (short-lived, shared by every instance). */
@Component
public class WindowBills {

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final WindowEvents events;
    private final WindowProperties props;
    private final java.time.Clock clock;

    private final org.hospay.gateway.support.RedisSwitch redisSwitch;

    WindowBills(ReactiveStringRedisTemplate redis, org.hospay.gateway.support.RedisSwitch redisSwitch, JsonMapper json, WindowEvents events, WindowProperties props, java.time.Clock clock) {
        this.redis = redis;
        this.redisSwitch = redisSwitch;
        this.json = json;
        this.events = events;
        this.props = props;
        this.clock = clock;
    }

    /** Validates the bill as a payment would (400 with a specific code), makes it the window's pending bill and tells the window. */
    Mono<WindowBill> put(Terminal from, String windowId, WindowBill received) {
        return Mono.defer(() -> {
            var bill = BillValidator.validate(received.billNo(), received.medType(), received.items(), received.totalFen());
            WindowBill stored = new WindowBill(bill.billNo(), bill.medType().name(), received.items(), received.totalFen(),
                    from.terminalId(), clock.instant());
            return redis.opsForValue().set(events.billKey(from.hospitalId(), windowId), json.writeValueAsString(stored), props.pendingBillTtl())
                    .then(events.publish(from.hospitalId(), windowId, "bill",
                            Map.of("billNo", stored.billNo(), "totalFen", bill.total().fen(), "from", stored.from())))
                    .thenReturn(stored);
        });
    }

    /**
     * The window's pending bill; empty when there is none, and while Redis is away (support.RedisSwitch): a tap then
     * opens its NFC session without a bill, and the window pays it with the bill it enters.
     */
    public Mono<WindowBill> current(String hospitalId, String windowId) {
        return redisSwitch.call(() -> redis.opsForValue().get(events.billKey(hospitalId, windowId)), Mono::<String>empty)
                .map(v -> json.readValue(v, WindowBill.class));
    }

    Mono<Boolean> clear(String hospitalId, String windowId) {
        return redis.delete(events.billKey(hospitalId, windowId)).map(n -> n > 0);
    }
}
