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
 * The channel simulator the integration tests talk to over HTTP: the same executable jar
 * {@code infra/run.sh} starts, launched once per test JVM as its own process on a free port and
 * stopped when the JVM exits. Its log goes to {@code target/simulator-<port>.log}.
 */
public final class TestSimulator {

    public static final int PORT = freePort();
    public static final String URL = "http://127.0.0.1:" + PORT;
    private static final Process PROCESS = start();

    private TestSimulator() {}

    private static Process start() {
        String jar = System.getProperty("hospay.simulator.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("simulator jar not found at " + jar + " (build channels/simulator first: ./mvnw package)");
        }
        Path log = Path.of("target", "simulator-" + PORT + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("SIM_PORT", Integer.toString(PORT));
            Process p = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "simulator-stop"));
            awaitUp(p, log);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the simulator: " + e.getMessage(), e);
        }
    }

    private static void awaitUp(Process p, Path log) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("simulator exited: " + tail(log));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(URL + "/sim/ledger").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the simulator", e);
            }
        }
        throw new IllegalStateException("simulator did not answer in 60 s: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
