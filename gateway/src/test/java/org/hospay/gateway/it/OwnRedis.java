package org.hospay.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A redis-server of a test's own, on a free port, without persistence (a restart comes back empty, the harshest
 * case for single-use keys): for tests that kill Redis with SIGKILL and start it again. Needs {@code redis-server}
 * on the PATH (Debian's redis-server package, which infra/services.sh installs).
 */
public final class OwnRedis implements AutoCloseable {

    public final int port;
    private Process process;

    private OwnRedis(int port) {
        this.port = port;
    }

    public static OwnRedis start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OwnRedis r = new OwnRedis(port);
        r.restart();
        return r;
    }

    /** Starts the server (again) on its port and waits until it answers PING. */
    synchronized void restart() {
        if (process != null && process.isAlive()) throw new IllegalStateException("redis-server on " + port + " is running");
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"))
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "redis-" + port + ".log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "redis-" + port + "-stop"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (Debian package redis-server): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!answers()) {
            if (System.nanoTime() > deadline || !process.isAlive()) throw new IllegalStateException("redis-server on " + port + " did not answer");
            Payments.pause(50);
        }
    }

    /** SIGKILL: what a crashed or unplugged Redis does to its clients. */
    synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
