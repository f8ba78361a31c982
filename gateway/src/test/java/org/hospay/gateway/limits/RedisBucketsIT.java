package org.hospay.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hospay.gateway.it.OwnRedis;
import org.hospay.gateway.it.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.scheduler.Schedulers;

/**
 * {@link RedisBuckets} against a real redis-server of this test's own ({@link OwnRedis}: {@code SCRIPT FLUSH}, MONITOR
 * and the command counts then concern this test alone): a bucket's tokens, refill, expiry, the script cache lost, and
 * one command per request. Calls start on Reactor's parallel threads, where BlockHound (installed by
 * {@link TestServices}) refuses any blocking call, as it does on the Lettuce event loop they continue on.
 */
class RedisBucketsIT {

    private static final String PREFIX = "it-buckets-" + UUID.randomUUID().toString().substring(0, 8) + ":rl:";

    private static OwnRedis server;
    private static LettuceConnectionFactory factory;
    private static RedisBuckets buckets;
    private static RedisClient admin;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        if (TestServices.DATABASE.isEmpty()) throw new IllegalStateException(); // installs BlockHound, once per JVM
        server = OwnRedis.start();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", server.port));
        factory.afterPropertiesSet();
        factory.start();
        buckets = new RedisBuckets(factory);
        buckets.start();
        admin = RedisClient.create(RedisURI.create("127.0.0.1", server.port));
        redis = admin.connect().sync();
    }

    @AfterAll
    static void stop() {
        if (buckets != null) buckets.stop();
        if (factory != null) factory.destroy();
        if (admin != null) admin.shutdown();
        if (server != null) server.close();
    }

    private static Buckets.Probe take(RedisBuckets b, String key, RateLimitProperties.Limit limit) {
        return b.tryConsume(key, limit).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
    }

    private static Buckets.Probe take(String key, RateLimitProperties.Limit limit) {
        return take(buckets, key, limit);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFullBucketGivesItsCapacityThenSaysWhenTheNextTokenIsBackAndGivesItThen() {
        var limit = new RateLimitProperties.Limit(2, Duration.ofSeconds(2));
        String key = PREFIX + "refill";
        assertThat(take(key, limit)).isEqualTo(new Buckets.Probe(true, Duration.ZERO));
        assertThat(take(key, limit).consumed()).isTrue();

        Buckets.Probe refused = take(key, limit);
        assertThat(refused.consumed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));

        pause(refused.retryAfter().plusMillis(100));
        assertThat(take(key, limit).consumed()).as("one token back").isTrue();
        assertThat(take(key, limit).consumed()).as("only one").isFalse();
    }

    @Test
    void theKeyLivesNoLongerThanTheBucketNeedsToBeFullAgain() {
        var limit = new RateLimitProperties.Limit(3, Duration.ofSeconds(1));
        String key = PREFIX + "expiry";
        for (int i = 0; i < 3; i++) assertThat(take(key, limit).consumed()).isTrue();
        assertThat(take(key, limit).consumed()).isFalse();
        assertThat(redis.pttl(key)).isPositive().isLessThanOrEqualTo(1000L);

        pause(Duration.ofMillis(1100));
        assertThat(redis.exists(key)).as("an idle subject leaves nothing behind").isZero();
        for (int i = 0; i < 3; i++) assertThat(take(key, limit).consumed()).as("full again").isTrue();
        assertThat(take(key, limit).consumed()).isFalse();
    }

    @Test
    void twoInstancesCountInOneBucket() {
        var limit = new RateLimitProperties.Limit(2, Duration.ofMinutes(1));
        String key = PREFIX + "shared";
        RedisBuckets other = new RedisBuckets(factory);
        try {
            assertThat(take(key, limit).consumed()).isTrue();
            assertThat(take(other, key, limit).consumed()).isTrue();
            Buckets.Probe refused = take(key, limit);
            assertThat(refused.consumed()).isFalse();
            assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(take(other, key, limit).consumed()).isFalse();
        } finally {
            other.stop();
        }
    }

    @Test
    void aFlushedScriptCacheIsFilledAgainByTheNextCall() {
        var limit = new RateLimitProperties.Limit(5, Duration.ofMinutes(1));
        assertThat(take(PREFIX + "flush", limit).consumed()).isTrue();
        assertThat(redis.scriptExists(RedisBuckets.SHA)).containsExactly(true);

        redis.scriptFlush();
        assertThat(redis.scriptExists(RedisBuckets.SHA)).containsExactly(false);
        assertThat(take(PREFIX + "flush", limit).consumed()).as("NOSCRIPT, then EVAL").isTrue();
        assertThat(redis.scriptExists(RedisBuckets.SHA)).containsExactly(true);
        assertThat(take(PREFIX + "flush", limit).consumed()).isTrue();
    }

    @Test
    void anUnreadableStateIsAFullBucket() {
        var limit = new RateLimitProperties.Limit(1, Duration.ofMinutes(1));
        String key = PREFIX + "unreadable";
        redis.set(key, "\u0001not-a-bucket");
        assertThat(take(key, limit).consumed()).isTrue();
        assertThat(take(key, limit).consumed()).isFalse();
    }

    /**
     * What {@code redis-cli MONITOR} shows: the client sends one EVALSHA per call and nothing else (the GET and SET
     * run inside the script, shown as {@code [0 lua]}; the command counts include them, so they alone cannot tell).
     */
    @Test
    void oneCallIsOneCommandSentToRedis() throws Exception {
        var limit = new RateLimitProperties.Limit(100, Duration.ofMinutes(1));
        String key = PREFIX + "round-trips";
        take(PREFIX + "warm-up", limit); // connected, script cached
        long evalshaBefore = calls("evalsha");
        long evalBefore = calls("eval");

        List<String> sent = new ArrayList<>();
        try (Socket monitor = new Socket("127.0.0.1", server.port)) {
            monitor.setSoTimeout(10_000);
            monitor.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            monitor.getOutputStream().flush();
            var lines = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("+OK");

            for (int i = 0; i < 5; i++) assertThat(take(key, limit).consumed()).isTrue();
            String done = "done-" + UUID.randomUUID();
            redis.echo(done);

            for (String line = lines.readLine(); !line.contains(done); line = lines.readLine()) {
                if (line.contains("\"" + key + "\"") && !line.matches("^\\+[0-9.]+ \\[\\d+ lua\\].*")) sent.add(line);
            }
        }

        assertThat(sent).hasSize(5).allSatisfy(line -> assertThat(line).contains("\"EVALSHA\" \"" + RedisBuckets.SHA + "\""));
        assertThat(calls("evalsha") - evalshaBefore).isEqualTo(5);
        assertThat(calls("eval") - evalBefore).isZero();
    }

    private static long calls(String command) {
        Matcher m = Pattern.compile("(?m)^cmdstat_" + command + ":calls=(\\d+)").matcher(redis.info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
