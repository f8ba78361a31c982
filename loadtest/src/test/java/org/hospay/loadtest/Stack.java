package org.hospay.loadtest;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The system under test as separate processes, the way production runs it: the channel simulator
 * and the gateway (plus, for the sequential baseline, a second gateway in SEQUENTIAL mode), each its
 * own JVM with a fixed heap and JSON logs written to a file, on free ports, with this run's own
 * database ({@code hospay_lt_<random>}, dropped at the end) and Redis key prefix (deleted at the end).
 */
final class Stack implements AutoCloseable {

    /** One started JVM; {@code managementPort} is the gateway's admin port (metrics), 0 for the simulator. */
    record Service(String name, Process process, int port, int managementPort, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        long pid() {
            return process.pid();
        }
    }

    static final String PG_HOST = Settings.string("pg.host", "127.0.0.1");
    static final int PG_PORT = Settings.integer("pg.port", 5432);
    static final String PG_USER = env("HOSPAY_DB_USER", "postgres");
    static final String PG_PASSWORD = env("HOSPAY_DB_PASSWORD", "postgres");
    static final String REDIS_HOST = Settings.string("redis.host", "127.0.0.1");
    static final int REDIS_PORT = Settings.integer("redis.port", 6379);

    final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final Path dir;
    final Latency latency;
    final String gatewayHeap;
    /** Whether the measured gateway signs RSA with the native provider (HOSPAY_CRYPTO_NATIVE, on by default). */
    final boolean gatewayNativeCrypto;
    final String simulatorHeap;
    private final List<String> databases = new ArrayList<>();
    private final List<String> redisPrefixes = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    /** Ports are chosen up front, so Gatling's protocol can name the gateway before anything starts. */
    final int simulatorPort = freePort();
    final int gatewayPort = freePort();
    final int sequentialGatewayPort = freePort();
    Service simulator;
    Service gateway;
    Service sequentialGateway;

    /** The simulator's latency model for every channel: FIXED, so the critical-path floor is exact. */
    record Latency(long perCallMs) {}

    Stack(Path dir, Latency latency) {
        this.dir = dir;
        this.latency = latency;
        this.gatewayHeap = Settings.string("gateway.heap", "512m");
        this.gatewayNativeCrypto = !"false".equalsIgnoreCase(Settings.string("gateway.crypto.native", "true"));
        this.simulatorHeap = Settings.string("simulator.heap", "512m");
    }

