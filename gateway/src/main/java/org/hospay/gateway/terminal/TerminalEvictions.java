package org.hospay.gateway.terminal;

import java.time.Duration;
import org.hospay.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Tells every instance that a terminal changed (added, rotated, disabled, enabled), so each forgets what it cached
 * about it, the negative "unknown id" entry too, instead of trusting it until {@code hospay.auth.terminal-cache-ttl}.
 * Redis pub/sub: a message is lost while an instance is not subscribed (Redis down, a restart), so the cache TTL
 * stays the bound; the subscription is re-made with back-off after any failure.
 */
@Component
class TerminalEvictions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TerminalEvictions.class);

    private final ReactiveRedisConnectionFactory factory;
    private final ReactiveStringRedisTemplate redis;
    private final TerminalRegistry registry;
    private final ChannelTopic topic;
    private volatile Disposable subscription;

    TerminalEvictions(ReactiveRedisConnectionFactory factory, ReactiveStringRedisTemplate redis, TerminalRegistry registry,
                      GatewayProperties properties) {
        this.factory = factory;
        this.redis = redis;
        this.registry = registry;
        this.topic = ChannelTopic.of(properties.redis().keyPrefix() + ":terminal:evict");
        registry.onChange(this::broadcast);
    }

    /** Completes once Redis took the message (or failed to: logged, the other instances then rely on the TTL). */
    Mono<Void> broadcast(String terminalId) {
        return redis.convertAndSend(topic.getTopic(), terminalId)
                .doOnError(e -> log.warn("terminal {} changed but other instances not told ({}); they notice within the cache TTL",
                        terminalId, e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    @Override
    public void start() {
        // The container's constructor connects, blocking: built on a worker thread, never an event loop.
        subscription = Mono.fromCallable(() -> new ReactiveRedisMessageListenerContainer(factory))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(c -> c.receive(topic).doFinally(s -> c.destroyLater().onErrorResume(e -> Mono.empty()).subscribe()))
                .map(ReactiveSubscription.Message::getMessage)
                .doOnNext(registry::evict)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(r -> log.info("terminal eviction subscription lost ({}); re-subscribing", r.failure().toString())))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable s = subscription;
        subscription = null;
        if (s != null) s.dispose();
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    /** After RedisWarmUp (100), with the window listeners, before the web server takes traffic. */
    @Override
    public int getPhase() {
        return 110;
    }
}
