package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.it.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * An idempotency lock is gone soon after the instance that took it died without releasing it, so a window retrying
 * that key waits seconds, not the five minutes the lock once lived (seen in the cluster load test).
 */
class IdempotencyLocksIT extends GatewayIntegrationTest {

    @Autowired
    IdempotencyLocks locks;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    GatewayProperties properties;

    @Test
    void aLockLeftByADeadInstanceExpiresWithinThirtySeconds() {
        String key = "orphan-" + UUID.randomUUID();
        assertThat(locks.acquire(WINDOW_ID, "PAYMENT", key, "hash-1").blockOptional(Duration.ofSeconds(5))).as("acquired").isEmpty();
        // The holder dies here: nothing releases the lock.

        assertThat(locks.acquire(WINDOW_ID, "PAYMENT", key, "hash-1").block(Duration.ofSeconds(5))).as("held by the dead one").isEqualTo("hash-1");
        Duration left = redis.getExpire(properties.redis().keyPrefix() + ":idem:" + WINDOW_ID + ":PAYMENT:" + key).block(Duration.ofSeconds(5));
        assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
    }
}
