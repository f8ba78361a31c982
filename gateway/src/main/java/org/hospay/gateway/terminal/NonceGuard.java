package org.hospay.gateway.terminal;

import java.time.Duration;
import org.hospay.gateway.config.GatewayProperties;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Single-use request nonces: {@code SET key 1 NX EX ttl}, shared by every gateway instance. */
@Component
class NonceGuard {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration ttl;

    NonceGuard(ReactiveStringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.prefix = properties.redis().keyPrefix() + ":nonce:";
        this.ttl = properties.auth().nonceTtl();
    }

    /** True on first use within the TTL. */
    Mono<Boolean> claim(String terminalId, String nonce) {
        return redis.opsForValue().setIfAbsent(prefix + terminalId + ":" + nonce, "1", ttl).defaultIfEmpty(false);
    }
}
