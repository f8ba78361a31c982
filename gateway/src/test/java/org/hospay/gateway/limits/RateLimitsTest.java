package org.hospay.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hospay.gateway.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The limits' rules over buckets that never refill (a test's minute never ends), and their failing open. */
class RateLimitsTest {

    /** Counts tokens per key; answers "in 42 s" once a bucket is empty. */
    static final class CountingBuckets implements Buckets {
        final Map<String, Long> taken = new HashMap<>();

        @Override
        public Mono<Probe> tryConsume(String key, RateLimitProperties.Limit limit) {
            long n = taken.merge(key, 1L, Long::sum);
            return Mono.just(n <= limit.capacity() ? new Probe(true, Duration.ZERO) : new Probe(false, Duration.ofSeconds(42)));
        }
    }

    private static RateLimitProperties defaults() {
        return new RateLimitProperties(null, null, null, null, null, null, null);
    }

    @Test
    void theSixthVerificationByOneUserInAMinuteIsRefusedWithWhenToComeBack() {
        var limits = new RateLimits(new CountingBuckets(), defaults(), "t");
        for (int i = 0; i < 5; i++) StepVerifier.create(limits.verification("payer-1", "H000000000" + i)).verifyComplete();
        StepVerifier.create(limits.verification("payer-1", "H0000000009"))
                .expectErrorSatisfies(e -> {
                    ApiException api = (ApiException) e;
                    assertThat(api.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(api.code()).isEqualTo("RATE_LIMITED");
                    assertThat(api.details()).containsEntry("retryAfterSeconds", 42L);
                })
                .verify();
        StepVerifier.create(limits.verification("payer-2", "H0000000009")).as("another user").verifyComplete();
    }

    @Test
    void oneCardIsTriedAtMostTenTimesAMinuteByEveryoneTogether() {
        var limits = new RateLimits(new CountingBuckets(), defaults(), "t");
        for (int i = 0; i < 10; i++) StepVerifier.create(limits.verification("user-" + i, "H1234567890")).verifyComplete();
        StepVerifier.create(limits.verification("user-10", "H1234567890")).expectError(ApiException.class).verify();
    }

    @Test
    void authFailuresCountPerTerminalIdAndPerAddressAndAnswerTheLongerWait() {
        var limits = new RateLimits(new CountingBuckets(), defaults(), "t");
        for (int i = 0; i < 10; i++) assertThat(limits.authFailure("term-1", "10.0.0.1").block()).isEmpty();
        assertThat(limits.authFailure("term-1", "10.0.0.2").block()).contains(Duration.ofSeconds(42));
        assertThat(limits.authFailure("term-2", "10.0.0.1").block()).as("address still has budget").isEmpty();
        assertThat(limits.authFailure(null, null).block()).isEmpty();
        assertThat(RateLimits.longer(Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofSeconds(3)))).contains(Duration.ofSeconds(3));
    }

    @Test
    void paymentsPerTerminalAreLimited() {
        var props = new RateLimitProperties(true, null, null, null, null, null, new RateLimitProperties.Limit(2, Duration.ofSeconds(1)));
        var limits = new RateLimits(new CountingBuckets(), props, "t");
        StepVerifier.create(limits.newPayment("w1").then(limits.newPayment("w1"))).verifyComplete();
        StepVerifier.create(limits.newPayment("w1")).expectError(ApiException.class).verify();
        StepVerifier.create(limits.newPayment("w2")).verifyComplete();
    }

    @Test
    void redisDownOrSlowCountsInThisInstancesMemoryInstead() {
        Buckets down = (key, limit) -> Mono.error(new IllegalStateException("connection refused"));
        var limits = new RateLimits(down, defaults(), "t");
        for (int i = 0; i < 5; i++) StepVerifier.create(limits.verification("payer-1", "H0000000001")).verifyComplete();
        StepVerifier.create(limits.verification("payer-1", "H0000000001"))
                .expectErrorSatisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("RATE_LIMITED"))
                .verify();
        StepVerifier.create(limits.verification("payer-2", "H0000000002")).verifyComplete();
        assertThat(limits.authFailure("t", "a").block()).isEmpty();

        Buckets slow = (key, limit) -> Mono.never();
        var props = new RateLimitProperties(true, Duration.ofMillis(20), null, null, null, null, null);
        StepVerifier.create(new RateLimits(slow, props, "t").newPayment("w1")).verifyComplete();
    }

    @Test
    void disabledLimitsAskNothing() {
        Buckets fails = (key, limit) -> Mono.error(new AssertionError("asked"));
        var props = new RateLimitProperties(false, null, null, null, null, null, null);
        StepVerifier.create(new RateLimits(fails, props, "t").newPayment("w1")).verifyComplete();
    }

    @Test
    void keysAreHashedUnderThePrefixSoNoCardNumberSitsInRedis() {
        var buckets = new CountingBuckets();
        new RateLimits(buckets, defaults(), "hospay").verification("payer-1", "H1234567890").block();
        assertThat(buckets.taken.keySet()).hasSize(2).allSatisfy(k -> {
            assertThat(k).startsWith("hospay:rl:verify-");
            assertThat(k).doesNotContain("H1234567890").doesNotContain("payer-1");
        });
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(ApiException.rateLimited("x", Duration.ofMillis(1)).details()).containsEntry("retryAfterSeconds", 1L);
        assertThat(ApiException.rateLimited("x", Duration.ofMillis(1001)).details()).containsEntry("retryAfterSeconds", 2L);
        assertThat(ApiException.rateLimited("x", Duration.ZERO).details()).containsEntry("retryAfterSeconds", 1L);
    }
}
