package org.hospay.simulator.tamper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A man in the middle for signature tests: forwards every request to the simulator and its answer
 * back, changing one byte of the request body or of the answer body on the way (or only watching,
 * to record fixtures). It counts the changes it made, so a test can prove the message it judged
 * really was tampered with.
 */
public final class TamperProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "transfer-encoding", "connection");

    /** One request and its answer as they crossed the proxy (headers lower-cased, first value). */
    public record Exchange(String method, String uri, Map<String, String> requestHeaders, byte[] requestBody, int status,
                           Map<String, String> answerHeaders, byte[] answerBody) {}

    private final DisposableServer server;
    private final AtomicInteger tampered = new AtomicInteger();

    private TamperProxy(String target, UnaryOperator<byte[]> onRequest, UnaryOperator<byte[]> onAnswer, Consumer<Exchange> seen) {
        HttpClient client = HttpClient.create();
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            byte[] sent = onRequest.apply(body);
                            Map<String, String> requestHeaders = new LinkedHashMap<>();
                            return client
                                    .headers(h -> req.requestHeaders().forEach(e -> {
                                        String name = e.getKey().toLowerCase(Locale.ROOT);
                                        requestHeaders.putIfAbsent(name, e.getValue());
                                        if (!HOP_BY_HOP.contains(name)) h.add(e.getKey(), e.getValue());
                                    }))
                                    .request(req.method()).uri(target + req.uri())
                                    .send((r, out) -> out.sendByteArray(Mono.just(sent)))
                                    .responseSingle((answer, bytes) -> bytes.asByteArray().defaultIfEmpty(new byte[0])
                                            .flatMap(b -> {
                                                byte[] back = onAnswer.apply(b);
                                                Map<String, String> answerHeaders = new LinkedHashMap<>();
                                                res.status(answer.status());
                                                answer.responseHeaders().forEach(e -> {
                                                    String name = e.getKey().toLowerCase(Locale.ROOT);
                                                    answerHeaders.putIfAbsent(name, e.getValue());
                                                    if (!HOP_BY_HOP.contains(name)) res.addHeader(e.getKey(), e.getValue());
                                                });
                                                seen.accept(new Exchange(req.method().name(), req.uri(), requestHeaders, sent,
                                                        answer.status().code(), answerHeaders, back));
                                                return res.sendByteArray(Mono.just(back)).then();
                                            }));
                        }))
                .bindNow();
    }

    /** Changes the first ASCII digit after {@code marker} in each request body. */
    public static TamperProxy requests(String target, String marker) {
        var p = new TamperProxy[1];
        p[0] = new TamperProxy(target, b -> p[0].flipDigitAfter(b, marker), UnaryOperator.identity(), e -> {});
        return p[0];
    }

    /** Changes the first ASCII digit after {@code marker} in each answer body. */
    public static TamperProxy answers(String target, String marker) {
        var p = new TamperProxy[1];
        p[0] = new TamperProxy(target, UnaryOperator.identity(), b -> p[0].flipDigitAfter(b, marker), e -> {});
        return p[0];
    }

    /** Changes nothing; hands every exchange to the observer (to record fixtures). */
    public static TamperProxy observing(String target, Consumer<Exchange> observer) {
        return new TamperProxy(target, UnaryOperator.identity(), UnaryOperator.identity(), observer);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** How many messages were changed. */
    public int tampered() {
        return tampered.get();
    }

    /** One byte changed, a digit for another digit, so the message stays well-formed and only its signature can tell. */
    private byte[] flipDigitAfter(byte[] body, String marker) {
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        int from = indexOf(body, m);
        if (from < 0) return body;
        for (int i = from + m.length; i < body.length; i++) {
            if (body[i] >= '0' && body[i] <= '9') {
                byte[] copy = body.clone();
                copy[i] = (byte) (body[i] == '9' ? '8' : body[i] + 1);
                tampered.incrementAndGet();
                return copy;
            }
        }
        return body;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
