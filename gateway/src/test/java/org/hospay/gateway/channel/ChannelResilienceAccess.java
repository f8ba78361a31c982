package org.hospay.gateway.channel;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;

/** Lets tests of other packages build the real {@link ChannelResilience} on registries of their own. */
public final class ChannelResilienceAccess {

    private ChannelResilienceAccess() {}

    public static ChannelResilience guard(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, RetryRegistry retries) {
        return new ChannelResilience(breakers, bulkheads, retries);
    }
}
