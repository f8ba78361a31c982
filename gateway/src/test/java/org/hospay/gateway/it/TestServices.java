package org.hospay.gateway.it;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import reactor.blockhound.BlockHound;

/**
 * The real services integration tests run against: the machine's PostgreSQL and Redis (made
 * available by infra/services.sh). Each test JVM gets its own database and Redis key prefix,
 * removed when the JVM exits, so runs on shared services never collide or leave data behind.
 * BlockHound is installed here, once per JVM, so every integration test runs with it.
 */
public final class TestServices {

    public static final String PG_HOST = env("HOSPAY_TEST_PG_HOST", "127.0.0.1");
    public static final int PG_PORT = Integer.parseInt(env("HOSPAY_TEST_PG_PORT", "5432"));
    public static final String PG_USER = env("HOSPAY_DB_USER", "postgres");
    public static final String PG_PASSWORD = env("HOSPAY_DB_PASSWORD", "postgres");
    public static final String REDIS_HOST = env("HOSPAY_TEST_REDIS_HOST", "127.0.0.1");
    public static final int REDIS_PORT = Integer.parseInt(env("HOSPAY_TEST_REDIS_PORT", "6379"));

    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    public static final String DATABASE = "hospay_it_" + RUN;
    public static final String REDIS_PREFIX = "it-" + RUN;

    static {
        // springdoc builds the OpenAPI document once, on the first /v3/api-docs request, by scanning
        // class files; that is documentation, never the payment path, so it alone is allowed to block.
        BlockHound.install(builder -> builder
                .allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi")
                // SecureRandom (SM2 blinding, RSA blinding, nonces) refills a small buffer from
                // /dev/urandom, which never blocks once the kernel's pool is initialised at boot.
                .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "ensureBufferValid")
                // Lettuce guards a connection's command queue with a short ReentrantLock section (no I/O);
                // two event loops writing to one connection may park for that moment (redis/lettuce#2510).
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
                // Spring Data Redis hands out its shared reactive connection under a lock; the connection
                // itself is made at start-up (RedisWarmUp), so on the event loop the section is a field read.
                .allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock")
                // Jackson builds a type's deserializer once, under a short ReentrantLock section (no I/O); two event
                // loops reading the first request body of one type may park for that moment (seen in RedisSentinelIT).
                .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                // Resilience4j keeps each breaker's and bulkhead's last events (for the actuator) in a ring buffer whose
                // write is a short StampedLock section (an array slot, no I/O); two event loops recording at once on
                // one channel may park for that moment (seen in RedisOutageIT, logged by ChannelResilience).
                .allowBlockingCallsInside("io.github.resilience4j.circularbuffer.ConcurrentEvictingQueue", "writeConcurrently")
                // Netty's adaptive allocator, when allocations contend for its shared buffer magazines, adds magazines under a
                // short StampedLock section (no I/O); Netty's own BlockHound integration allows only a magazine's creation.
                // Seen in RedisBucketsIT: a Lettuce connection's first buffer parked its event loop, and the lost
                // handshake left the connection hanging until Lettuce's one-minute timeout.
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                // The JDK's RSA signing takes its key's blinding pair from a small cache under a ReentrantLock (a modular
                // multiplication, no I/O); two event loops signing with one channel key may park for that moment (seen in
                // RedisOutageIT: a UnionPay charge's call failed, was queried, not found and reversed).
                .allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair"));
        createDatabase();
        Runtime.getRuntime().addShutdownHook(new Thread(TestServices::cleanUp, "it-cleanup"));
    }

    private TestServices() {}

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    private static final java.util.List<String> EXTRA = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Another empty database of this run (e.g. for a gateway process of its own), dropped when the JVM exits. */
    public static String newDatabase(String suffix) {
        String name = DATABASE + "_" + suffix;
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        EXTRA.add(name);
        return name;
    }

    private static void createDatabase() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("CREATE DATABASE " + DATABASE);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test database on " + PG_HOST + ":" + PG_PORT
                    + " (run infra/services.sh first): " + e.getMessage(), e);
        }
    }

    private static void cleanUp() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            for (String extra : EXTRA) c.createStatement().execute("DROP DATABASE IF EXISTS " + extra + " WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("could not drop " + DATABASE + ": " + e.getMessage());
        }
        RedisClient client = RedisClient.create("redis://" + REDIS_HOST + ":" + REDIS_PORT);
        try (var connection = client.connect()) {
            var redis = connection.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(REDIS_PREFIX + ":*").limit(500));
                if (!page.getKeys().isEmpty()) redis.del(page.getKeys().toArray(String[]::new));
                cursor = page;
            } while (!cursor.isFinished());
        } catch (Exception e) {
            System.err.println("could not clean Redis keys " + REDIS_PREFIX + ":*: " + e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    /** Points a gateway context at this run's database and Redis prefix. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + DATABASE);
        registry.add("spring.r2dbc.username", () -> PG_USER);
        registry.add("spring.r2dbc.password", () -> PG_PASSWORD);
        registry.add("spring.flyway.url", () -> jdbcUrl(DATABASE));
        registry.add("spring.flyway.user", () -> PG_USER);
        registry.add("spring.flyway.password", () -> PG_PASSWORD);
        registry.add("spring.data.redis.host", () -> REDIS_HOST);
        registry.add("spring.data.redis.port", () -> REDIS_PORT);
        registry.add("hospay.redis.key-prefix", () -> REDIS_PREFIX);
        registry.add("hospay.channels.simulator-url", () -> TestSimulator.URL);
    }
}