    /** Starts the simulator and the gateway (and the SEQUENTIAL one when asked), waiting until each answers. */
    Stack start(boolean withSequentialGateway) {
        try {
            Files.createDirectories(dir);
            simulator = startSimulator();
            gateway = startGateway("gateway", "CONCURRENT");
            if (withSequentialGateway) sequentialGateway = startGateway("gateway-sequential", "SEQUENTIAL");
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot start the stack: " + e.getMessage(), e);
        }
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    String sequentialGatewayUrl() {
        return "http://127.0.0.1:" + sequentialGatewayPort;
    }

    String simulatorUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    private Service startSimulator() throws IOException {
        int port = simulatorPort;
        List<String> args = new ArrayList<>(jvm(jar("hospay.simulator.jar"), simulatorHeap));
        for (String channel : List.of("INSURANCE", "WECHAT", "ALIPAY", "UNIONPAY", "BANK", "COMMERCIAL")) {
            args.add("--sim.faults." + channel + ".latency-ms=" + latency.perCallMs());
            args.add("--sim.faults." + channel + ".distribution=FIXED");
        }
        // Codes are minted before the run, so they must outlive it.
        args.add("--sim.wallets.code-validity=6h");
        args.add("--sim.insurance.token-validity=6h");
        Service s = launch("simulator", port, 0, args, Map.of("SIM_PORT", Integer.toString(port)));
        awaitHttp(s, "/sim/ledger?channel=BANK", 90);
        return s;
    }

    private Service startGateway(String name, String mode) throws IOException {
        String database = "hospay_lt_" + run + (mode.equals("SEQUENTIAL") ? "_seq" : "");
        String prefix = "lt-" + run + (mode.equals("SEQUENTIAL") ? "-seq" : "");
        createDatabase(database);
        redisPrefixes.add(prefix);
        int port = mode.equals("SEQUENTIAL") ? sequentialGatewayPort : gatewayPort;
        // Metrics are on the management port (docs/api.md §2): a free one per gateway, so two never collide.
        int managementPort = freePort();
        List<String> args = new ArrayList<>(jvm(jar("hospay.gateway.jar"), gatewayHeap));
        // Extra JVM options of the measured gateway, e.g. a flight recording of the run (loadtest/README.md).
        if (mode.equals("CONCURRENT")) {
            String extra = Settings.string("gateway.jvm.args", "").trim();
            if (!extra.isEmpty()) args.addAll(1, List.of(extra.split("\\s+")));
        }
        args.add("--management.server.port=" + managementPort);
        args.add("--management.endpoints.web.exposure.include=health,prometheus");
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SERVER_PORT", Integer.toString(port),
                // Demo mode: the demo terminals the run signs as, and the DEMO keys the simulator matches.
                "HOSPAY_DEMO", "true",
                "HOSPAY_ENGINE_MODE", mode,
                "HOSPAY_SIM_URL", simulator.url(),
                "HOSPAY_R2DBC_URL", "r2dbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database,
                "HOSPAY_JDBC_URL", jdbcUrl(database),
                "HOSPAY_REDIS_HOST", REDIS_HOST,
                "HOSPAY_REDIS_PORT", Integer.toString(REDIS_PORT),
                "HOSPAY_REDIS_PREFIX", prefix,
                // Two instances on one simulator must not mint the same insurance msgid (MsgIdGenerator node digit).
                "HOSPAY_MSGID_NODE", mode.equals("SEQUENTIAL") ? "1" : "0"));
        env.put("HOSPAY_CRYPTO_NATIVE", Boolean.toString(gatewayNativeCrypto));
        // The DEMO keys are not in the exec jar: its launcher adds them from LOADER_PATH (infra/run.sh does the same).
        env.put("LOADER_PATH", jar("hospay.demo-keys.jar"));
        Service s = launch(name, port, managementPort, args, env);
        awaitHttp(s, "/actuator/health", 120);
        return s;
    }

    /**
     * Production-like JVM settings: fixed heap (Xms = Xmx, so the heap figure is not a resize
     * artefact), full tiered compilation, and Spring Boot's structured (JSON, ECS) console logs
     * redirected to a file. The gateway logs nothing per request at INFO, so logging stays off the hot path.
     */
    private static List<String> jvm(String jar, String heap) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-Djava.net.preferIPv4Stack=true",
                "-jar", jar, "--logging.structured.format.console=ecs", "--spring.main.banner-mode=off");
    }

    private Service launch(String name, int port, int managementPort, List<String> command, Map<String, String> env) throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        Service s = new Service(name, p, port, managementPort, log);
        services.add(s);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, name + "-stop"));
        return s;
    }

    private static void awaitHttp(Service s, String path, int seconds) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!s.process().isAlive()) throw new IllegalStateException(s.name() + " exited:\n" + tail(s.log()));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(s.url() + path).toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            pause(250);
        }
        throw new IllegalStateException(s.name() + " did not answer " + path + " within " + seconds + " s:\n" + tail(s.log()));
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private void createDatabase(String database) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("CREATE DATABASE " + database);
            databases.add(database);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create database " + database + " on " + PG_HOST + ":" + PG_PORT
                    + " (run infra/services.sh first): " + e.getMessage(), e);
        }
    }

    /** The database of the CONCURRENT gateway, where the PostgreSQL backends serving it are found. */
    String database() {
        return databases.getFirst();
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    @Override
    public void close() {
        for (Service s : services.reversed()) {
            s.process().destroy();
        }
        for (Service s : services) {
            try {
                if (!s.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) s.process().destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.process().destroyForcibly();
            }
        }
        services.clear();
        databases.forEach(Stack::dropDatabase);
        databases.clear();
        redisPrefixes.forEach(Stack::deleteRedisKeys);
        redisPrefixes.clear();
    }

    /** Drops a run's database, its connections with it; a failure is reported, not thrown (clean-up goes on). */
    static void dropDatabase(String database) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("loadtest: could not drop " + database + ": " + e.getMessage());
        }
    }

    /** Deletes a run's Redis keys ({@code prefix:*}); a failure is reported, not thrown. */
    static void deleteRedisKeys(String prefix) {
        try (Jedis redis = new Jedis(REDIS_HOST, REDIS_PORT)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
                if (!page.getResult().isEmpty()) redis.del(page.getResult().toArray(String[]::new));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (Exception e) {
            System.err.println("loadtest: could not delete Redis keys " + prefix + ":*: " + e.getMessage());
        }
    }

    private static String jar(String property) {
        String jar = System.getProperty(property);
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException(property + " not found at " + jar + " (build first: ./mvnw -B -DskipTests package)");
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
