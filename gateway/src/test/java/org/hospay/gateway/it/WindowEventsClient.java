package org.hospay.gateway.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.hospay.gateway.terminal.RequestSignature;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A window's event stream as a console follows it: a signed GET of {@code /api/v1/windows/{id}/events}
 * (optionally resuming after an event id), each event decoded and queued for the test to await.
 * {@link #open} returns once the gateway said {@code ready}, so every event after that is seen.
 */
public final class WindowEventsClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ServerSentEvent<String> CLOSED = ServerSentEvent.<String>builder().comment("closed").build();

    public record Event(String id, String type, Map<String, Object> data) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> leg(String name) {
            return (Map<String, Object>) ((Map<String, Object>) data.get("legs")).get(name);
        }

        public long fen(String field) {
            return ((Number) data.get(field)).longValue();
        }
    }

    private final LinkedBlockingQueue<ServerSentEvent<String>> queue = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final Disposable subscription;
    private volatile Throwable error;

    private WindowEventsClient(String baseUrl, String terminalId, String secret, String windowId, String lastEventId) {
        String path = "/api/v1/windows/" + windowId + "/events";
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString();
        String sig = RequestSignature.sign(secret.getBytes(StandardCharsets.UTF_8), "GET", path, ts, nonce, new byte[0]);
        subscription = WebClient.create(baseUrl).get().uri(path)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    h.set("X-Terminal-Id", terminalId);
                    h.set("X-Timestamp", ts);
                    h.set("X-Nonce", nonce);
                    h.set("X-Signature", sig);
                    if (lastEventId != null) h.set("Last-Event-ID", lastEventId);
                })
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .subscribe(queue::offer, e -> {
                    error = e;
                    queue.offer(CLOSED);
                }, () -> queue.offer(CLOSED));
    }

    /** Opens the stream and waits for the gateway's {@code ready}. */
    public static WindowEventsClient open(int port, String terminalId, String secret, String windowId, String lastEventId) {
        WindowEventsClient client = new WindowEventsClient("http://127.0.0.1:" + port, terminalId, secret, windowId, lastEventId);
        client.await("ready", e -> true, Duration.ofSeconds(20));
        return client;
    }

    /** The next event of {@code type} matching {@code match}; events before it are kept in {@link #seen()}. */
    public Event await(String type, Predicate<Event> match, Duration within) {
        return await(type, match, within, false);
    }

    private Event await(String type, Predicate<Event> match, Duration within, boolean anyType) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ServerSentEvent<String> sse;
            try {
                sse = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (sse == null) throw new AssertionError("no '" + type + "' event within " + within + "; saw " + seen);
            if (sse == CLOSED) throw new AssertionError("stream closed before a '" + type + "' event (" + error + "); saw " + seen);
            if (sse.event() == null) continue;
            @SuppressWarnings("unchecked")
            Event event = new Event(sse.id(), sse.event(), JSON.readValue(sse.data(), Map.class));
            seen.add(event);
            if ((anyType || event.type().equals(type)) && match.test(event)) return event;
        }
    }

    /**
     * The very next event, whatever its type: after a refused request, the next event being the one
     * a later accepted request caused proves the refused one published nothing.
     */
    public Event next(Duration within) {
        return await("", e -> true, within, true);
    }

    public List<Event> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
