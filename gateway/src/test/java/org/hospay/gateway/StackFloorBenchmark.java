package org.hospay.gateway;

import io.netty.buffer.Unpooled;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hospay.channels.Channel;
import org.hospay.channels.crypto.NativeCrypto;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.http.HttpTransport;
import org.hospay.channels.insurance.DemoOnlyHospitalSm2Key;
import org.hospay.channels.insurance.Envelope;
import org.hospay.code.AggregatedCodeIssuer;
import org.hospay.code.AggregatedCodeVerifier;
import org.hospay.code.PayChannel;
import org.hospay.code.ScannedCode;
import org.hospay.code.ScannedCodeParser;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.node.ObjectNode;

/**
 * A benchmark, not a test (it asserts nothing; run it on purpose, loadtest/README.md "The stack's floor"): the CPU
 * this stack spends on one I/O operation that does nothing, against the crypto the protocols demand of one payment,
 * in one JVM and one run. Each operation is the gateway's own kind, built the gateway's way, carrying a payload of the
 * real size that nothing reads:
 * <ul>
 * <li>a channel call: the adapters' WebClient ({@link HttpTransport#webClient}) posting 1 KiB of JSON and reading
 *     1 KiB back from a server in this JVM on its own event loop, whose threads' CPU is taken out;</li>
 * <li>the same call on bare Reactor Netty (the layer under WebClient), for what a thinner client could save;</li>
 * <li>a request served by Spring WebFlux (a functional route reading the body and answering JSON): the CPU of the
 *     server's event loop only, the client's taken out; and the same on a bare Reactor Netty server;</li>
 * <li>a statement: Spring's {@link DatabaseClient} on an r2dbc pool, {@code SELECT $1} with one bound value, against
 *     the real PostgreSQL;</li>
 * <li>a Redis command: {@code GET} through Spring Data's reactive template on Lettuce, against the real Redis.</li>
 * </ul>
 * The CPU of the whole process (JIT and GC included, after a warm-up) per operation, the median of five rounds taken
 * in turn, in two regimes: back to back (sixteen in flight: a saturated event loop, many completions per wake-up) and
 * paced (started at a fixed rate whatever the others do, as the load test's arrivals: each operation wakes the threads
 * it needs). It then sums one one-scan payment's I/O at that floor (one request in; eight channel calls: five
 * insurance calls, the policy look-up, the charge, the receipt; six statements and six Redis commands, as
 * loadtest/scripts/round-trips.sh counts them) and sets it beside the payment's mandatory crypto, measured here too.
 * Needs PostgreSQL and Redis as the ITs do ({@code HOSPAY_TEST_PG_*}, {@code HOSPAY_TEST_REDIS_*}). Run:
 * {@code ./mvnw -B -pl gateway test -Dtest=StackFloorBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true}
 * ({@code -Dbench.ops=20000} back to back, {@code -Dbench.paced=3000} at {@code -Dbench.rate=500} a second). The report
 * goes to the console and to {@code <bench.results>/<date-time>-stack-floor.md} (default {@code gateway/target}).
 */
class StackFloorBenchmark {

    private static final String PG_HOST = env("HOSPAY_TEST_PG_HOST", "127.0.0.1");
    private static final String PG_PORT = env("HOSPAY_TEST_PG_PORT", "5432");
    private static final String PG_USER = env("HOSPAY_DB_USER", "postgres");
    private static final String PG_PASSWORD = env("HOSPAY_DB_PASSWORD", "postgres");
    private static final String REDIS_HOST = env("HOSPAY_TEST_REDIS_HOST", "127.0.0.1");
    private static final int REDIS_PORT = Integer.parseInt(env("HOSPAY_TEST_REDIS_PORT", "6379"));
    private static final int IN_FLIGHT = 16;
    private static final int ROUNDS = 5;
    private static final String SERVER_THREADS = "floor-server";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One kind of operation; {@code serverSide}: its cost is the server's threads', else the rest of the process's. */
    private record Op(String name, boolean serverSide, Supplier<Mono<?>> call) {}

