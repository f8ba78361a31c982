package org.hospay.gateway.terminal;

import java.time.Duration;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.FallbackKeys;
import org.hospay.gateway.support.RedisSwitch;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Single-use request nonces, shared by every gateway instance: {@code SET key <fingerprint> NX EX ttl} in Redis, or the
 * same claim in PostgreSQL while Redis is away (support.RedisSwitch). Until what PostgreSQL took has expired, a nonce
 * new to Redis is claimed there too, so one used during the outage stays used after it.
 *
 * <p>The claim keeps the request's fingerprint (its signature and Idempotency-Key), so a nonce used again can be
 * told apart: by the very same request sent again ({@link Claim#RESENT}: an HTTP client or a load balancer resending what a dropped connection
 * lost) or by another request ({@link Claim#REPLAYED}). Claims made in PostgreSQL keep no fingerprint: there every
 * nonce used again is REPLAYED.
 */
@Component
class NonceGuard {

    /** What a nonce's claim found. */
    enum Claim { FIRST, RESENT, REPLAYED }

    private final ReactiveStringRedisTemplate redis;
    private final FallbackKeys fallback;
    private final RedisSwitch redisSwitch;
    private final String prefix;
    private final Duration ttl;

    NonceGuard(ReactiveStringRedisTemplate redis, FallbackKeys fallback, RedisSwitch redisSwitch, GatewayProperties properties) {
        this.redis = redis;
        this.fallback = fallback;
        this.redisSwitch = redisSwitch;
        this.prefix = properties.redis().keyPrefix() + ":nonce:";
        this.ttl = properties.auth().nonceTtl();
    }

    /** FIRST on first use within the TTL; else RESENT when the claim was made with this same fingerprint, else REPLAYED. */
    Mono<Claim> claim(String terminalId, String nonce, String fingerprint) {
        String key = prefix + terminalId + ":" + nonce;
        return fallback.claimShared(key, ttl, redis.opsForValue().setIfAbsent(key, fingerprint, ttl))
                .flatMap(first -> first ? Mono.just(Claim.FIRST)
                        : redisSwitch.call(() -> redis.opsForValue().get(key).map(fingerprint::equals).defaultIfEmpty(false), () -> Mono.just(false))
                                .map(same -> same ? Claim.RESENT : Claim.REPLAYED));
    }
}
