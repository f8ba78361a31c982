package org.hospay.gateway.terminal;

import java.time.Duration;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.FallbackKeys;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Single-use request nonces, shared by every gateway instance: {@code SET key 1 NX EX ttl} in Redis, or the same
 * claim in PostgreSQL while Redis is away (support.RedisSwitch). Until what PostgreSQL took has expired, a nonce
 * new to Redis is claimed there too, so one used during the outage stays used after it.
 */
@Component
class NonceGuard {

    private final ReactiveStringRedisTemplate redis;
    private final FallbackKeys fallback;
    private final String prefix;
    private final Duration ttl;

    NonceGuard(ReactiveStringRedisTemplate redis, FallbackKeys fallback, GatewayProperties properties) {
        this.redis = redis;
        this.fallback = fallback;
        this.prefix = properties.redis().keyPrefix() + ":nonce:";
        this.ttl = properties.auth().nonceTtl();
    }

    /** True on first use within the TTL. */
    Mono<Boolean> claim(String terminalId, String nonce) {
        String key = prefix + terminalId + ":" + nonce;
        return fallback.claimShared(key, ttl, redis.opsForValue().setIfAbsent(key, "1", ttl));
    }
}
