package org.hospay.gateway.limits;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
 * Token buckets in Redis, one Lua script per request ({@link #SCRIPT}) over Lettuce's asynchronous API, so no
 * event loop ever waits. Hand-written rather than Bucket4j's: its Redis backends are compare-and-swap only (a
 * {@code GET} of the state, then a scripted swap sent with its whole text: two round trips per request), whereas a
 * script that refills and takes on the server does it in one, sent by its SHA1 ({@code EVALSHA}; {@code EVAL},
 * which also caches it, when the server does not know it yet: {@code NOSCRIPT} after a restart, a failover or a
 * {@code SCRIPT FLUSH}). Time is the Redis server's ({@code TIME}), so every instance counts on one clock.
 *
 * <p>The connection is opened on first use, asynchronously, on the client and the server Spring Data Redis uses,
 * at start-up (before the web server takes traffic, without waiting for it); a failed attempt is retried by the
 * next request (meanwhile the limits fail open, {@link RateLimits}). A bucket's key expires once it would be
 * full again, so idle subjects leave nothing behind. With Sentinel the connection goes to the current master, as
 * Spring Data Redis's does.
 */
@Component
class RedisBuckets implements Buckets, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    /**
     * A greedy token bucket: {@code capacity} tokens, refilled continuously at {@code capacity} per {@code period},
     * starting full, one token per call. ARGV: capacity, period (in units), microseconds per unit. In integers only
     * (Lua numbers are doubles): a token is {@code period} "level" units, so {@code elapsed * capacity} is what an
     * elapsed time refills, a full bucket is {@code capacity * period} (kept under 2^50, {@link #args}) and the
     * server's time in microseconds (about 2^51) stays exact. State is one string {@code "<level>:<time>"}, written
     * with {@code PX} = when the bucket is full again; a missing or unreadable state is a full bucket. Answers
     * {@code {1, 0}} when a token was taken, else {@code {0, units until one is back}}.
     */
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local unit = tonumber(ARGV[3])
            local t = redis.call('TIME')
            local now = math.floor((tonumber(t[1]) * 1000000 + tonumber(t[2])) / unit)
            local full = capacity * period
            local level = full
            local state = redis.call('GET', KEYS[1])
            if state then
              local l, at = string.match(state, '^(%d+):(%d+)$')
              if l then
                local elapsed = now - tonumber(at)
                if elapsed < 0 then elapsed = 0 end
                if elapsed < period then level = math.min(full, tonumber(l) + elapsed * capacity) end
              end
            end
            if level < period then
              return {0, math.ceil((period - level) / capacity)}
            end
            level = level - period
            local ttl = math.ceil(math.ceil((full - level) / capacity) * unit / 1000)
            redis.call('SET', KEYS[1], string.format('%d:%d', level, now), 'PX', string.format('%d', ttl))
            return {1, 0}""";

    static final String SHA = sha1(SCRIPT);

    /** {@code capacity * period} must stay under this (doubles are exact to 2^53; the script adds two of them). */
    private static final long MAX_FULL = 1L << 50;

    private final LettuceConnectionFactory factory;
    private final ConcurrentHashMap<RateLimitProperties.Limit, String[]> arguments = new ConcurrentHashMap<>();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile Mono<RedisAsyncCommands<String, String>> commands;

    RedisBuckets(LettuceConnectionFactory factory) {
        this.factory = factory;
        this.commands = connecting();
    }

    /** Connects once and keeps the connection; a failed attempt is forgotten, so the next use tries again. */
    private Mono<RedisAsyncCommands<String, String>> connecting() {
        return Mono.defer(this::connect).cache(ok -> Duration.ofMillis(Long.MAX_VALUE), failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    @Override
    public Mono<Probe> tryConsume(String key, RateLimitProperties.Limit limit) {
        return Mono.defer(() -> {
            String[] args = arguments.computeIfAbsent(limit, RedisBuckets::args);
            String[] keys = {key};
            return commands.flatMap(redis -> Mono.<List<Object>>fromCompletionStage(() -> redis.evalsha(SHA, ScriptOutputType.MULTI, keys, args))
                            .onErrorResume(RedisBuckets::noScript,
                                    e -> Mono.<List<Object>>fromCompletionStage(() -> redis.eval(SCRIPT, ScriptOutputType.MULTI, keys, args))))
                    .map(reply -> probe(reply, Long.parseLong(args[2])));
        });
    }

    private static boolean noScript(Throwable e) {
        return e instanceof RedisNoScriptException
                || e instanceof RedisCommandExecutionException && e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    /** The script's arguments for a limit: in microseconds, or milliseconds for a limit too large for them. */
    static String[] args(RateLimitProperties.Limit limit) {
        long capacity = limit.capacity();
        long micros = limit.period().toSeconds() <= Long.MAX_VALUE / 1_000_000 / 2
                ? limit.period().toSeconds() * 1_000_000 + limit.period().toNanosPart() / 1_000 : Long.MAX_VALUE;
        for (long unit : new long[] {1, 1_000}) {
            long period = Math.max(1, micros / unit);
            if (period <= MAX_FULL / capacity) {
                return new String[] {Long.toString(capacity), Long.toString(period), Long.toString(unit)};
            }
        }
        throw new IllegalArgumentException("rate limit too large for Redis buckets: " + limit);
    }

    /** The script's answer: {1, 0} when taken, else {0, units until a token is back}. */
    static Probe probe(List<Object> reply, long microsPerUnit) {
        boolean consumed = ((Long) reply.get(0)) == 1L;
        return new Probe(consumed, Duration.ofNanos(Math.multiplyExact((Long) reply.get(1), microsPerUnit * 1_000)));
    }

    private Mono<RedisAsyncCommands<String, String>> connect() {
        if (!(factory.getNativeClient() instanceof RedisClient client)) {
            return Mono.error(new IllegalStateException("rate limits support a standalone Redis or Sentinel, not a cluster"));
        }
        RedisURI uri = uri(factory.getSentinelConfiguration(), factory.getStandaloneConfiguration());
        return Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture())
                .map(conn -> {
                    connection = conn;
                    return conn.async();
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

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    private volatile boolean running;

    /** Also after a stop: a stopped context (or a paused test context) is started again with a new connection. */
    @Override
    public void start() {
        running = true;
        commands.subscribe(c -> {}, e -> log.warn("rate limits: Redis not reachable at start-up ({}); limits fail open until it is", e.toString()));
    }

    @Override
    public void stop() {
        running = false;
        commands = connecting();
        StatefulRedisConnection<String, String> c = connection;
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
