package org.hospay.channels.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The shared transport against loopback sockets: what each phase's bound turns a call into. */
class HttpTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    /** How the adapters call: the answer's status and body, or what the failure means. */
    private static Outcome<String> call(WebClient web, String uri) {
        return web.get().uri(uri)
                .exchangeToMono(resp -> resp.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> resp.statusCode().value() == 200 ? Outcome.succeeded(body) : HttpOutcomes.<String>status("test", resp.statusCode().value(), body)))
                .onErrorResume(e -> Mono.just(HttpOutcomes.failure("test", e)))
                .block(WAIT);
    }

    private static HttpTransport.Settings settings(URI base, Duration response) {
        return new HttpTransport.Settings(Channel.WECHAT, base, Duration.ofMillis(500), response);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private URI answering(String path, String body) throws IOException {
        return serving(path, body, Duration.ZERO, new AtomicInteger());
    }

    /** Answers every request after {@code delay}, on a thread of its own; counts the connections it was opened. */
    private URI slow(Duration delay, AtomicInteger connections) throws IOException {
        return serving("/slow", "ok", delay, connections);
    }

    private URI serving(String path, String body, Duration delay, AtomicInteger connections) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        server.createContext(path, exchange -> {
            if (seen.add(exchange.getRemoteAddress())) connections.incrementAndGet();
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        open.add(() -> server.stop(0));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code n} calls at once; how many ended as each kind of outcome (a decline by its code). */
    private static Map<String, Long> atOnce(WebClient web, String uri, int n) {
        List<Outcome<String>> outcomes = Flux.range(0, n)
                .flatMap(i -> web.get().uri(uri).retrieve().bodyToMono(String.class).map(Outcome::succeeded)
                        .onErrorResume(e -> Mono.just(HttpOutcomes.failure("test", e))), n)
                .collectList().block(WAIT);
        Function<Outcome<String>, String> kind = o -> o instanceof Outcome.Declined<String> d ? d.code() : o.getClass().getSimpleName();
        return outcomes.stream().collect(Collectors.groupingBy(kind, Collectors.counting()));
    }

    private static HttpTransport.ClientOptions sized(HttpTransport.Pool pool) {
        return new HttpTransport.ClientOptions() {
            @Override
            public HttpTransport.Pool pool() {
                return pool;
            }

            @Override
            public void accept(WebClient.Builder builder) {}
        };
    }

    @Test
    void aRushOfCallsWaitsForItsAnswersInsteadOfBeingRefusedAtSixteenConnections() throws IOException {
        AtomicInteger connections = new AtomicInteger();
        URI base = slow(Duration.ofMillis(300), connections);
        WebClient web = HttpTransport.webClient(new HttpTransport.Settings(Channel.INSURANCE, base, Duration.ofSeconds(2), Duration.ofSeconds(5)));

        // 60 calls in flight at once: five insurance calls each for a dozen payments. Reactor Netty's default pool on
        // two cores (16 connections, 32 waiting) refused the last twelve at once as CHANNEL_BUSY.
        assertThat(atOnce(web, "/slow", 60)).isEqualTo(Map.of("Succeeded", 60L));
        assertThat(connections).hasValueGreaterThan(16);
    }

    @Test
    void theOptionsPoolLimitsConnectionsAndCallsPastItsWaitingRoomAreBusyNotSent() throws IOException {
        AtomicInteger connections = new AtomicInteger();
        URI base = slow(Duration.ofMillis(1500), connections);
        WebClient web = HttpTransport.webClient(new HttpTransport.Settings(Channel.INSURANCE, base, Duration.ofMillis(300), Duration.ofSeconds(5)),
                sized(new HttpTransport.Pool(2, 1, Duration.ofSeconds(20), false)));

        // Two calls get the pool's two connections; one waits 300 ms for a connection and gives up; the fourth finds
        // the waiting room full. Neither of the last two left, so both are declined as busy, and only two connections
        // were ever opened.
        assertThat(atOnce(web, "/slow", 4)).isEqualTo(Map.of("Succeeded", 2L, DeclineCodes.CHANNEL_BUSY, 2L));
        assertThat(connections).hasValue(2);
    }

    @Test
    void aPoolMustHoldAConnectionAndLetACallWait() {
        assertThatThrownBy(() -> new HttpTransport.Pool(0, 1, Duration.ofSeconds(1), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpTransport.Pool(1, 0, Duration.ofSeconds(1), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpTransport.Pool(1, 1, Duration.ZERO, false)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Accepts connections and reads requests, never answers: the request left, no answer comes. */
    private URI silent() throws IOException {
        ServerSocket server = new ServerSocket(0);
        open.add(server);
        Thread acceptor = Thread.ofVirtual().start(() -> {
            List<Socket> held = new ArrayList<>();
            try {
                while (!server.isClosed()) held.add(server.accept());
            } catch (IOException e) {
                // closed by the test
            } finally {
                for (Socket s : held) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // nothing to do
                    }
                }
            }
        });
        open.add(acceptor::interrupt);
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Test
    void relativeRequestsGoToTheBaseUrl() throws IOException {
        WebClient web = HttpTransport.webClient(settings(answering("/v1/ping", "pong"), Duration.ofSeconds(2)));

        assertThat(call(web, "/v1/ping")).isEqualTo(Outcome.succeeded("pong"));
    }

    @Test
    void anUnreachableHostIsDeclinedUnreachableBecauseNothingWasSent() throws IOException {
        WebClient web = HttpTransport.webClient(settings(URI.create("http://127.0.0.1:" + closedPort()), Duration.ofSeconds(2)));

        assertThat(call(web, "/v1/ping")).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
            assertThat(d.code()).isEqualTo(DeclineCodes.CHANNEL_UNAVAILABLE);
            assertThat(d.unreachable()).isTrue();
        });
    }

    @Test
    void silenceAfterSendingIsUnknownOnceTheResponseTimeoutPasses() throws IOException {
        WebClient web = HttpTransport.webClient(settings(silent(), Duration.ofMillis(300)));

        long started = System.nanoTime();
        Outcome<String> outcome = call(web, "/v1/ping");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Unknown.class, u -> assertThat(u.cause()).contains("did not answer in time"));
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    @Test
    void anAnswerLargerThanTheAdapterKeepsInMemoryIsUnknownNotTruncated() throws IOException {
        URI base = answering("/big", "x".repeat(4096));
        WebClient web = HttpTransport.webClient(settings(base, Duration.ofSeconds(2)).withMaxInMemoryBytes(1024));

        assertThat(call(web, "/big")).isInstanceOf(Outcome.Unknown.class);
        assertThat(call(HttpTransport.webClient(settings(base, Duration.ofSeconds(2))), "/big"))
                .isEqualTo(Outcome.succeeded("x".repeat(4096)));
    }

    @Test
    void theCustomizerAddsToTheClient() throws IOException {
        WebClient web = HttpTransport.webClient(settings(answering("/v1/ping", "pong"), Duration.ofSeconds(2)),
                b -> b.filter((request, next) -> next.exchange(request).map(r -> r.mutate().body("tampered").build())));

        assertThat(call(web, "/v1/ping")).isEqualTo(Outcome.succeeded("tampered"));
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new HttpTransport.Settings(Channel.ALIPAY, null, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpTransport.Settings(Channel.ALIPAY, null, Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
