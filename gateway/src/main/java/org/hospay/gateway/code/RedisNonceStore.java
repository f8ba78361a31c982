package org.hospay.gateway.code;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.hospay.code.NonceStore;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.FallbackKeys;
import org.hospay.gateway.support.RedisSwitch;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Single use of e-voucher and aggregated codes across every gateway instance: {@code SET NX} with
 * the code's remaining validity as TTL (plus a minute, so a code never outlives its nonce record).
 * While Redis is away the same claim is made in PostgreSQL ({@link RedisSwitch}), and until those claims have
 * expired a code new to Redis is claimed in PostgreSQL too, so a code used during the outage stays used.
 * Fails closed: if neither store answers, the claim errors and the payment is refused (503), because
 * accepting a code twice is worse than asking for it again.
 */
@Component
class RedisNonceStore implements NonceStore {

    private static final Duration GRACE = Duration.ofMinutes(1);

    private final ReactiveStringRedisTemplate redis;
    private final RedisSwitch redisSwitch;
    private final FallbackKeys fallback;
    private final String prefix;
    private final Clock clock;

    RedisNonceStore(ReactiveStringRedisTemplate redis, RedisSwitch redisSwitch, FallbackKeys fallback,
                    GatewayProperties properties, Clock clock) {
        this.redis = redis;
        this.redisSwitch = redisSwitch;
        this.fallback = fallback;
        this.prefix = properties.redis().keyPrefix() + ":code:";
        this.clock = clock;
    }

    @Override
    public CompletionStage<Boolean> claim(String keyId, String nonce, Instant expiresAt) {
        Duration left = Duration.between(clock.instant(), expiresAt).plus(GRACE);
        Duration ttl = left.isNegative() ? GRACE : left;
        String key = key(keyId, nonce);
        return fallback.claimShared(key, ttl, redis.opsForValue().setIfAbsent(key, "1", ttl)).toFuture();
    }

    @Override
    public CompletionStage<Boolean> seen(String keyId, String nonce) {
        String key = key(keyId, nonce);
        return fallback.heldShared(key, redis.hasKey(key)).toFuture();
    }

    /** Gives a nonce back when the request it was claimed for wrote nothing (from both stores: it may sit in either). */
    Mono<Void> release(String keyId, String nonce) {
        String key = key(keyId, nonce);
        Mono<Void> fromPostgres = redisSwitch.checkBoth() ? fallback.release(key) : Mono.empty();
        return redisSwitch.call(() -> redis.delete(key).then(Mono.just(true)), () -> Mono.just(false)).then(fromPostgres);
    }

    private String key(String keyId, String nonce) {
        return prefix + keyId.toUpperCase(java.util.Locale.ROOT) + ":" + nonce;
    }
}
