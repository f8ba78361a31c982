package org.hospay.gateway.code;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.hospay.code.NonceStore;
import org.hospay.gateway.config.GatewayProperties;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Single use of e-voucher and aggregated codes across every gateway instance: {@code SET NX} with
 * the code's remaining validity as TTL (plus a minute, so a code never outlives its nonce record).
 * Fails closed: if Redis cannot answer, the claim errors and the payment is refused (503), because
 * accepting a code twice is worse than asking for it again.
 */
@Component
class RedisNonceStore implements NonceStore {

    private static final Duration GRACE = Duration.ofMinutes(1);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Clock clock;

    RedisNonceStore(ReactiveStringRedisTemplate redis, GatewayProperties properties, Clock clock) {
        this.redis = redis;
        this.prefix = properties.redis().keyPrefix() + ":code:";
        this.clock = clock;
    }

    @Override
    public CompletionStage<Boolean> claim(String keyId, String nonce, Instant expiresAt) {
        Duration ttl = Duration.between(clock.instant(), expiresAt).plus(GRACE);
        return redis.opsForValue().setIfAbsent(key(keyId, nonce), "1", ttl.isNegative() ? GRACE : ttl)
                .defaultIfEmpty(false).toFuture();
    }

    @Override
    public CompletionStage<Boolean> seen(String keyId, String nonce) {
        return redis.hasKey(key(keyId, nonce)).defaultIfEmpty(false).toFuture();
    }

    /** Gives a nonce back when the request it was claimed for wrote nothing. */
    reactor.core.publisher.Mono<Void> release(String keyId, String nonce) {
        return redis.delete(key(keyId, nonce)).then();
    }

    private String key(String keyId, String nonce) {
        return prefix + keyId.toUpperCase(java.util.Locale.ROOT) + ":" + nonce;
    }
}
