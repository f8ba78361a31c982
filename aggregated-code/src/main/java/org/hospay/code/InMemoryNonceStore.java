package org.hospay.code;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link NonceStore} in this process's memory, for a kiosk that verifies codes on its own and for
 * tests. Thread-safe; every stage it returns is already complete. Entries are kept until their
 * code's expiry and dropped by a sweep at most every {@link #SWEEP_INTERVAL}, run by whichever caller
 * finds it due, so memory stays bounded by the codes of the last day.
 */
public final class InMemoryNonceStore implements NonceStore {

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

    private final ConcurrentHashMap<String, Instant> expiryByNonce = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepEpochMilli = new AtomicLong(Long.MIN_VALUE);
    private final Clock clock;

    public InMemoryNonceStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletionStage<Boolean> claim(String keyId, String nonce, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        sweepIfDue(now);
        boolean[] claimed = {false};
        expiryByNonce.compute(key(keyId, nonce), (k, held) -> {
            if (held != null && now.isBefore(held)) {
                return held;
            }
            claimed[0] = true;
            return expiresAt;
        });
        return CompletableFuture.completedFuture(claimed[0]);
    }

    @Override
    public CompletionStage<Boolean> seen(String keyId, String nonce) {
        Instant held = expiryByNonce.get(key(keyId, nonce));
        return CompletableFuture.completedFuture(held != null && clock.instant().isBefore(held));
    }

    /** Entries held, including expired ones the next sweep will drop. */
    public int size() {
        return expiryByNonce.size();
    }

    private void sweepIfDue(Instant now) {
        long due = nextSweepEpochMilli.get();
        long nowMilli = now.toEpochMilli();
        if (nowMilli >= due && nextSweepEpochMilli.compareAndSet(due, nowMilli + SWEEP_INTERVAL.toMillis())) {
            expiryByNonce.values().removeIf(expiry -> !now.isBefore(expiry));
        }
    }

    private static String key(String keyId, String nonce) {
        return keyId.toUpperCase(Locale.ROOT) + '.' + Objects.requireNonNull(nonce, "nonce");
    }
}
