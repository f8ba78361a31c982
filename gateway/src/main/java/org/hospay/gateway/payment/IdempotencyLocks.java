package org.hospay.gateway.payment;

import java.time.Duration;
import org.hospay.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The fast lock in front of the idempotency table: {@code SET NX} of the request hash per
 * (terminal, scope, key). PostgreSQL's primary key stays the real guard, so when Redis is down the
 * lock is skipped (reported as acquired) and correctness does not change.
 */
@Component
class IdempotencyLocks implements IdempotentCommands.Locks {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyLocks.class);
    private static final Duration TTL = Duration.ofMinutes(5);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    IdempotencyLocks(ReactiveStringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.prefix = properties.redis().keyPrefix() + ":idem:";
    }

    @Override
    public Mono<String> acquire(String terminalId, String scope, String key, String hash) {
        String k = prefix + terminalId + ":" + scope + ":" + key;
        return redis.opsForValue().setIfAbsent(k, hash, TTL)
                .flatMap(acquired -> acquired ? Mono.<String>empty() : redis.opsForValue().get(k).defaultIfEmpty(hash))
                .onErrorResume(e -> {
                    log.warn("idempotency lock unavailable ({}); relying on PostgreSQL alone", e.toString());
                    return Mono.empty();
                });
    }

    @Override
    public Mono<Void> release(String terminalId, String scope, String key) {
        return redis.delete(prefix + terminalId + ":" + scope + ":" + key).then().onErrorResume(e -> Mono.empty());
    }
}
