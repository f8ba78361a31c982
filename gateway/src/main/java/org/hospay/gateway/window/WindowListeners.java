package org.hospay.gateway.window;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This instance's one pub/sub connection, shared by every window stream it serves. The container's
 * constructor connects, blocking, so it is built at start-up or on a worker thread, never on an
 * event loop; a gateway that starts while Redis is down still starts (health says DOWN) and builds
 * it on the first stream. A container whose connection was closed under it is replaced, so one bad
 * connection costs the open streams a reconnect, not the instance its window events.
 */
@Component
class WindowListeners implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WindowListeners.class);

    private final ReactiveRedisConnectionFactory factory;
    private final AtomicReference<ReactiveRedisMessageListenerContainer> current = new AtomicReference<>();
    private volatile boolean running;

    WindowListeners(ReactiveRedisConnectionFactory factory) {
        this.factory = factory;
    }

    /** Subscribes to {@code topic}; completes once Redis confirmed the subscription, with the messages to come. */
    Mono<Flux<ReactiveSubscription.Message<String, String>>> receive(ChannelTopic topic) {
        return container().flatMap(c -> c.receiveLater(topic).onErrorResume(e -> {
            log.info("window pub/sub connection failed ({}); replacing it", e.toString());
            discard(c);
            return container().flatMap(fresh -> fresh.receiveLater(topic));
        }));
    }

    private Mono<ReactiveRedisMessageListenerContainer> container() {
        ReactiveRedisMessageListenerContainer c = current.get();
        return c != null ? Mono.just(c) : Mono.fromCallable(this::create).subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized ReactiveRedisMessageListenerContainer create() {
        ReactiveRedisMessageListenerContainer c = current.get();
        if (c == null) {
            c = new ReactiveRedisMessageListenerContainer(factory);
            current.set(c);
        }
        return c;
    }

    private void discard(ReactiveRedisMessageListenerContainer c) {
        if (current.compareAndSet(c, null)) {
            c.destroyLater().onErrorResume(e -> Mono.empty()).subscribe();
        }
    }

    @Override
    public void start() {
        running = true;
        try {
            create();
        } catch (RuntimeException e) {
            log.warn("window pub/sub not connected at start-up ({}); connecting on the first window stream", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        ReactiveRedisMessageListenerContainer c = current.getAndSet(null);
        if (c != null) c.destroy();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After RedisWarmUp (100) has opened the shared connection, before the web server takes traffic. */
    @Override
    public int getPhase() {
        return 110;
    }
}
