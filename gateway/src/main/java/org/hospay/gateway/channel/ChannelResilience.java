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
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every channel call goes through here, composed in one visible place: CircuitBreaker ∘ Bulkhead (the
 * bulkhead never waits: a full one refuses at once, so nothing queues on an event loop). Instances are
 * named by {@link Channel} and configured under {@code resilience4j.*} in application.yml. There is no
 * time limiter: the adapters' transport owns the response timeout (see
 * {@link org.hospay.channels.http.HttpTransport}), so a call that times out arrives here as Unknown.
 *
 * <p>What the guards' refusals mean for money: an open circuit or a full bulkhead means the call was
 * never sent, so it is Declined (safe to fail the payment). Queries, and only queries, are retried.
 *
 * <p>What the breaker counts as a failure is decided here, by {@link #unwell}: an Unknown outcome (the
 * channel did not answer in time, answered 5xx, said "system error") and an unreachable channel
 * (connection refused, unknown host, connect timeout). The latter is a safe Declined for the payment,
 * but a breaker that saw it as a success would keep sending every payment to a channel that is down.
 */
@Component
public class ChannelResilience {

    private static final Logger log = LoggerFactory.getLogger(ChannelResilience.class);

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
        return guard(channel, call);
    }

    /** A read (query, person look-up): retried on Unknown per the channel's retry policy. */
    public <T> Mono<Outcome<T>> query(Channel channel, Mono<Outcome<T>> call) {
        return guard(channel, call).transformDeferred(RetryOperator.of(retries.retry(channel.name())))
                .onErrorResume(e -> Mono.just(Outcome.unknown("query failed after retries: " + e)));
    }

    /** Whether an outcome says the channel is unwell (a failure for its circuit breaker). */
    static boolean unwell(Outcome<?> outcome) {
        return switch (outcome) {
            case Outcome.Unknown<?> u -> true;
            case Outcome.Declined<?> d -> d.unreachable();
            case Outcome.Succeeded<?> s -> false;
            case Outcome.Pending<?> p -> false;
        };
    }

    private <T> Mono<Outcome<T>> guard(Channel channel, Mono<Outcome<T>> call) {
        String name = channel.name();
        return Mono.defer(() -> call)
                // The breaker records errors as failures: an unwell outcome crosses it as one and is restored below.
                .flatMap(o -> unwell(o) ? Mono.<Outcome<T>>error(new Unwell(o)) : Mono.just(o))
                .transformDeferred(BulkheadOperator.of(bulkheads.bulkhead(name)))
                .transformDeferred(CircuitBreakerOperator.of(breakers.circuitBreaker(name)))
                .onErrorResume(Unwell.class, e -> Mono.just(e.outcome()))
                .onErrorResume(CallNotPermittedException.class, e -> Mono.just(Outcome.declined(DeclineCodes.CHANNEL_UNAVAILABLE,
                        name + " is failing; the circuit is open, nothing was sent", "CIRCUIT_OPEN")))
                .onErrorResume(BulkheadFullException.class, e -> Mono.just(Outcome.declined(DeclineCodes.CHANNEL_BUSY,
                        name + " has too many calls in flight; nothing was sent", "BULKHEAD_FULL")))
                .onErrorResume(e -> {
                    // Not an answer and not a known transport failure: a defect somewhere on the call's path. The outcome
                    // is unknown (queried, then decided); the stack is what finds the defect.
                    log.warn("{} call failed unexpectedly; its outcome is unknown and will be queried", name, e);
                    return Mono.just(Outcome.unknown(name + " call failed: " + e));
                });
    }

    /** Carries an unwell outcome through the circuit breaker as the error it records; never leaves this class. */
    private static final class Unwell extends RuntimeException {

        private final transient Outcome<?> outcome;

        Unwell(Outcome<?> outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }

        @SuppressWarnings("unchecked")
        <T> Outcome<T> outcome() {
            return (Outcome<T>) outcome;
        }
    }
}
