package org.hospay.gateway.window;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;

/**
 * A window's events as server-sent events. Subscribe to the window's wake-up channel first, then fix
 * the cursor (the client's {@code Last-Event-ID}, or the newest event), then read the stream after
 * the cursor on every wake-up and every heartbeat: no event written after the cursor can be missed,
 * none is sent twice, and the order is the stream's. Reads are plain XRANGEs on the shared
 * connection (a blocking XREAD per console would hold a connection each).
 */
@Component
class WindowStream {

    private static final Logger log = LoggerFactory.getLogger(WindowStream.class);
    private static final Pattern EVENT_ID = Pattern.compile("^\\d{1,20}-\\d{1,20}$");
    private static final int BATCH = 200;

    private final ReactiveStringRedisTemplate redis;
    private final WindowListeners listeners;
    private final WindowEvents events;
    private final WindowProperties props;
    /** Consoles following a window's events on this instance now ({@code hospay.window.subscribers}). */
    private final AtomicInteger subscribers = new AtomicInteger();

    WindowStream(ReactiveStringRedisTemplate redis, WindowListeners listeners, WindowEvents events,
                 WindowProperties props, MeterRegistry registry) {
        Gauge.builder("hospay.window.subscribers", subscribers, AtomicInteger::get)
                .description("Window consoles following their events on this instance").register(registry);
        this.redis = redis;
        this.listeners = listeners;
        this.events = events;
        this.props = props;
    }

    Flux<ServerSentEvent<String>> open(String hospitalId, String windowId, String lastEventId) {
        if (lastEventId != null && !EVENT_ID.matcher(lastEventId).matches()) {
            return Flux.error(ApiException.badRequest("INVALID_LAST_EVENT_ID", "Last-Event-ID must be an event id such as 1732500000000-0"));
        }
        String key = events.streamKey(hospitalId, windowId);
        return listeners.receive(ChannelTopic.of(events.channel(hospitalId, windowId)))
                // The cursor is read only once Redis confirmed the subscription: see the class comment.
                .flatMap(wakeUps -> cursor(key, lastEventId).map(start -> Tuples.of(wakeUps, start)))
                .onErrorMap(e -> !(e instanceof ApiException), WindowStream::unavailable)
                .flatMapMany(opened -> {
                    var wakeUps = opened.getT1();
                    String start = opened.getT2();
                    AtomicReference<String> last = new AtomicReference<>(start);
                    Flux<Boolean> reads = Flux.merge(
                                    Flux.just(Boolean.TRUE),
                                    wakeUps.map(m -> Boolean.TRUE),
                                    Flux.interval(props.heartbeat()).map(i -> Boolean.FALSE))
                            // A burst of wake-ups needs one read, not one each.
                            .onBackpressureLatest();
                    Flux<ServerSentEvent<String>> body = reads.concatMap(
                            woken -> woken ? after(key, last) : after(key, last).concatWith(Mono.just(keepAlive())), 1);
                    // Past the first event the response is committed: a failed read ends the stream and the console
                    // reconnects with Last-Event-ID, which is exactly where it left off.
                    return Flux.concat(Mono.just(ready(windowId, start)), body)
                            .onErrorResume(e -> {
                                log.info("window {} stream ended by {}", windowId, e.toString());
                                return Flux.empty();
                            });
                })
                .take(props.maxConnection())
                .doOnSubscribe(s -> subscribers.incrementAndGet())
                .doFinally(s -> subscribers.decrementAndGet());
    }

    private static ApiException unavailable(Throwable e) {
        return ApiException.unavailable("EVENTS_UNAVAILABLE", "the window's events cannot be followed right now; retry shortly");
    }

    /** Where a stream starts: after the client's last event, or after the newest one ("0-0" for an empty window). */
    private Mono<String> cursor(String key, String lastEventId) {
        if (lastEventId != null) return Mono.just(lastEventId);
        return redis.opsForStream().reverseRange(key, Range.unbounded(), Limit.limit().count(1))
                .next()
                .map(r -> r.getId().getValue())
                .defaultIfEmpty("0-0");
    }

    /** Every event after {@code last}, in order, advancing {@code last}. */
    private Flux<ServerSentEvent<String>> after(String key, AtomicReference<String> last) {
        return Flux.defer(() -> redis.opsForStream()
                .range(key, Range.of(Range.Bound.exclusive(last.get()), Range.Bound.unbounded()), Limit.limit().count(BATCH))
                .collectList()
                .flatMapMany(batch -> {
                    if (batch.isEmpty()) return Flux.empty();
                    last.set(batch.getLast().getId().getValue());
                    Flux<ServerSentEvent<String>> sent = Flux.fromIterable(batch).map(WindowStream::toEvent);
                    return batch.size() < BATCH ? sent : sent.concatWith(after(key, last));
                }));
    }

    private static ServerSentEvent<String> toEvent(MapRecord<String, Object, Object> record) {
        String data = String.valueOf(record.getValue().get("e"));
        return ServerSentEvent.builder(data).id(record.getId().getValue()).event(typeOf(data)).build();
    }

    /** The event's type is its JSON's first field (WindowEvents writes it first); read without a parse. */
    static String typeOf(String json) {
        String head = "{\"type\":\"";
        if (!json.startsWith(head)) return "message";
        int end = json.indexOf('"', head.length());
        return end < 0 ? "message" : json.substring(head.length(), end);
    }

    private static ServerSentEvent<String> ready(String windowId, String cursor) {
        return ServerSentEvent.builder("{\"type\":\"ready\",\"windowId\":\"" + windowId + "\",\"lastEventId\":\"" + cursor + "\"}")
                .id(cursor).event("ready").retry(java.time.Duration.ofSeconds(2)).build();
    }

    private static ServerSentEvent<String> keepAlive() {
        return ServerSentEvent.<String>builder().comment("keep-alive").build();
    }
}
