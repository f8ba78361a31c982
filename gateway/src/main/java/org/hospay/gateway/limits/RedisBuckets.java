package org.hospay.gateway.limits;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Bucket4j's token buckets in Redis over Lettuce's asynchronous API (compare-and-swap by a Lua script), so
 * no event loop ever waits. The connection is opened on first use, asynchronously, on the client and the
 * server Spring Data Redis uses, at start-up (before the web server takes traffic, without waiting for it);
 * a failed attempt is retried by the next request (meanwhile the limits fail open, {@link RateLimits}). A
 * bucket's key expires once it would be full again, so idle subjects leave nothing behind. With Sentinel the
 * connection goes to the current master, as Spring Data Redis's does.
 */
@Component
class RedisBuckets implements Buckets, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    private final LettuceConnectionFactory factory;
    private final ConcurrentHashMap<RateLimitProperties.Limit, BucketConfiguration> configurations = new ConcurrentHashMap<>();
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile Mono<AsyncProxyManager<String>> manager;

    RedisBuckets(LettuceConnectionFactory factory) {
        this.factory = factory;
        this.manager = connecting();
    }

    /** Connects once and keeps the connection; a failed attempt is forgotten, so the next use tries again. */
    private Mono<AsyncProxyManager<String>> connecting() {
        return Mono.defer(this::connect).cache(ok -> Duration.ofMillis(Long.MAX_VALUE), failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    @Override
    public Mono<Probe> tryConsume(String key, RateLimitProperties.Limit limit) {
        BucketConfiguration configuration = configurations.computeIfAbsent(limit, RedisBuckets::configuration);
        return manager.flatMap(m -> Mono.fromFuture(() -> m.builder().build(key, configuration).tryConsumeAndReturnRemaining(1)))
                .map(p -> new Probe(p.isConsumed(), Duration.ofNanos(p.getNanosToWaitForRefill())));
    }

    static BucketConfiguration configuration(RateLimitProperties.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build();
    }

    private Mono<AsyncProxyManager<String>> connect() {
        if (!(factory.getNativeClient() instanceof RedisClient client)) {
            return Mono.error(new IllegalStateException("rate limits support a standalone Redis or Sentinel, not a cluster"));
        }
        RedisURI uri = uri(factory.getSentinelConfiguration(), factory.getStandaloneConfiguration());
        return Mono.fromFuture(() -> client.connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri).toCompletableFuture())
                .map(conn -> {
                    connection = conn;
                    return Bucket4jLettuce.casBasedBuilder(conn)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
                            .build()
                            .asAsync();
                });
    }

    /**
     * Where Spring Data Redis connects: through the sentinels to the master they name when Sentinel is configured
     * (Lettuce asks them again on every reconnect, so a failover is followed), else the one server.
     */
    static RedisURI uri(RedisSentinelConfiguration sentinel, RedisStandaloneConfiguration standalone) {
        RedisURI.Builder uri;
        RedisConfiguration.WithAuthentication auth;
        int database;
        if (sentinel != null) {
            uri = RedisURI.builder().withSentinelMasterId(sentinel.getMaster().getName());
            char[] sentinelPassword = sentinel.getSentinelPassword().toOptional().orElse(null);
            for (RedisNode node : sentinel.getSentinels()) {
                if (sentinelPassword != null) uri.withSentinel(node.getHost(), node.getPort(), String.valueOf(sentinelPassword));
                else uri.withSentinel(node.getHost(), node.getPort());
            }
            auth = sentinel;
            database = sentinel.getDatabase();
        } else {
            uri = RedisURI.builder().withHost(standalone.getHostName()).withPort(standalone.getPort());
            auth = standalone;
            database = standalone.getDatabase();
        }
        uri.withDatabase(database);
        auth.getPassword().toOptional().ifPresent(p -> {
            if (auth.getUsername() != null) uri.withAuthentication(auth.getUsername(), p);
            else uri.withPassword(p);
        });
        return uri.build();
    }

    private volatile boolean running;

    /** Also after a stop: a stopped context (or a paused test context) is started again with a new connection. */
    @Override
    public void start() {
        running = true;
        manager.subscribe(m -> {}, e -> log.warn("rate limits: Redis not reachable at start-up ({}); limits fail open until it is", e.toString()));
    }

    @Override
    public void stop() {
        running = false;
        manager = connecting();
        StatefulRedisConnection<String, byte[]> c = connection;
        connection = null;
        if (c != null) c.closeAsync();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the connection factory (phase 0), before the web server. */
    @Override
    public int getPhase() {
        return 100;
    }
}
