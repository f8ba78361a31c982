package org.hospay.simulator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The simulator's own capacity per channel call (BENCHMARKS.md). For each endpoint starts the simulator jar
 * as its own JVM, once signing its answers and once not ({@code sim.signing.sign-answers}), and sends
 * correctly signed requests at a fixed concurrency for a fixed window after a warm-up, reading the
 * simulator process's CPU time from {@code /proc/<pid>/stat} before and after the window. Requests are
 * signed (and their payment codes minted) before the window, so the simulator's CPU in it is the calls'
 * alone and the driver, on the same cores, takes as little as it can.
 *
 * <pre>./mvnw -B -o -pl channels/contract-tests -am -DskipTests -Psimbench verify</pre>
 *
 * Arguments: the simulator's exec jar, the Markdown file to write, then options ({@code -Dsimbench.args=...})
 * {@code concurrency=32 jvm-warmup=30 warmup=10 window=20 endpoints=1101,2206,codepay,alipay,micropay modes=signed,unsigned}
 * (seconds; the defaults shown).
 */
public final class SimBench {

    /** USER_HZ, the unit of utime and stime in /proc/[pid]/stat ({@code getconf CLK_TCK}). */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    /** Distinct requests of a repeatable endpoint, sent round and round. */
    private static final int POOL = 256;
    /** Single-use requests (a fresh payment code each) prepared at a time during the warm-up. */
    private static final int BATCH = 2_000;
    private static final int MAX_PREPARED = 200_000;
    private static final List<String> OPTIONS = List.of("concurrency", "jvm-warmup", "warmup", "window", "endpoints", "modes");
    private static final List<String> CHANNELS = List.of("INSURANCE", "WECHAT", "ALIPAY", "UNIONPAY", "BANK", "COMMERCIAL");

