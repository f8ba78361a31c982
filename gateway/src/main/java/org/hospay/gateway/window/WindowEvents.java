package org.hospay.gateway.window;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.payment.PaymentEvents;
import org.hospay.gateway.payment.PaymentRow;
import org.hospay.gateway.payment.Plan;
import org.hospay.gateway.payment.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a window what happened at it, across gateway instances. Each event is appended to the
 * window's capped Redis Stream, whose entry id becomes the event's SSE id (so a console that
 * reconnects with {@code Last-Event-ID} gets exactly what it missed), and the id is published on
 * the window's pub/sub channel to wake the streams that follow it on every instance. Best effort:
 * a lost event costs the console a refresh, never money (the payment's state is in PostgreSQL).
 */
@Component
public class WindowEvents implements PaymentEvents {

    private static final Logger log = LoggerFactory.getLogger(WindowEvents.class);

    /** Append, refresh the idle expiry and wake the followers in one atomic round trip. */
    private static final RedisScript<String> APPEND = RedisScript.of("""
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PUBLISH', ARGV[4], id)
            return id""", String.class);

    /**
     * {@link #APPEND}, and a paid bill stops being the window's pending bill (KEYS[2]), unless the window
     * has moved on to another: one round trip for a payment's success.
     */
    private static final RedisScript<String> APPEND_AND_CLEAR_BILL = RedisScript.of("""
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PUBLISH', ARGV[4], id)
            local v = redis.call('GET', KEYS[2])
            if v and cjson.decode(v)['billNo'] == ARGV[5] then redis.call('DEL', KEYS[2]) end
            return id""", String.class);

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final Clock clock;
    private final WindowProperties props;
    private final String prefix;

    WindowEvents(ReactiveStringRedisTemplate redis, JsonMapper json, Clock clock, WindowProperties props, GatewayProperties properties) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.props = props;
        this.prefix = properties.redis().keyPrefix() + ":window:";
    }

    /** The pub/sub channel that wakes a window's streams. Hospital and window ids are escaped so no two windows share a key. */
    String channel(String hospitalId, String windowId) {
        return prefix + escape(hospitalId) + ":" + escape(windowId);
    }

    /** The window's capped event log (a Redis Stream; entry ids are the SSE event ids). */
    String streamKey(String hospitalId, String windowId) {
        return channel(hospitalId, windowId) + ":events";
    }

    String billKey(String hospitalId, String windowId) {
        return channel(hospitalId, windowId) + ":bill";
    }

    private static String escape(String id) {
        return id.replace("%", "%25").replace(":", "%3A");
    }

    /**
     * Appends an event of {@code type} to the window's stream and wakes its followers; completes
     * with the event id, or empty when Redis refused (logged: the console catches up on reconnect).
     */
    public Mono<String> publish(String hospitalId, String windowId, String type, Map<String, ?> data) {
        return publish(hospitalId, windowId, type, data, null);
    }

    /** {@link #publish}, and {@code paidBillNo}, when given, stops being the window's pending bill. */
    private Mono<String> publish(String hospitalId, String windowId, String type, Map<String, ?> data, String paidBillNo) {
        if (hospitalId == null || windowId == null) return Mono.empty();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("windowId", windowId);
        event.put("at", clock.instant().toString());
        event.putAll(data);
        return Mono.defer(() -> {
                    List<String> args = List.of(Integer.toString(props.streamMaxLength()), json.writeValueAsString(event),
                            Long.toString(props.streamRetention().toMillis()), channel(hospitalId, windowId));
                    return paidBillNo == null
                            ? redis.execute(APPEND, List.of(streamKey(hospitalId, windowId)), args).next()
                            : redis.execute(APPEND_AND_CLEAR_BILL, List.of(streamKey(hospitalId, windowId), billKey(hospitalId, windowId)),
                                    List.of(args.get(0), args.get(1), args.get(2), args.get(3), paidBillNo)).next();
                })
                .doOnError(e -> {
                    // Redis away is one line per event (the outage has its own alert); anything else, such as a lock
                    // BlockHound caught on an event loop, keeps its stack, or it cannot be found.
                    if (e instanceof DataAccessException) log.warn("window {} event {} not published: {}", windowId, type, e.toString());
                    else log.warn("window {} event {} not published", windowId, type, e);
                })
                .onErrorResume(e -> Mono.empty());
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
        return publish(payment.hospitalId(), payment.windowId(), "payment.succeeded", paymentData(payment, null), payment.billNo()).then();
    }

    @Override
    public Mono<Void> failed(PaymentRow payment) {
        return publish("payment.failed", payment, payment.failureMessage());
    }

    private Mono<Void> publish(String type, PaymentRow p, String note) {
        return publish(p.hospitalId(), p.windowId(), type, paymentData(p, note)).then();
    }

    /** The payment as a window sees it: status, and the amount of every leg known so far (fen). */
    static Map<String, Object> paymentData(PaymentRow p, String note) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", p.paymentId().toString());
        data.put("billNo", p.billNo());
        data.put("status", p.status().external());
        data.put("totalFen", p.totalFen());
        data.put("source", p.sourceMasked());
        data.put("fundPayFen", p.fundPayFen());
        data.put("accountPayFen", p.accountPayFen());
        data.put("selfPayFen", p.selfPayFen());
        data.put("selfPayMethod", p.selfPayMethod());
        Map<String, Object> legs = new LinkedHashMap<>();
        if (p.plan() != Plan.CHANNEL_ONLY && p.fundPayFen() != null) {
            Map<String, Object> insurance = new LinkedHashMap<>();
            insurance.put("fundPayFen", p.fundPayFen());
            insurance.put("accountPayFen", p.accountPayFen());
            legs.put("insurance", insurance);
        }
        if (p.selfPayFen() != null && p.selfPayFen() > 0) {
            Map<String, Object> self = new LinkedHashMap<>();
            self.put("method", p.selfPayMethod());
            self.put("amountFen", p.selfPayFen());
            legs.put("selfPay", self);
        }
        if (p.commercial() != null) {
            // The window sees why the patient paid more than usual: the insurer could not be asked (UNAVAILABLE).
            Map<String, Object> commercial = new LinkedHashMap<>();
            commercial.put("insurer", p.commercial().insurer());
            commercial.put("amountFen", p.commercial().payFen());
            commercial.put("status", p.commercial().status().name());
            legs.put("commercial", commercial);
        }
        data.put("legs", legs);
        data.put("awaitingPaymentCode", p.stage() == Stage.AWAITING_CODE);
        data.put("failureCode", p.failureCode());
        data.put("note", note);
        return data;
    }
}
