package org.hospay.gateway.it;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway as its own JVM, started from the exec jar {@code infra/run.sh} runs: for tests that need
 * a second instance, must kill one with SIGKILL, or must watch one refuse to start. It uses this run's
 * PostgreSQL database (or the one given), Redis prefix and simulator, in demo mode like the run command.
 */
public final class GatewayProcess implements AutoCloseable {

    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;

    private GatewayProcess(int port, int managementPort, Process process, Path log) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts a gateway on a free port with {@code database} and the test overrides, and waits until it is UP. */
    public static GatewayProcess start(String database, Map<String, String> properties) {
        return startOn(freePort(), freePort(), database, properties);
    }

    /** The same on given ports: to start an instance again where a load balancer expects it. */
    public static GatewayProcess startOn(int port, int managementPort, String database, Map<String, String> properties) {
        Path log = Path.of("target", "gateway-" + port + ".log");
        List<String> cmd = command(port, managementPort, database, "it,demo", properties);
        try {
            // Appended: an instance started again on its port keeps its predecessor's log above its own.
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // Demo mode: the DEMO keys are not in the exec jar; its launcher adds them from LOADER_PATH, as infra/run.sh does.
            builder.environment().put("LOADER_PATH", demoKeysJar());
            Process p = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "gateway-" + port + "-stop"));
            GatewayProcess g = new GatewayProcess(port, managementPort, p, log);
            g.awaitUp();
            return g;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a gateway: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a gateway that must refuse to start: outside demo mode (profile {@code it} only, no
     * {@code HOSPAY_DEMO} inherited) with {@code properties}. Returns everything it printed once it
     * exited; fails if it is still running after 90 s or exited with status 0.
     */
    public static String refusedStart(String database, Map<String, String> properties) {
        int port = freePort();
        Path log = Path.of("target", "gateway-refused-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(port, freePort(), database, "it", properties))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> (name.startsWith("HOSPAY_") && !name.startsWith("HOSPAY_DB_"))
                || name.startsWith("SPRING_"));
        try {
            Process p = builder.start();
            try {
                if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("the gateway did not refuse to start within 90 s:\n" + Files.readString(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IllegalStateException(e);
            }
            String output = Files.readString(log);
            if (p.exitValue() == 0) throw new IllegalStateException("the gateway exited with status 0:\n" + output);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a gateway: " + e.getMessage(), e);
        }
    }

    static String demoKeysJar() {
        String jar = System.getProperty("hospay.demo-keys.jar");
        if (jar == null || !new File(jar).isFile()) throw new IllegalStateException("demo-keys jar not found at " + jar);
        return jar;
    }

    private static List<String> command(int port, int managementPort, String database, String profiles, Map<String, String> properties) {
        String jar = System.getProperty("hospay.gateway.jar");
        if (jar == null || !new File(jar).isFile()) throw new IllegalStateException("gateway jar not found at " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar,
                "--server.port=" + port,
                // The admin port too is free and this JVM's own, so instances (and infra/run.sh's :8081) never collide.
                "--management.server.port=" + managementPort,
                "--spring.profiles.active=" + profiles,
                "--spring.config.additional-location=optional:file:src/test/resources/",
                "--spring.r2dbc.url=r2dbc:postgresql://" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + database,
                "--spring.flyway.url=" + TestServices.jdbcUrl(database),
                "--spring.r2dbc.username=" + TestServices.PG_USER, "--spring.r2dbc.password=" + TestServices.PG_PASSWORD,
                "--spring.flyway.user=" + TestServices.PG_USER, "--spring.flyway.password=" + TestServices.PG_PASSWORD,
                "--spring.data.redis.host=" + TestServices.REDIS_HOST, "--spring.data.redis.port=" + TestServices.REDIS_PORT,
                "--hospay.redis.key-prefix=" + TestServices.REDIS_PREFIX,
                "--hospay.channels.simulator-url=" + TestSimulator.URL));
        // A property given twice on the command line would be read as both values joined: the caller's wins alone.
        cmd.removeIf(arg -> properties.keySet().stream().anyMatch(k -> arg.startsWith("--" + k + "=")));
        properties.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        return cmd;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The admin port: health details, metrics, OpenAPI (docs/api.md §2). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** SIGKILL: no shutdown hook, no graceful anything, exactly what a power cut does. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM, as Kubernetes and systemd stop a service, then waits for the process to exit.
     * @return how long it took to exit, or null if it was still running after {@code within} (then it is killed)
     */
    public java.time.Duration terminate(java.time.Duration within) {
        long sent = System.nanoTime();
        process.destroy();
        try {
            if (process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return java.time.Duration.ofNanos(System.nanoTime() - sent);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return null;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void awaitUp() throws IOException {
        // 180 s: a JVM started while three others and a load run on two shared cores can take over 90 s.
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("gateway exited: " + tail());
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/actuator/health").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Payments.pause(250);
        }
        throw new IllegalStateException("gateway did not come up in 180 s: " + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
