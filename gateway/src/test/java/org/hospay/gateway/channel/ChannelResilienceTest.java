package org.hospay.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** What the circuit breaker counts as a channel failure, and what the caller sees meanwhile. No I/O. */
class ChannelResilienceTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(4)
            .minimumNumberOfCalls(4)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1))
            .build());
    private final ChannelResilience guard = new ChannelResilience(breakers, BulkheadRegistry.ofDefaults(),
            RetryRegistry.of(RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(1))
                    .retryOnResult(r -> new UnknownOutcome().test(r)).build()));

    private final AtomicInteger sent = new AtomicInteger();

    /** A call that counts how often it was really made. */
    private Mono<Outcome<String>> call(Outcome<String> outcome) {
        return Mono.fromSupplier(() -> {
            sent.incrementAndGet();
            return outcome;
        });
    }

    private static Outcome<String> unreachable() {
        return Outcome.declined(DeclineCodes.CHANNEL_UNAVAILABLE, "WeChat Pay not reachable, nothing was sent: Connection refused", "CONNECT_FAILED");
    }

    private CircuitBreaker breaker(Channel c) {
        return breakers.circuitBreaker(c.name());
    }

    @Test
    void anUnreachableHostCountsAsAFailureAndOpensTheCircuit() {
        for (int i = 0; i < 4; i++) {
            assertThat(guard.command(Channel.WECHAT, call(unreachable())).block(WAIT))
                    .as("the caller still sees the safe decline").isEqualTo(unreachable());
        }

        assertThat(breaker(Channel.WECHAT).getMetrics().getNumberOfFailedCalls()).isEqualTo(4);
        assertThat(breaker(Channel.WECHAT).getState()).isEqualTo(CircuitBreaker.State.OPEN);

        Outcome<String> refused = guard.command(Channel.WECHAT, call(Outcome.succeeded("paid"))).block(WAIT);
        assertThat(refused).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
            assertThat(d.code()).isEqualTo(DeclineCodes.CHANNEL_UNAVAILABLE);
            assertThat(d.vendorCode()).isEqualTo("CIRCUIT_OPEN");
        });
        assertThat(sent).as("the open circuit sent nothing").hasValue(4);
        assertThat(breaker(Channel.ALIPAY).getState()).as("per channel").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void unknownOutcomesCountAsFailures() {
        for (int i = 0; i < 4; i++) {
            assertThat(guard.command(Channel.UNIONPAY, call(Outcome.unknown("no answer in time"))).block(WAIT)).isInstanceOf(Outcome.Unknown.class);
        }

        assertThat(breaker(Channel.UNIONPAY).getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void answersAndRefusalsOnOurSideSayTheChannelWorks() {
        Outcome<String> insufficient = Outcome.declined(DeclineCodes.INSUFFICIENT_FUNDS, "not enough", "NOT_ENOUGH");
        Outcome<String> rateLimited = Outcome.declined(DeclineCodes.CHANNEL_BUSY, "429", "HTTP_429");
        Outcome<String> unsigned = Outcome.declined(DeclineCodes.SIGNING_FAILED, "bad key", "LOCAL");
        for (Outcome<String> o : java.util.List.of(insufficient, rateLimited, unsigned, Outcome.<String>pending("USERPAYING"),
                Outcome.succeeded("paid"), insufficient)) {
            assertThat(guard.command(Channel.ALIPAY, call(o)).block(WAIT)).isEqualTo(o);
        }

        assertThat(breaker(Channel.ALIPAY).getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker(Channel.ALIPAY).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theInsurancePlatformUnreachableOpensItsOwnCircuit() {
        for (int i = 0; i < 4; i++) guard.query(Channel.INSURANCE, call(unreachable())).block(WAIT);

        assertThat(breaker(Channel.INSURANCE).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(sent).as("an unreachable query is not retried").hasValue(4);
    }

    @Test
    void queriesAndOnlyQueriesAreRetriedOnUnknown() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<Outcome<String>> flaky = Mono.fromSupplier(() -> attempts.incrementAndGet() < 3 ? Outcome.unknown("5xx") : Outcome.succeeded("paid"));

        assertThat(guard.query(Channel.WECHAT, flaky).block(WAIT)).isEqualTo(Outcome.succeeded("paid"));
        assertThat(attempts).hasValue(3);

        assertThat(guard.command(Channel.ALIPAY, call(Outcome.unknown("5xx"))).block(WAIT)).isInstanceOf(Outcome.Unknown.class);
        assertThat(sent).hasValue(1);
    }

    @Test
    void anErrorFromACallIsUnknownNeverAThrow() {
        assertThat(guard.command(Channel.WECHAT, Mono.<Outcome<String>>error(new IllegalStateException("bug"))).block(WAIT))
                .isInstanceOf(Outcome.Unknown.class);
    }
}
