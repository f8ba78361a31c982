package org.hospay.gateway.limits;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** The token buckets behind {@link RateLimits}: Redis in production ({@link RedisBuckets}), a map in unit tests. */
interface Buckets {

    /** Takes one token from the bucket {@code key} shaped by {@code limit}; errors when the store cannot say. */
    Mono<Probe> tryConsume(String key, RateLimitProperties.Limit limit);

    /** {@code retryAfter}: when a token will be there again (zero when one was taken). */
    record Probe(boolean consumed, Duration retryAfter) {}
}
