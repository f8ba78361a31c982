package org.hospay.gateway.payment;

import java.time.Duration;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.RedisSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The fast lock in front of the idempotency table: {@code SET NX} of the request hash per
 * (terminal, scope, key). PostgreSQL's primary key stays the real guard, so when Redis is down the
 * lock is skipped (reported as acquired) and correctness does not change: the key's row is the first write of every
 * command, so a concurrent duplicate stops at that primary key before it reaches a channel. No PostgreSQL lock
 * stands in for it (an advisory lock lives with a session, and a pooled R2DBC connection is not held across a
 * request); {@link RedisSwitch} only spares each request the wait for a Redis that is known to be away.
 *
 * <p>A lock outlives its holder only when an instance dies holding it; until it expires, the window's retries with
 * that key get 409 REQUEST_IN_PROGRESS. So it expires soon ({@code hospay.redis.idempotency-lock-ttl}, 30 s; it was 5
 * min): a command writes its key row within milliseconds of taking the lock, and from then on that row answers
 * retries (a replay, or 409 while the payment runs) whether or not the lock is still there.
 */
@Component
class IdempotencyLocks implements IdempotentCommands.Locks {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyLocks.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisSwitch redisSwitch;
    private final String prefix;
    private final Duration ttl;

    IdempotencyLocks(ReactiveStringRedisTemplate redis, RedisSwitch redisSwitch, GatewayProperties properties,
                     @Value("${hospay.redis.idempotency-lock-ttl:30s}") Duration ttl) {
        this.redis = redis;
        this.redisSwitch = redisSwitch;
        this.prefix = properties.redis().keyPrefix() + ":idem:";
        this.ttl = ttl;
    }

    @Override
    public Mono<String> acquire(String terminalId, String scope, String key, String hash) {
        String k = prefix + terminalId + ":" + scope + ":" + key;
        return redisSwitch.call(
                () -> redis.opsForValue().setIfAbsent(k, hash, ttl)
                        .flatMap(acquired -> acquired ? Mono.just("") : redis.opsForValue().get(k).defaultIfEmpty(hash)),
                () -> {
                    log.debug("idempotency lock skipped while Redis is away; PostgreSQL's key guards alone");
                    return Mono.just("");
                })
                .filter(held -> !held.isEmpty());
    }

    @Override
    public Mono<Void> release(String terminalId, String scope, String key) {
        return redisSwitch.call(() -> redis.delete(prefix + terminalId + ":" + scope + ":" + key), () -> Mono.just(0L)).then();
    }
}