    /**
     * One endpoint under test.
     *
     * @param singleUse whether each request can be sent once only (a payment code pays once)
     * @param success   what a successful answer's body contains; answers are not verified, only read
     * @param setUp     makes the test data and returns a maker of fresh signed requests
     */
    record Endpoint(String key, String name, boolean singleUse, String success, Function<SignedRequests, Supplier<HttpRequest>> setUp) {}

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("1101", "insurance 1101 person info", false, "\"infcode\":0", r -> {
                SignedRequests.Person p = r.person();
                return () -> r.personInfo(p);
            }),
            new Endpoint("2206", "insurance 2206 pre-settlement", false, "\"infcode\":0", r -> {
                SignedRequests.Visit v = r.visit(r.person());
                return () -> r.preSettle(v);
            }),
            new Endpoint("codepay", "WeChat v3 codepay charge", true, "\"trade_state\":\"SUCCESS\"", r -> {
                String wallet = r.wallet("WECHAT");
                return () -> r.wechatCodepay(r.code(wallet));
            }),
            new Endpoint("alipay", "Alipay alipay.trade.pay charge", true, "\"code\":\"10000\"", r -> {
                String wallet = r.wallet("ALIPAY");
                return () -> r.alipayPay(r.code(wallet));
            }),
            new Endpoint("micropay", "UnionPay micropay charge", true, "\"respCode\":\"00\"", r -> {
                String wallet = r.wallet("UNIONPAY");
                return () -> r.unionpayMicropay(r.code(wallet));
            }));

    /** @param othersCpuMs the machine's CPU time in the window that was neither the simulator's nor the driver's */
    record Measured(Endpoint endpoint, boolean signed, long answers, long failed, double seconds, double simCpuMs,
                    double driverCpuMs, double othersCpuMs, String loadBefore, String loadAfter) {
        double perSecond() {
            return answers / seconds;
        }

        double simMsPerCall() {
            return simCpuMs / answers;
        }

        double capacity(int cores) {
            return cores * 1000 / simMsPerCall();
        }
    }

    private record Window(long ok, long failed, long nanos, String firstFailure) {}

    private final int concurrency;
    private final Duration jvmWarmup;
    private final Duration warmup;
    private final Duration window;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    SimBench(int concurrency, Duration jvmWarmup, Duration warmup, Duration window) {
        this.concurrency = concurrency;
        this.jvmWarmup = jvmWarmup;
        this.warmup = warmup;
        this.window = window;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: SimBench <simulator exec jar> <output.md> [key=value ...]");
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException(jar + " not found: package the simulator first");
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : Arrays.copyOfRange(args, 2, args.length)) {
            int eq = a.indexOf('=');
            if (eq < 1 || !OPTIONS.contains(a.substring(0, eq))) throw new IllegalArgumentException("expected one of " + OPTIONS + " as key=value, got " + a);
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        SimBench bench = new SimBench(Integer.parseInt(options.getOrDefault("concurrency", "32")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("jvm-warmup", "30"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("window", "20"))));
        List<String> keys = List.of(options.getOrDefault("endpoints", "1101,2206,codepay,alipay,micropay").split(","));
        List<Endpoint> endpoints = ENDPOINTS.stream().filter(e -> keys.contains(e.key())).toList();
        if (endpoints.size() != keys.size()) throw new IllegalArgumentException("endpoints are " + ENDPOINTS.stream().map(Endpoint::key).toList());
        List<String> modes = List.of(options.getOrDefault("modes", "signed,unsigned").split(","));

        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String loadAtStart = loadAverage();
        List<Measured> results = new ArrayList<>();
        // A fresh simulator per endpoint and mode: the simulator keeps every order, so one endpoint's orders would
        // burden the next one's heap. Signed and unsigned side by side, so their ratio sees the same machine.
        for (Endpoint e : endpoints) {
            for (String mode : modes) {
                boolean signed = switch (mode) {
                    case "signed" -> true;
                    case "unsigned" -> false;
                    default -> throw new IllegalArgumentException("modes are signed and unsigned, not " + mode);
                };
                try (Simulator sim = Simulator.start(jar, signed, out.resolveSibling("simbench-" + e.key() + "-" + mode + ".log"))) {
                    bench.warmUpJvm(sim);
                    Measured m = bench.measure(sim, e, signed);
                    System.err.printf(Locale.ROOT, "simbench: %s %s: %,.0f req/s, %.3f simulator CPU-ms per request%n",
                            e.name(), mode, m.perSecond(), m.simMsPerCall());
                    results.add(m);
                }
            }
        }
        String report = bench.report(results, started, loadAtStart, loadAverage(), String.join(" ", Arrays.copyOfRange(args, 2, args.length)));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    Measured measure(Simulator sim, Endpoint e, boolean signed) throws InterruptedException {
        System.err.printf("simbench: %s, answers %s: test data, warm-up %d s%n", e.name(), signed ? "signed" : "unsigned", warmup.toSeconds());
        Supplier<HttpRequest> next = e.setUp().apply(new SignedRequests(sim.base(), http));
        HttpRequest[] pool = e.singleUse() ? null : prepare(next, POOL);
        double rate = warmUp(e, next, pool, warmup);
        // a quarter more than the warm-up's rate needs; should the window outrun them, it ends early (its seconds say so)
        HttpRequest[] requests = e.singleUse()
                ? prepare(next, (int) Math.min(MAX_PREPARED, Math.max(BATCH, 1.25 * rate * window.toSeconds()))) : pool;
        String loadBefore = loadAverage();
        double machine0 = machineCpuMs();
        double sim0 = sim.cpuMs();
        double driver0 = driverCpuMs();
        Window w = send(requests, !e.singleUse(), System.nanoTime() + window.toNanos(), e.success());
        double simCpu = sim.cpuMs() - sim0;
        double driverCpu = driverCpuMs() - driver0;
        double othersCpu = Math.max(0, machineCpuMs() - machine0 - simCpu - driverCpu);
        if (w.failed() > 0) System.err.println("simbench: " + e.name() + ": " + w.failed() + " failed, e.g. " + w.firstFailure());
        return new Measured(e, signed, w.ok(), w.failed(), w.nanos() / 1e9, simCpu, driverCpu, othersCpu, loadBefore, loadAverage());
    }

    /**
     * A fresh simulator JVM's first seconds: 1101 calls, not measured, so that the first endpoint measured meets an
     * HTTP, JSON and SM2 stack as compiled as the later ones do.
     */
    void warmUpJvm(Simulator sim) throws InterruptedException {
        System.err.printf("simbench: the simulator JVM's warm-up, %d s%n", jvmWarmup.toSeconds());
        Endpoint e = ENDPOINTS.getFirst();
        Supplier<HttpRequest> next = e.setUp().apply(new SignedRequests(sim.base(), http));
        warmUp(e, next, prepare(next, POOL), jvmWarmup);
    }

    /** Sends for {@code time}, not counting the time single-use requests take to prepare; returns the rate reached. */
    private double warmUp(Endpoint e, Supplier<HttpRequest> next, HttpRequest[] pool, Duration time) throws InterruptedException {
        long left = time.toNanos();
        long ok = 0;
        while (left > 0) {
            HttpRequest[] requests = e.singleUse() ? prepare(next, BATCH) : pool;
            Window w = send(requests, !e.singleUse(), System.nanoTime() + left, e.success());
            if (w.failed() > 0) throw new IllegalStateException(e.name() + ": " + w.failed() + " failed in the warm-up, e.g. " + w.firstFailure());
            left -= w.nanos();
            ok += w.ok();
        }
        return ok / Math.max(1e-9, time.toNanos() / 1e9);
    }

    /** Fresh requests made on every worker at once (minting codes is a call to the simulator, signing is CPU). */
    private HttpRequest[] prepare(Supplier<HttpRequest> next, int n) throws InterruptedException {
        HttpRequest[] out = new HttpRequest[n];
        AtomicInteger at = new AtomicInteger();
        onEveryWorker(() -> {
            for (int i = at.getAndIncrement(); i < n; i = at.getAndIncrement()) out[i] = next.get();
            return null;
        });
        return out;
    }

    /** Sends until the deadline, or until the requests are used up when they are not to be sent again, {@code concurrency} in flight. */
    private Window send(HttpRequest[] requests, boolean again, long deadline, String success) throws InterruptedException {
        AtomicInteger at = new AtomicInteger();
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        onEveryWorker(() -> {
            while (System.nanoTime() < deadline) {
                int i = at.getAndIncrement();
                if (i >= requests.length && !again) break;
                try {
                    HttpResponse<String> r = http.send(requests[i % requests.length], HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains(success)) {
                        ok.increment();
                    } else {
                        failed.increment();
                        firstFailure.compareAndSet(null, r.statusCode() + " " + r.body());
                    }
                } catch (IOException ex) {
                    failed.increment();
                    firstFailure.compareAndSet(null, ex.toString());
                }
            }
            return null;
        });
        return new Window(ok.sum(), failed.sum(), System.nanoTime() - start, firstFailure.get());
    }

    private void onEveryWorker(Callable<Void> work) throws InterruptedException {
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Void> f : workers.invokeAll(Collections.nCopies(concurrency, work))) f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    // ------------------------------------------------------------------ report

    String report(List<Measured> results, String started, String loadAtStart, String loadAtEnd, String options) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder b = new StringBuilder();
        b.append("# Channel simulator: measured capacity per channel call\n\n");
        b.append("| run | |\n|---|---|\n");
        b.append("| started | ").append(started).append(" |\n");
        b.append("| machine | ").append(cpuModel()).append(", ").append(cores).append(" cores (nproc), ").append(memoryGiB())
                .append(" GiB, Linux ").append(System.getProperty("os.version")).append(" |\n");
        b.append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ').append(System.getProperty("java.runtime.version")).append(" |\n");
        b.append("| simulator | own JVM, -Xms512m -Xmx512m G1, latency FIXED 0 ms on every channel; `sim.signing.sign-answers` true (signed) or false (unsigned) |\n");
        b.append(String.format(Locale.ROOT, "| driver | this JVM on the same cores: %d requests in flight (HTTP/1.1 keep-alive); a fresh simulator "
                        + "per endpoint and mode, %d s of 1101 first, then the endpoint's warm-up %d s and window %d s; "
                        + "requests signed and codes minted before the window; answers read, not verified |\n",
                concurrency, jvmWarmup.toSeconds(), warmup.toSeconds(), window.toSeconds()));
        b.append("| options | ").append(options.isBlank() ? "(defaults)" : "`" + options + "`").append(" |\n");
        b.append("| load average (1, 5, 15 min) | start ").append(loadAtStart).append(", end ").append(loadAtEnd).append(" |\n\n");

        b.append(String.format(Locale.ROOT, "| endpoint | answers | requests | failed | window s | req/s | simulator CPU-ms per request "
                + "| simulator cores busy | capacity on %d cores, req/s | driver CPU-ms per request | other processes, cores busy "
                + "| load 1 min before → after |\n", cores));
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Measured m : results) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %.1f | %,.0f | %.3f | %.2f | %,.0f | %.3f | %.2f | %s → %s |\n",
                    m.endpoint().name(), m.signed() ? "signed" : "unsigned", m.answers(), m.failed(), m.seconds(), m.perSecond(),
                    m.simMsPerCall(), m.simCpuMs() / 1000 / m.seconds(), m.capacity(cores), m.driverCpuMs() / m.answers(),
                    m.othersCpuMs() / 1000 / m.seconds(), m.loadBefore().split(" ")[0], m.loadAfter().split(" ")[0]));
        }
        if (results.stream().map(Measured::signed).distinct().count() < 2) return b.toString();
        b.append('\n');

        b.append(String.format(Locale.ROOT, "| endpoint | CPU-ms per request, signed | unsigned | answer signing per request, ms "
                + "| capacity on %d cores, signed | unsigned | signed / unsigned |\n", cores));
        b.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Endpoint e : ENDPOINTS) {
            Measured s = find(results, e, true);
            Measured u = find(results, e, false);
            if (s == null || u == null) continue;
            b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %,.0f | %,.0f | %.2f |\n", e.name(), s.simMsPerCall(),
                    u.simMsPerCall(), s.simMsPerCall() - u.simMsPerCall(), s.capacity(cores), u.capacity(cores),
                    s.capacity(cores) / u.capacity(cores)));
        }
        return b.toString();
    }

    private static Measured find(List<Measured> results, Endpoint e, boolean signed) {
        return results.stream().filter(m -> m.endpoint() == e && m.signed() == signed).findFirst().orElse(null);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memoryGiB() {
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            long kb = lines.filter(l -> l.startsWith("MemTotal:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
            return String.format(Locale.ROOT, "%.1f", kb / 1024.0 / 1024.0);
        } catch (IOException e) {
            return "?";
        }
    }

    /** All CPUs' busy time so far ({@code /proc/stat}: user, nice, system, irq, softirq, steal). */
    private static double machineCpuMs() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.findFirst().orElseThrow().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
            return busy * 1000.0 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat: " + e.getMessage(), e);
        }
    }

    private static double driverCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    }

    // ------------------------------------------------------------------ the simulator under test

    /** The simulator jar in its own JVM, as the load test starts it, on a free port. */
    static final class Simulator implements AutoCloseable {

        private final Process process;
        private final URI base;

        private Simulator(Process process, URI base) {
            this.process = process;
            this.base = base;
        }

        static Simulator start(Path jar, boolean signAnswers, Path log) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString(),
                    "--sim.signing.sign-answers=" + signAnswers, "--sim.wallets.code-validity=6h"));
            for (String channel : CHANNELS) {
                command.add("--sim.faults." + channel + ".latency-ms=0");
                command.add("--sim.faults." + channel + ".distribution=FIXED");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SIM_PORT", Integer.toString(port));
            Simulator sim = new Simulator(builder.start(), URI.create("http://127.0.0.1:" + port));
            Runtime.getRuntime().addShutdownHook(new Thread(sim.process::destroyForcibly));
            sim.awaitUp(log);
            return sim;
        }

        URI base() {
            return base;
        }

        /** The process's user + system CPU time so far, 10 ms resolution. */
        double cpuMs() {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                // fields after "pid (comm) ": state is field 3, utime 14, stime 15
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / CLOCK_TICKS_PER_SECOND;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the simulator's CPU time: " + e.getMessage(), e);
            }
        }

        private void awaitUp(Path log) throws InterruptedException {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest probe = HttpRequest.newBuilder(base.resolve("/sim/ledger?channel=BANK")).timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new IllegalStateException("the simulator exited; see " + log);
                try {
                    if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(250);
            }
            close();
            throw new IllegalStateException("the simulator did not answer within 90 s; see " + log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
