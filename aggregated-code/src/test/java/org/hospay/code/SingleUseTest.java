package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.NOW;
import static org.hospay.code.Fixtures.VERIFIER;
import static org.hospay.code.Fixtures.signed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hospay.code.Verification.Reason;
import org.hospay.code.Verification.Rejected;
import org.hospay.code.Verification.Verified;
import org.junit.jupiter.api.Test;

class SingleUseTest {

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(NOW);
    private final InMemoryNonceStore store = new InMemoryNonceStore(clock);

    private static Verification now(CompletionStage<Verification> stage) {
        assertThat(stage.toCompletableFuture()).isDone();
        return stage.toCompletableFuture().join();
    }

    @Test
    void aCodeIsAcceptedOnceAndThenReplayed() {
        var code = signed(Fixtures.AGGREGATED);

        assertThat(now(VERIFIER.verifyAndClaim(code, store))).isEqualTo(new Verified(code));
        Verification again = now(VERIFIER.verifyAndClaim(code, store));

        assertThat(again).isInstanceOf(Rejected.class);
        assertThat(((Rejected) again).reason()).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void checkingDoesNotUseTheCodeButSeesThatItWasUsed() {
        var code = signed(Fixtures.AGGREGATED);

        assertThat(now(VERIFIER.verifyAndCheck(code, store))).isInstanceOf(Verified.class);
        assertThat(now(VERIFIER.verifyAndCheck(code, store))).isInstanceOf(Verified.class);
        assertThat(now(VERIFIER.verifyAndClaim(code, store))).isInstanceOf(Verified.class);
        assertThat(((Rejected) now(VERIFIER.verifyAndCheck(code, store))).reason()).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void aForgeryCannotBurnTheGenuineCodesNonce() {
        var genuine = signed(Fixtures.AGGREGATED);
        var forged = signed(Fixtures.AGGREGATED.replace("PAYAUTH-0001", "PAYAUTH-0666"));
        assertThat(forged.nonce()).isEqualTo(genuine.nonce());

        assertThat(((Rejected) now(VERIFIER.verifyAndClaim(forged, store))).reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(now(VERIFIER.verifyAndClaim(genuine, store))).isInstanceOf(Verified.class);
    }

    @Test
    void anExpiredCodeIsRejectedWithoutTouchingTheStore() {
        var code = signed(Fixtures.AGGREGATED);
        var expiredVerifier = new AggregatedCodeVerifier(DemoKeys.platformPublicKeys(),
                java.time.Clock.fixed(code.expiresAt(), java.time.ZoneOffset.UTC));

        assertThat(((Rejected) now(expiredVerifier.verifyAndClaim(code, store))).reason()).isEqualTo(Reason.EXPIRED);
        assertThat(store.size()).isZero();
    }

    @Test
    void aStoreFailureFailsTheStageInsteadOfGuessing() {
        var failing = new NonceStore() {
            @Override
            public CompletionStage<Boolean> claim(String keyId, String nonce, Instant expiresAt) {
                return CompletableFuture.failedFuture(new IllegalStateException("redis down"));
            }

            @Override
            public CompletionStage<Boolean> seen(String keyId, String nonce) {
                throw new IllegalStateException("redis down");
            }
        };
        var code = signed(Fixtures.AGGREGATED);

        assertThat(VERIFIER.verifyAndClaim(code, failing).toCompletableFuture()).isCompletedExceptionally();
        assertThat(VERIFIER.verifyAndCheck(code, failing).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void theStoreClaimsANonceOncePerKeyIdIgnoringCase() {
        Instant expiry = NOW.plusSeconds(60);

        assertThat(store.claim("DEMO-2026", "N1", expiry).toCompletableFuture().join()).isTrue();
        assertThat(store.claim("demo-2026", "N1", expiry).toCompletableFuture().join()).isFalse();
        assertThat(store.claim("DEMO-2025", "N1", expiry).toCompletableFuture().join()).isTrue();
        assertThat(store.seen("Demo-2026", "N1").toCompletableFuture().join()).isTrue();
        assertThat(store.seen("DEMO-2026", "N2").toCompletableFuture().join()).isFalse();
    }

    @Test
    void theStoreForgetsANonceAtItsExpiryAndDropsExpiredEntries() {
        store.claim("K", "SHORT", NOW.plusSeconds(5));
        store.claim("K", "LONG", NOW.plusSeconds(600));

        clock.advance(Duration.ofSeconds(5));
        assertThat(store.seen("K", "SHORT").toCompletableFuture().join()).isFalse();
        assertThat(store.seen("K", "LONG").toCompletableFuture().join()).isTrue();

        clock.advance(InMemoryNonceStore.SWEEP_INTERVAL);
        store.claim("K", "OTHER", NOW.plusSeconds(600));
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void aNonceCanBeClaimedAgainFromItsExpiryEvenBeforeASweep() {
        Instant expiry = NOW.plusSeconds(5);
        store.claim("K", "N", expiry);

        clock.set(expiry.minusMillis(1));
        assertThat(store.claim("K", "N", expiry).toCompletableFuture().join()).isFalse();
        clock.set(expiry);
        assertThat(store.claim("K", "N", expiry.plusSeconds(5)).toCompletableFuture().join()).isTrue();
        assertThat(store.claim("K", "N", expiry.plusSeconds(5)).toCompletableFuture().join()).isFalse();
    }

    @Test
    void concurrentClaimsOfOneNonceHaveExactlyOneWinner() throws InterruptedException, ExecutionException {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                String nonce = "N" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    claims.add(pool.submit(() -> {
                        start.await();
                        return store.claim("K", nonce, NOW.plusSeconds(60)).toCompletableFuture().join();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> claim : claims) {
                    winners += claim.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
