package org.hospay.gateway.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A master, one replica and one Sentinel of a test's own (redis-server processes on free ports, no persistence):
 * for tests that SIGKILL the master and let the Sentinel promote the replica. The Sentinel needs quorum 1 and
 * declares the master down after one second, so a failover is over within a few seconds. Needs
 * {@code redis-server} on the PATH (Debian's redis-server package; {@code --sentinel} makes it a Sentinel, as
 * Debian's redis-sentinel package does).
 */
final class OwnSentinelRedis implements AutoCloseable {

    static final String MASTER_NAME = "hospay-it";

    final int masterPort = freePort();
    final int replicaPort = freePort();
    final int sentinelPort = freePort();
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private Process master;
    private final RedisClient client = RedisClient.create();

    private OwnSentinelRedis() throws IOException {
        dir = Files.createTempDirectory("hospay-sentinel-");
    }

    static boolean installed() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "redis-server"))) return true;
        }
        return false;
    }

    /** Starts master, replica (in sync) and Sentinel (knowing the replica); returns once all three are ready. */
    static OwnSentinelRedis start() throws IOException {
        OwnSentinelRedis r = new OwnSentinelRedis();
        r.master = r.server("master", List.of("--port", Integer.toString(r.masterPort)));
        r.server("replica", List.of("--port", Integer.toString(r.replicaPort), "--replicaof", "127.0.0.1", Integer.toString(r.masterPort)));
        await("replica in sync with the master", Duration.ofSeconds(15), () -> r.info(r.replicaPort, "replication").contains("master_link_status:up"));
        Path conf = r.dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + r.sentinelPort,
                "bind 127.0.0.1",
                "daemonize no",
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + r.masterPort + " 1",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 5000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""));
        r.start("sentinel", List.of("redis-server", conf.toString(), "--sentinel"));
        await("the sentinel knows the replica", Duration.ofSeconds(20), () -> r.sentinelKnowsReplica());
        return r;
    }

    String sentinelNodes() {
        return "127.0.0.1:" + sentinelPort;
    }

    /** SIGKILL of the master: what a crashed or unplugged Redis host does; the Sentinel is left to notice. */
    void killMaster() throws InterruptedException {
        master.destroyForcibly();
        master.waitFor();
    }

    /** The port of the master the Sentinel names now, or -1 when it cannot be asked. */
    int currentMasterPort() {
        try (StatefulRedisSentinelConnection<String, String> s = client.connectSentinel(RedisURI.create("127.0.0.1", sentinelPort))) {
            return ((InetSocketAddress) s.sync().getMasterAddrByName(MASTER_NAME)).getPort();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    String info(int port, String section) {
        try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create("127.0.0.1", port))) {
            return c.sync().info(section);
        } catch (RuntimeException e) {
            return "";
        }
    }

    boolean exists(int port, String key) {
        try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create("127.0.0.1", port))) {
            return c.sync().exists(key) == 1;
        }
    }

    private boolean sentinelKnowsReplica() {
        try (StatefulRedisSentinelConnection<String, String> s = client.connectSentinel(RedisURI.create("127.0.0.1", sentinelPort))) {
            return s.sync().replicas(MASTER_NAME).stream()
                    .anyMatch(m -> String.valueOf(replicaPort).equals(m.get("port")) && !m.getOrDefault("flags", "").contains("down"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Process server(String name, List<String> args) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        command.addAll(args);
        Process p = start(name, command);
        int port = Integer.parseInt(args.get(1));
        await("redis-server " + name + " answers", Duration.ofSeconds(10), () -> info(port, "server").contains("redis_version"));
        return p;
    }

    private Process start(String name, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "redis-" + name + "-" + sentinelPort + ".log").toFile()).start();
            processes.add(p);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "redis-" + name + "-stop"));
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (Debian package redis-server): " + e.getMessage(), e);
        }
    }

    static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + within);
            Payments.pause(100);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        client.shutdown();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
