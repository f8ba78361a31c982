package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hospay.gateway.GatewayApplication;
import org.hospay.gateway.support.RedisSwitch;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/operations.md §8, "Redis Sentinel": a gateway that finds Redis through a Sentinel (a master, one replica and
 * one Sentinel of this test's own) keeps taking payments while the master is SIGKILLed in the middle of a stream
 * of payments and the Sentinel promotes the replica, and afterwards writes to the promoted replica. Nothing is lost
 * or charged twice: every bill has one payment, SUCCEEDED, and the channels' ledgers agree with the gateway.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"it", "demo"})
@ExtendWith(ThreadDumpOnTimeout.class)
class RedisSentinelIT {

    private static final int WORKERS = 3;
    private static OwnSentinelRedis redis;

    @LocalServerPort
    int port;

    @Autowired
    TerminalRegistry terminals;

    @Autowired
    DatabaseClient db;

    @Autowired
    RedisSwitch redisSwitch;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(OwnSentinelRedis.installed(), "redis-server not installed (Debian package redis-server): Sentinel failover not tried");
        redis = OwnSentinelRedis.start();
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("spring.data.redis.sentinel.master", () -> OwnSentinelRedis.MASTER_NAME);
        registry.add("spring.data.redis.sentinel.nodes", () -> redis.sentinelNodes());
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) redis.close();
    }


    @Test
    void aMasterKilledMidLoadIsReplacedByItsReplicaWithoutLosingOrDoublingAPayment() throws Exception {
        terminals.upsert(new Terminal("it-window-sentinel", Terminal.Kind.WINDOW, "it-hospital", "W08"), "it-window-sentinel-secret").block();
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        SignedClient window = new SignedClient(client, "it-window-sentinel", "it-window-sentinel-secret");

        // Before: the gateway writes to the master the Sentinel names.
        assertThat(redis.currentMasterPort()).as("master named by the sentinel").isEqualTo(redis.masterPort);
        Claimed before = claimNonce(window);
        assertThat(redis.exists(redis.masterPort, before.key())).as("nonce claimed before the failover, in the master").isTrue();

        List<RetryingWindow.Done> done = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            pool.submit(() -> {
                while (!stop.get()) done.add(RetryingWindow.payOnce(window, n.incrementAndGet()));
            });
        }
        Payments.pause(5_000);
        long killed = System.nanoTime();
        redis.killMaster();
        OwnSentinelRedis.await("the sentinel promotes the replica", Duration.ofSeconds(20), () -> redis.currentMasterPort() == redis.replicaPort);
        long promoted = System.nanoTime();

        // After: a nonce claimed now is in the promoted replica (the gateway has followed the Sentinel to it).
        Claimed[] after = new Claimed[1];
        OwnSentinelRedis.await("the gateway writes to the promoted replica", Duration.ofSeconds(20), () -> {
            if (redisSwitch.degraded()) return false;
            after[0] = claimNonce(window);
            return redis.exists(redis.replicaPort, after[0].key());
        });
        long followed = System.nanoTime();
        assertThat(redis.info(redis.replicaPort, "replication")).as("INFO of the promoted replica").contains("role:master");
        Payments.pause(5_000);
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).as("workers finished").isTrue();

        assertThat(done).as("payments made").hasSizeGreaterThan(10);
        for (RetryingWindow.Done d : done) {
            assertThat(d.problem()).as("bill %s", d.billNo()).isNull();
            assertThat(d.view().status()).as("%s", d).isEqualTo("SUCCEEDED");
            assertThat(Payments.byBill(window, d.billNo())).as("payments of bill %s", d.billNo()).hasSize(1);
            Books.assertAgree(db, d.view());
        }
        long beforeKill = done.stream().filter(d -> d.endedNanos() < killed).count();
        long during = done.stream().filter(d -> d.startedNanos() > killed && d.startedNanos() < followed).count();
        long afterFailover = done.stream().filter(d -> d.startedNanos() > followed).count();
        System.out.printf("RedisSentinelIT: %d payments; before the kill %d, started during the failover %d, after %d; replica promoted %.1f s"
                        + " after the kill, gateway on it %.1f s after the kill; refused for the moment and retried: %d%n",
                done.size(), beforeKill, during, afterFailover, (promoted - killed) / 1e9, (followed - killed) / 1e9,
                done.stream().mapToInt(RetryingWindow.Done::refusals).sum());
        assertThat(beforeKill).as("payments before the kill").isPositive();
        assertThat(during).as("payments started during the failover").isPositive();
        assertThat(afterFailover).as("payments after the failover").isPositive();

        // A nonce used before the failover was replicated: still refused.
        window.send(HttpMethod.GET, "/api/v1/terminals/me", "", before.at(), before.nonce()).expectStatus().isUnauthorized();
    }

    record Claimed(String nonce, long at) {
        String key() {
            return TestServices.REDIS_PREFIX + ":nonce:it-window-sentinel:" + nonce;
        }
    }

    /** A signed request with a new nonce, which the gateway claims. */
    private static Claimed claimNonce(SignedClient window) {
        Claimed c = new Claimed(UUID.randomUUID().toString(), Instant.now().getEpochSecond());
        window.send(HttpMethod.GET, "/api/v1/terminals/me", "", c.at(), c.nonce()).expectStatus().isOk();
        return c;
    }
}
