package org.hospay.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The same token buckets in this instance's memory, for while Redis does not answer ({@link RateLimits}): each
 * instance then counts on its own, so N instances let through up to N times a limit, which is still a limit.
 * A bucket idle for a minute longer than the longest period is dropped (it would be full again anyway).
 */
final class LocalBuckets implements Buckets {

    private final Cache<String, Bucket> buckets;

    LocalBuckets(Duration longestPeriod) {
        this.buckets = Caffeine.newBuilder().expireAfterAccess(longestPeriod.plusMinutes(1)).maximumSize(200_000).build();
    }

    @Override
    public Mono<Probe> tryConsume(String key, RateLimitProperties.Limit limit) {
        return Mono.fromSupplier(() -> {
            var probe = buckets.get(key + "|" + limit.capacity() + "/" + limit.period().toMillis(),
                    k -> Bucket.builder().addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period())).build())
                    .tryConsumeAndReturnRemaining(1);
            return new Probe(probe.isConsumed(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
        });
    }
}
