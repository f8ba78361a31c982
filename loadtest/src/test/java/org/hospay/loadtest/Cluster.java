package org.hospay.loadtest;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cluster of docs/operations.md §6 as {@code infra/cluster.sh} runs it (N gateways in DEMO mode behind HAProxy on
 * loopback, one channel simulator, shared PostgreSQL and Redis), driven from the simulation: up, SIGKILL one gateway,
 * start it again, down. The cluster gets this run's own database and Redis prefix (dropped and deleted at the end;
 * {@code infra/loadtest.sh cluster} chooses them, so it can clean up after a JVM that died), and the simulator the
 * same fixed latencies and code validity {@link Stack} gives its own. Every cluster.sh command's output is appended
 * to {@code cluster.log} in the run's directory; the processes' own logs are in {@code .cluster/}.
 */
final class Cluster implements AutoCloseable {

    static final int LB_PORT = port("HOSPAY_CLUSTER_PORT", 8090);
    static final int SIM_PORT = port("HOSPAY_CLUSTER_SIM_PORT", 9190);

    final Path root;
    final Path log;
    final int instances;
    final String database;
    final String redisPrefix;
    final String javaOpts;
    private final Map<String, String> env = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean started;

    Cluster(Path runDir, int instances, long latencyMs) {
        this.root = Path.of(System.getProperty("hospay.root", "..")).toAbsolutePath().normalize();
        this.log = runDir.resolve("cluster.log");
        this.instances = instances;
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.database = envOr("HOSPAY_CLUSTER_DB", "hospay_lt_cluster_" + run);
        this.redisPrefix = envOr("HOSPAY_CLUSTER_REDIS_PREFIX", "lt-cluster-" + run);
        this.javaOpts = Settings.string("cluster.java.opts", envOr("JAVA_OPTS", "-Xms192m -Xmx384m"));
        List<String> sim = new ArrayList<>();
        for (String channel : List.of("INSURANCE", "WECHAT", "ALIPAY", "UNIONPAY", "BANK", "COMMERCIAL")) {
            sim.add("--sim.faults." + channel + ".latency-ms=" + latencyMs);
            sim.add("--sim.faults." + channel + ".distribution=FIXED");
        }
        // Codes are minted before the run, so they must outlive it (as Stack's simulator).
        sim.add("--sim.wallets.code-validity=6h");
        sim.add("--sim.insurance.token-validity=6h");
        env.put("HOSPAY_CLUSTER_DB", database);
        env.put("HOSPAY_CLUSTER_REDIS_PREFIX", redisPrefix);
        env.put("HOSPAY_CLUSTER_SIM_ARGS", String.join(" ", sim));
        env.put("HOSPAY_CLUSTER_PORT", Integer.toString(LB_PORT));
        env.put("HOSPAY_CLUSTER_SIM_PORT", Integer.toString(SIM_PORT));
        env.put("JAVA_OPTS", javaOpts);
    }

    static String url() {
        return "http://127.0.0.1:" + LB_PORT;
    }

    String simulatorUrl() {
        return "http://127.0.0.1:" + SIM_PORT;
    }

    String jdbcUrl() {
        return Stack.jdbcUrl(database);
    }

    /** Starts the simulator, the gateways one after the other and HAProxy, and returns once HAProxy routes. */
    void up() {
        started = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "cluster-down"));
        run(Duration.ofMinutes(10), "up", Integer.toString(instances));
    }

    /** SIGKILL: a power cut of gateway {@code i}; its in-flight requests get no answer. */
    void kill(int i) {
        run(Duration.ofSeconds(30), "kill", Integer.toString(i));
    }

    /** Starts gateway {@code i} again on its ports; returns once it answers its health check (HAProxy's own checks follow). */
    void start(int i) {
        run(Duration.ofMinutes(3), "start", Integer.toString(i));
    }

    /** The process id of gateway {@code i}, as cluster.sh recorded it. */
    String pid(int i) {
        try {
            return Files.readString(root.resolve(".cluster/gateway-" + i + ".pid")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The first line of {@code haproxy -v}. */
    static String haproxyVersion() {
        for (String bin : List.of("haproxy", "/usr/sbin/haproxy")) {
            try {
                Process p = new ProcessBuilder(bin, "-v").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("").strip();
                p.waitFor(10, TimeUnit.SECONDS);
                if (!out.isEmpty()) return out;
            } catch (IOException | InterruptedException e) {
                // try the next
            }
        }
        return "HAProxy (version unknown)";
    }

    private void run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("infra/cluster.sh").toString()));
        command.addAll(List.of(args));
        String what = "infra/cluster.sh " + String.join(" ", args);
        try {
            Files.createDirectories(log.getParent());
            long from = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process p = builder.start();
            boolean ended = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            byte[] all = Files.readAllBytes(log);
            String out = new String(all, (int) from, all.length - (int) from, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!out.isEmpty()) System.out.println(out.lines().map(l -> "loadtest: " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
            if (!ended) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not end within " + timeout.toSeconds() + " s (" + log + ")");
            }
            if (p.exitValue() != 0) throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "):\n" + Stack.tail(log));
        } catch (IOException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    /** Stops everything cluster.sh started, drops the database and deletes the Redis keys; once, whatever happened. */
    @Override
    public void close() {
        if (!started || !closed.compareAndSet(false, true)) return;
        try {
            run(Duration.ofMinutes(2), "down");
        } catch (RuntimeException e) {
            System.err.println("loadtest: " + e.getMessage());
        }
        Stack.dropDatabase(database);
        Stack.deleteRedisKeys(redisPrefix);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static int port(String name, int fallback) {
        return Integer.parseInt(envOr(name, Integer.toString(fallback)));
    }
}
