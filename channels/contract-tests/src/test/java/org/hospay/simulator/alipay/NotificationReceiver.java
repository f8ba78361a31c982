package org.hospay.simulator.alipay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The hospital's {@code notify_url} in a test: keeps every raw form body it receives and answers {@code success}. */
public final class NotificationReceiver implements AutoCloseable {

    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private final DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
            .handle((req, res) -> req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                    .doOnNext(bodies::add)
                    .then(res.sendString(Mono.just("success")).then()))
            .bindNow();

    public String url() {
        return "http://127.0.0.1:" + server.port() + "/notify/alipay";
    }

    /** The next body received, waiting at most {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        String body = bodies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (body == null) throw new AssertionError("no notification within " + timeout);
        return body;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
