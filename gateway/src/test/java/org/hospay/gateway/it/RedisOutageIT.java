package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/operations.md §8: a gateway whose Redis (a redis-server of this test's own) is SIGKILLed in the middle of a
 * stream of payments keeps taking them, with PostgreSQL holding request nonces and code claims, and goes back to
 * Redis once it is started again (empty: no persistence). Nothing is lost or charged twice (every bill has one
 * payment, SUCCEEDED, and the channels' ledgers agree with the gateway), and a code or request nonce used while
 * Redis was away is still refused after it returns.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"it", "demo"})
@ExtendWith(ThreadDumpOnTimeout.class)
class RedisOutageIT {

    private static final OwnRedis REDIS = OwnRedis.start();
    private static final int WORKERS = 4;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    TerminalRegistry terminals;

    @Autowired
    DatabaseClient db;

    @Autowired
    RedisSwitch redisSwitch;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("spring.data.redis.port", () -> REDIS.port);
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    /** One payment as a window makes it: retried with its Idempotency-Key while refused for the moment. */

    @Test
    void paymentsGoOnWhileRedisIsDownAndWhatWasUsedMeanwhileStaysUsed() throws Exception {
        terminals.upsert(new Terminal("it-window-redis", Terminal.Kind.WINDOW, "it-hospital", "W07"), "it-window-redis-secret").block();
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        SignedClient window = new SignedClient(client, "it-window-redis", "it-window-redis-secret");

        List<RetryingWindow.Done> done = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            pool.submit(() -> {
                while (!stop.get()) done.add(RetryingWindow.payOnce(window, n.incrementAndGet()));
            });
        }
        Payments.pause(6_000);
        long killed = System.nanoTime();
        REDIS.kill();
        await("the gateway sees Redis gone", Duration.ofSeconds(10), redisSwitch::degraded);

        // Used while Redis is away: a one-scan code and a request nonce.
        Sim.Voucher usedCode = Sim.voucher(Sim.employee(2_000), "WECHAT");
        Payments.View paidWithIt = Payments.pay(window, Bills.bill(Bills.newBillNo(), usedCode.code()));
        assertThat(paidWithIt.status()).as("%s", paidWithIt).isEqualTo("SUCCEEDED");
        long usedAt = Instant.now().getEpochSecond();
        String usedNonce = UUID.randomUUID().toString();
        window.send(HttpMethod.GET, "/api/v1/terminals/me", "", usedAt, usedNonce).expectStatus().isOk();

        Payments.pause(8_000);
        long restarted = System.nanoTime();
        REDIS.restart();
        await("the gateway uses Redis again", Duration.ofSeconds(30), () -> !redisSwitch.degraded());
        long back = System.nanoTime();
        Payments.pause(6_000);
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("workers finished").isTrue();

        // Nothing lost, nothing doubled.
        assertThat(done).as("payments made").hasSizeGreaterThan(10);
        for (RetryingWindow.Done d : done) {
            assertThat(d.problem()).as("bill %s", d.billNo()).isNull();
            assertThat(d.view().status()).as("%s", d).isEqualTo("SUCCEEDED");
            assertThat(Payments.byBill(window, d.billNo())).as("payments of bill %s", d.billNo()).hasSize(1);
            Books.assertAgree(db, d.view());
        }
        Books.assertAgree(db, paidWithIt);
        long before = done.stream().filter(d -> d.endedNanos() < killed).count();
        long during = done.stream().filter(d -> d.startedNanos() > killed && d.endedNanos() < restarted).count();
        long after = done.stream().filter(d -> d.startedNanos() > back).count();
        System.out.printf("RedisOutageIT: %d payments; before the kill %d, while Redis was down %d (%.1f s), after it was back %d;"
                        + " refused for the moment and retried: %d; Redis back in use %.1f s after its restart%n",
                done.size(), before, during, (restarted - killed) / 1e9, after, done.stream().mapToInt(RetryingWindow.Done::refusals).sum(),
                (back - restarted) / 1e9);
        assertThat(before).as("payments before the kill").isPositive();
        assertThat(during).as("payments while Redis was down").isPositive();
        assertThat(after).as("payments after Redis returned").isPositive();

        // What was used while Redis was away is still used now that it is back (and empty).
        var again = window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), usedCode.code()), UUID.randomUUID().toString())
                .expectBody(String.class).returnResult();
        assertThat(again.getResponseBody()).as("status %s", again.getStatus()).contains("CODE_REPLAYED");
        window.send(HttpMethod.GET, "/api/v1/terminals/me", "", usedAt, usedNonce).expectStatus().isUnauthorized();
    }

    private static void await(String what, Duration within, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + within).isLessThan(deadline);
            Payments.pause(100);
        }
    }
}
