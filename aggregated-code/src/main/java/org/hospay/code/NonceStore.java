package org.hospay.code;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Remembers which code nonces were used, so a signed code is accepted once. JDK types only, so the
 * gateway can implement it on Redis ({@code SET key 1 NX EX ttl}) and a kiosk in memory
 * ({@link InMemoryNonceStore}).
 *
 * <p>An implementation must remember a claimed nonce at least until {@code expiresAt} as the
 * verifier's clock sees it (a Redis TTL of the remaining validity plus the verifier's
 * {@link AggregatedCodeVerifier#MAX_CLOCK_SKEW} is enough); after that the verifier refuses the code
 * as expired, so forgetting it is safe. A failed stage means the store could not answer; the
 * verifier passes that failure on rather than guess.
 */
public interface NonceStore {

    /**
     * Atomically records the nonce as used.
     *
     * @return true if it was not used before (this caller claimed it), false if it was
     */
    CompletionStage<Boolean> claim(String keyId, String nonce, Instant expiresAt);

    /** Whether the nonce was claimed before, without claiming it. */
    CompletionStage<Boolean> seen(String keyId, String nonce);
}
