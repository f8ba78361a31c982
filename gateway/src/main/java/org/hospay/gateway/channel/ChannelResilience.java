package org.hospay.gateway.channel;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.RetryRegistry;
import org.hospay.channels.Channel;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every channel call goes through here, composed in one visible place: CircuitBreaker ∘ Bulkhead (the
 * bulkhead never waits: a full one refuses at once, so nothing queues on an event loop). Instances are
 * configured under {@code resilience4j.*} in application.yml, by {@link Channel} name. There is no
 * time limiter: the adapters' transport owns the response timeout (see
 * {@link org.hospay.channels.http.HttpTransport}), so a call that times out arrives here as Unknown.
 *
 * <p>What the guards' refusals mean for money: an open circuit or a full bulkhead means the call
 * was never sent, so it is Declined (safe to fail the payment). Queries, and only queries, are retried.
 */
@Component
public class ChannelResilience {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RetryRegistry retries;

    ChannelResilience(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, RetryRegistry retries) {
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.retries = retries;
    }

    /** A call that changes money: never retried here. */
    public <T> Mono<Outcome<T>> command(Channel channel, Mono<Outcome<T>> call) {
        return guard(channel.name(), call);
    }

    /** A read (query, person look-up): retried on Unknown per the channel's retry policy. */
    public <T> Mono<Outcome<T>> query(Channel channel, Mono<Outcome<T>> call) {
        return guard(channel.name(), call).transformDeferred(RetryOperator.of(retries.retry(channel.name())))
                .onErrorResume(e -> Mono.just(Outcome.unknown("query failed after retries: " + e)));
    }

    private <T> Mono<Outcome<T>> guard(String channel, Mono<Outcome<T>> call) {
        return Mono.defer(() -> call)
                .transformDeferred(BulkheadOperator.of(bulkheads.bulkhead(channel)))
                .transformDeferred(CircuitBreakerOperator.of(breakers.circuitBreaker(channel)))
                .onErrorResume(CallNotPermittedException.class,
                        e -> Mono.just(Outcome.declined("CHANNEL_UNAVAILABLE", channel + " is failing; the circuit is open, nothing was sent", "CIRCUIT_OPEN")))
                .onErrorResume(BulkheadFullException.class,
                        e -> Mono.just(Outcome.declined("CHANNEL_BUSY", channel + " has too many calls in flight; nothing was sent", "BULKHEAD_FULL")))
                .onErrorResume(e -> Mono.just(Outcome.unknown(channel + " call failed: " + e)));
    }
}
