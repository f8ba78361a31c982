package org.hospay.simulator.alipay;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.util.function.Tuples;

/**
 * A man in the middle for signature tests: forwards every request to the simulator and every answer
 * back, changing the first occurrence of one string into another (of the same length: one byte) in
 * the request or in the answer, and counting how often it did.
 */
public final class TamperingProxy implements AutoCloseable {

    private final DisposableServer server;
    private final AtomicInteger tampered = new AtomicInteger();
    private volatile String requestFrom, requestTo, answerFrom, answerTo;

    public TamperingProxy(int simulatorPort) {
        HttpClient client = HttpClient.create();
        server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> req.receive().aggregate()
                        .asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .flatMap(body -> client
                                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE)))
                                .request(req.method())
                                .uri("http://127.0.0.1:" + simulatorPort + req.uri())
                                .send((r, out) -> out.sendString(Mono.just(change(body, requestFrom, requestTo)), StandardCharsets.UTF_8))
                                .responseSingle((r, buf) -> buf.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                        .map(b -> Tuples.of(r.status(), String.valueOf(r.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE)), b))))
                        .flatMap(t -> res.status(t.getT1()).header(HttpHeaderNames.CONTENT_TYPE, t.getT2())
                                .sendString(Mono.just(change(t.getT3(), answerFrom, answerTo)), StandardCharsets.UTF_8).then()))
                .bindNow();
    }

    public int port() {
        return server.port();
    }

    public TamperingProxy inRequests(String from, String to) {
        requireOneByte(from, to);
        requestFrom = from;
        requestTo = to;
        return this;
    }

    public TamperingProxy inAnswers(String from, String to) {
        requireOneByte(from, to);
        answerFrom = from;
        answerTo = to;
        return this;
    }

    /** How many messages were changed. */
    public int tampered() {
        return tampered.get();
    }

    private String change(String text, String from, String to) {
        if (from == null || !text.contains(from)) return text;
        tampered.incrementAndGet();
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    private static void requireOneByte(String from, String to) {
        int diff = 0;
        if (from.length() != to.length()) throw new IllegalArgumentException("same length only: one changed byte");
        for (int i = 0; i < from.length(); i++) if (from.charAt(i) != to.charAt(i)) diff++;
        if (diff != 1 || !from.chars().allMatch(c -> c < 128)) throw new IllegalArgumentException("exactly one changed ASCII byte");
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