    @Test
    void theStacksCostPerOperation() {
        int ops = Integer.getInteger("bench.ops", 20_000);
        int paced = Integer.getInteger("bench.paced", 3_000);
        int rate = Integer.getInteger("bench.rate", 500);
        byte[] request = json(1024, "request");
        byte[] answer = json(1024, "answer");

        LoopResources serverLoops = LoopResources.create(SERVER_THREADS, 1, true);
        var webFluxRoute = RouterFunctions.route(RequestPredicates.POST("/call"), r -> r.bodyToMono(byte[].class)
                .flatMap(b -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(answer)));
        DisposableServer webFlux = HttpServer.create().host("127.0.0.1").port(0).runOn(serverLoops)
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(webFluxRoute))).bindNow();
        DisposableServer netty = HttpServer.create().host("127.0.0.1").port(0).runOn(serverLoops)
                .route(r -> r.post("/call", (in, out) -> in.receive().aggregate().asByteArray()
                        .flatMap(b -> out.header("content-type", "application/json").sendByteArray(Mono.just(answer)).then())))
                .bindNow();

        WebClient adapterClient = HttpTransport.webClient(new HttpTransport.Settings(Channel.INSURANCE,
                URI.create("http://127.0.0.1:" + webFlux.port()), Duration.ofSeconds(2), Duration.ofSeconds(5)));
        HttpClient bareClient = HttpClient.create(ConnectionProvider.builder("floor-bare").maxConnections(256).build());

        ConnectionFactory pool = ConnectionFactories.get("r2dbc:pool:postgresql://" + PG_USER + ":" + PG_PASSWORD
                + "@" + PG_HOST + ":" + PG_PORT + "/postgres?initialSize=4&maxSize=20");
        DatabaseClient db = DatabaseClient.create(pool);
        LettuceConnectionFactory redisFactory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(REDIS_HOST, REDIS_PORT));
        redisFactory.afterPropertiesSet();
        redisFactory.start();
        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(redisFactory);
        String key = "hospay-floor-bench:" + ProcessHandle.current().pid();
        redis.opsForValue().set(key, "x".repeat(64), Duration.ofMinutes(10)).block();

        List<Op> all = List.of(
                new Op("channel call, client side: the adapters' WebClient", false, () -> adapterClient.post().uri("/call")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                        .exchangeToMono(r -> r.bodyToMono(byte[].class))),
                new Op("channel call, client side: bare Reactor Netty", false, () -> post(bareClient, netty.port(), request)),
                new Op("request served, server side: Spring WebFlux", true, () -> post(bareClient, webFlux.port(), request)),
                new Op("request served, server side: bare Reactor Netty", true, () -> post(bareClient, netty.port(), request)),
                new Op("SQL statement: DatabaseClient on the r2dbc pool", false, () -> db.sql("SELECT $1::bigint AS n").bind(0, 42L)
                        .map(row -> row.get("n", Long.class)).one()),
                new Op("Redis command: reactive template on Lettuce", false, () -> redis.opsForValue().get(key)));

        try {
            for (Op op : all) measure(op, ops, 0); // warm-up: every path compiled before any round counts
            Map<String, double[]> us = new LinkedHashMap<>();
            for (Op op : all) us.put(op.name(), new double[2]);
            for (int mode = 0; mode < 2; mode++) {
                Map<Op, List<Double>> rounds = new LinkedHashMap<>();
                for (int i = 0; i < ROUNDS; i++)
                    for (Op op : all) rounds.computeIfAbsent(op, o -> new ArrayList<>()).add(measure(op, mode == 0 ? ops : paced, mode == 0 ? 0 : rate));
                int m = mode;
                rounds.forEach((op, r) -> us.get(op.name())[m] = median(r));
            }
            Crypto crypto = Crypto.measure(Duration.ofSeconds(2));
            report(us, crypto, ops, paced, rate);
        } finally {
            redis.delete(key).block();
            redisFactory.destroy();
            if (pool instanceof io.r2dbc.spi.Closeable closeable) Mono.from(closeable.close()).block();
            webFlux.disposeNow();
            netty.disposeNow();
            serverLoops.disposeLater().block();
        }
    }

    /**
     * Microseconds of CPU per operation over {@code n} operations: the process's, or the server threads' alone. {@code
     * perSecond} 0: back to back, {@value #IN_FLIGHT} in flight; else paced, one started every 1/perSecond s whatever
     * the others do (an open model, as the load test's arrivals).
     */
    private static double measure(Op op, int n, int perSecond) {
        long process0 = OS.getProcessCpuTime();
        long server0 = serverThreadsCpu();
        Flux<Long> starts = perSecond == 0 ? Flux.range(0, n).map(Long::valueOf)
                : Flux.interval(Duration.ofNanos(1_000_000_000L / perSecond)).onBackpressureBuffer().take(n);
        starts.flatMap(i -> op.call().get(), perSecond == 0 ? IN_FLIGHT : 1024).blockLast(Duration.ofMinutes(5));
        long server = serverThreadsCpu() - server0;
        long process = OS.getProcessCpuTime() - process0;
        return (op.serverSide() ? server : process - server) / 1000.0 / n;
    }

    /** A POST on bare Reactor Netty, its answer read whole. */
    private static Mono<byte[]> post(HttpClient client, int port, byte[] body) {
        return client.post().uri("http://127.0.0.1:" + port + "/call").send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((r, answer) -> answer.asByteArray());
    }

    private static long serverThreadsCpu() {
        long sum = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds()))
            if (t != null && t.getThreadName().startsWith(SERVER_THREADS)) sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
        return sum;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static void report(Map<String, double[]> us, Crypto crypto, int ops, int paced, int rate) {
        List<double[]> v = new ArrayList<>(us.values());
        double c = crypto.oneScanUs();
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        StringBuilder out = new StringBuilder("# The stack's floor — ").append(now.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" UTC\n\n")
                .append(String.format("Machine: %s, %d cores; load average at the end: %s; JDK %s.%n",
                        firstLine("/proc/cpuinfo", "model name"), Runtime.getRuntime().availableProcessors(),
                        firstLine("/proc/loadavg", ""), System.getProperty("java.runtime.version")))
                .append(String.format("CPU per I/O operation that does nothing, the median of %d rounds: back to back, %d operations with %d in flight; paced, %d operations at %d/s.%n%n",
                        ROUNDS, ops, IN_FLIGHT, paced, rate))
                .append("| operation | µs of CPU, back to back | µs of CPU, paced |\n|---|---:|---:|\n");
        us.forEach((name, x) -> out.append(String.format("| %s | %.0f | %.0f |%n", name, x[0], x[1])));
        out.append(String.format("%n| one one-scan payment | µs, back to back | × crypto | µs, paced | × crypto |%n|---|---:|---:|---:|---:|%n"))
                .append(String.format("| mandatory crypto: 5 × (SM2 sign + verify of an envelope) + RSA sign + verify (%s) + code verify | %.0f | 1.0 | %.0f | 1.0 |%n",
                        NativeCrypto.rsaProvider(), c, c));
        double[] floor = new double[2], bare = new double[2];
        for (int m = 0; m < 2; m++) {
            floor[m] = v.get(2)[m] + 8 * v.get(0)[m] + 6 * v.get(4)[m] + 6 * v.get(5)[m];
            bare[m] = v.get(3)[m] + 8 * v.get(1)[m] + 6 * v.get(4)[m] + 6 * v.get(5)[m];
        }
        out.append(String.format("| I/O floor: 1 request served + 8 channel calls + 6 statements + 6 Redis commands, the gateway's way | %.0f | %.1f | %.0f | %.1f |%n",
                        floor[0], floor[0] / c, floor[1], floor[1] / c))
                .append(String.format("| **floor + crypto**: the least CPU such a payment can cost on this stack | %.0f | **%.1f** | %.0f | **%.1f** |%n",
                        floor[0] + c, (floor[0] + c) / c, floor[1] + c, (floor[1] + c) / c))
                .append(String.format("| the same with bare Reactor Netty for both HTTP sides | %.0f | %.1f | %.0f | %.1f |%n",
                        bare[0] + c, (bare[0] + c) / c, bare[1] + c, (bare[1] + c) / c))
                .append(String.format("%nCrypto, µs each: SM2 sign %.0f, SM2 verify %.0f, RSA sign %.0f, RSA verify %.0f, code verify %.0f.%n",
                        crypto.sm2Sign, crypto.sm2Verify, crypto.rsaSign, crypto.rsaVerify, crypto.codeVerify));
        System.out.println(out);
        // Also to a file, like the load test's summaries: -Dbench.results=$PWD/loadtest/results to keep it.
        Path dir = Path.of(System.getProperty("bench.results", "target"));
        Path file = dir.resolve(now.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-stack-floor.md");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, out);
            System.out.println("stack floor: written to " + file.toAbsolutePath());
        } catch (IOException e) {
            System.out.println("stack floor: could not write " + file + ": " + e);
        }
    }

    /** The signatures of one one-scan payment, each timed alone on this thread (its CPU time), as the gateway makes them. */
    private record Crypto(double sm2Sign, double sm2Verify, double rsaSign, double rsaVerify, double codeVerify) {

        double oneScanUs() {
            return 5 * (sm2Sign + sm2Verify) + rsaSign + rsaVerify + codeVerify;
        }

        static Crypto measure(Duration each) {
            NativeCrypto.install(true);
            KeyPair platform = org.hospay.code.DemoKeys.platformKeyPair(org.hospay.code.DemoKeys.CURRENT);
            ObjectNode envelope = Envelope.JSON.createObjectNode().put("infno", "2206").put("msgid", "H37020200001202611240900000001")
                    .put("fixmedins_code", DemoOnlyHospitalSm2Key.FIXMEDINS_CODE).put("inf_time", "2026-11-24 09:00:00");
            envelope.putObject("input").putObject("data").put("psn_no", "37000000000000000001").put("medfee_sumamt", "53.50")
                    .put("mdtrt_id", "M370200000000000001").put("chrg_bchno", "V0123456789abcdef0123456789abc");
            ObjectNode signedAnswer = Envelope.sign(envelope.deepCopy(), platform.getPrivate());
            var hospitalKey = DemoOnlyHospitalSm2Key.privateKey();
            byte[] charge = json(600, "charge");
            RsaSigner merchant = new RsaSigner(org.hospay.channels.demo.DemoKeys.wechatMerchant().privateKey());
            RsaVerifier verifier = new RsaVerifier(org.hospay.channels.demo.DemoKeys.wechatPlatform().publicKey());
            byte[] signature = new RsaSigner(org.hospay.channels.demo.DemoKeys.wechatPlatform().privateKey()).sign(charge);
            String raw = new AggregatedCodeIssuer(org.hospay.code.DemoKeys.CURRENT, platform.getPrivate(), Clock.systemUTC())
                    .issue("370200", "EV0123456789ABCDEF", PayChannel.WECHAT, "134567890123456789", Duration.ofHours(1));
            var code = (ScannedCode.SignedCode) new ScannedCodeParser(Pattern.compile("^H\\d{10}$"), Clock.systemUTC()).parse(raw);
            var codes = new AggregatedCodeVerifier(org.hospay.code.DemoKeys.platformPublicKeys(), Clock.systemUTC());
            return new Crypto(
                    time(each, () -> Envelope.sign(envelope.deepCopy(), hospitalKey).has(Envelope.CAINFO)),
                    time(each, () -> Envelope.verify(signedAnswer, platform.getPublic())),
                    time(each, () -> merchant.sign(charge).length == 256),
                    time(each, () -> verifier.verify(charge, signature)),
                    time(each, () -> codes.verify(code) != null));
        }

        private static double time(Duration d, BooleanSupplier op) {
            for (int round = 0; ; round++) { // the first round warms up
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long end = System.nanoTime() + d.toNanos();
                long n = 0;
                do {
                    if (!op.getAsBoolean()) throw new IllegalStateException("a crypto operation failed");
                    n++;
                } while (System.nanoTime() < end);
                if (round == 1) return (THREADS.getCurrentThreadCpuTime() - cpu0) / 1000.0 / n;
            }
        }
    }

    /** The first line of a /proc file (that starts with {@code prefix}), its value after a colon if it has one; "?" if unreadable. */
    private static String firstLine(String procFile, String prefix) {
        try {
            for (String line : Files.readAllLines(Path.of(procFile)))
                if (line.startsWith(prefix)) return line.contains(":") && !prefix.isEmpty() ? line.substring(line.indexOf(':') + 1).strip() : line.strip();
        } catch (IOException e) {
            // not Linux: the report says so
        }
        return "?";
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static byte[] json(int size, String kind) {
        StringBuilder b = new StringBuilder("{\"kind\":\"").append(kind).append("\",\"fill\":\"");
        while (b.length() < size - 2) b.append('x');
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
