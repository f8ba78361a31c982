package org.hospay.gateway.it;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Another gateway instance over the same PostgreSQL database, Redis prefix and simulator as the
 * test's own: the executable jar {@code infra/run.sh} starts, as its own process on a free port,
 * so "two instances behave as one" is tested between two JVMs that share nothing but the services.
 * Its log goes to {@code target/gateway-<port>.log}.
 */
final class SecondGateway implements AutoCloseable {

    final int port;
    final String url;
    private final Process process;

    private SecondGateway(int port, Process process) {
        this.port = port;
        this.url = "http://127.0.0.1:" + port;
        this.process = process;
    }

    static SecondGateway start() {
        String jar = System.getProperty("hospay.gateway.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("gateway jar not found at " + jar + " (the package phase builds it before the ITs)");
        }
        int port = freePort();
        Path log = Path.of("target", "gateway-" + port + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            var env = builder.environment();
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("HOSPAY_R2DBC_URL", "r2dbc:postgresql://" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + TestServices.DATABASE);
            env.put("HOSPAY_JDBC_URL", TestServices.jdbcUrl(TestServices.DATABASE));
            env.put("HOSPAY_DB_USER", TestServices.PG_USER);
            env.put("HOSPAY_DB_PASSWORD", TestServices.PG_PASSWORD);
            env.put("HOSPAY_REDIS_HOST", TestServices.REDIS_HOST);
            env.put("HOSPAY_REDIS_PORT", Integer.toString(TestServices.REDIS_PORT));
            env.put("HOSPAY_REDIS_PREFIX", TestServices.REDIS_PREFIX);
            env.put("HOSPAY_SIM_URL", TestSimulator.URL);
            Process p = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "second-gateway-stop"));
            SecondGateway gateway = new SecondGateway(port, p);
            gateway.awaitUp(log);
            return gateway;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a second gateway: " + e.getMessage(), e);
        }
    }

    private void awaitUp(Path log) throws IOException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("second gateway exited: " + tail(log));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url + "/actuator/health").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Payments.pause(250);
        }
        throw new IllegalStateException("second gateway did not answer in 120 s: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
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
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
