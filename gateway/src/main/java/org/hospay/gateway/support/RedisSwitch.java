package org.hospay.gateway.support;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where the short-lived shared state (request nonces, single-use codes, NFC sessions) goes: Redis while it answers,
 * PostgreSQL while it does not (docs/operations.md §8). A circuit breaker named {@code redis} watches the Redis
 * calls: a failed or slow one (over {@code hospay.redis.fallback.timeout}) is answered from PostgreSQL at once, and
 * after a few failures the breaker opens so no request waits for Redis at all; every
 * {@code hospay.redis.fallback.retry-after} one call tries Redis again, and Redis is used again as soon as it
 * answers.
 *
 * <p>What was written to PostgreSQL while Redis was away must still count after it returns (a nonce used during the
 * outage is refused after it). Stores do that by also checking PostgreSQL until the {@link #horizon()}: the latest
 * expiry of anything written there, by this instance (known at once) or another (read by {@link FallbackKeys}'s
 * sweep every few seconds).
 */
@Component
public class RedisSwitch {

    private static final Logger log = LoggerFactory.getLogger(RedisSwitch.class);

    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final Clock clock;
    private final AtomicReference<Instant> horizon = new AtomicReference<>(Instant.EPOCH);

    RedisSwitch(CircuitBreakerRegistry breakers, Clock clock,
                @Value("${hospay.redis.fallback.timeout:500ms}") Duration timeout,
                @Value("${hospay.redis.fallback.retry-after:2s}") Duration retryAfter) {
        this.clock = clock;
        this.timeout = timeout;
        this.breaker = breakers.circuitBreaker("redis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                // Recorded on event loops: the lock-free window never parks one (channel/BreakerWindows).
                .slidingWindowSynchronizationStrategy(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(retryAfter)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        // Logged when Redis is lost and when it is back; the tries in between (every retry-after) only at debug.
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.StateTransition t = e.getStateTransition();
            if (t == CircuitBreaker.StateTransition.CLOSED_TO_OPEN) log.warn("Redis unreachable: shared state kept in PostgreSQL until it answers");
            else if (t.getToState() == CircuitBreaker.State.CLOSED) log.warn("Redis answers again: shared state back in Redis");
            else log.debug("Redis: {}", t);
        });
    }

    /**
     * {@code onRedis} while Redis answers in time, else {@code onPostgres}. Errors of {@code onPostgres} are the
     * caller's (both stores down: 503 as before).
     */
    public <T> Mono<T> call(Supplier<Mono<T>> onRedis, Supplier<Mono<T>> onPostgres) {
        return Mono.defer(onRedis)
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(e -> {
                    if (!(e instanceof CallNotPermittedException)) log.debug("Redis call failed, answered from PostgreSQL: {}", e.toString());
                    return Mono.defer(onPostgres);
                });
    }

    /** True while Redis is believed unreachable (the breaker is not closed). */
    public boolean degraded() {
        return breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /** Until when PostgreSQL may hold a key or session the Redis path must also consult. */
    public Instant horizon() {
        return horizon.get();
    }

    /** Whether the Redis path must also consult PostgreSQL now. */
    public boolean checkBoth() {
        return clock.instant().isBefore(horizon.get());
    }

    /** Something written to PostgreSQL in place of Redis lasts until {@code expiresAt}. */
    public void extendHorizon(Instant expiresAt) {
        horizon.accumulateAndGet(expiresAt, (a, b) -> a.isAfter(b) ? a : b);
    }
}
