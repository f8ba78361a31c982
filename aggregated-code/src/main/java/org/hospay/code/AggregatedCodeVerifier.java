package org.hospay.code;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * Checks a parsed {@link ScannedCode.SignedCode}: the key id is configured, the SM2/SM3 signature
 * verifies over the signed text, it was not issued more than {@link #MAX_CLOCK_SKEW} in the future,
 * and it has not expired ({@code now >= expiresAt} is expired). Single use is checked against a
 * {@link NonceStore} by {@link #verifyAndClaim} and {@link #verifyAndCheck}.
 *
 * <p>The signature is checked before the times, so every reason other than
 * {@link Verification.Reason#UNKNOWN_KEY} and {@link Verification.Reason#BAD_SIGNATURE} is about text
 * the platform really signed. Checking times first would save no work against a forger, who can
 * write any times.
 *
 * <p>Thread-safe. Keys are converted to BouncyCastle parameters once, here; a verification costs one
 * SM2 verify (about 80 µs on the development machine) and a few allocations.
 */
public final class AggregatedCodeVerifier {

    /** How far in the future an issued-at may lie: the platform's and our clocks differ a little. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    private final Map<String, ECPublicKeyParameters> keysById;
    private final Clock clock;

    /**
     * @param platformKeysById the platform's SM2 public keys by key id; ids are case-insensitive,
     *                         1–16 of {@code [0-9A-Za-z-]}. Keep a retiring key here until the last
     *                         code it signed has expired (at most a day), then remove it.
     * @throws IllegalArgumentException naming the id, for a malformed id, an id given twice in
     *                                  different cases, or a key that is not SM2
     */
    public AggregatedCodeVerifier(Map<String, PublicKey> platformKeysById, Clock clock) {
        Objects.requireNonNull(platformKeysById, "platformKeysById");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, ECPublicKeyParameters> keys = new HashMap<>();
        platformKeysById.forEach((id, key) -> {
            String upper = id == null ? null : id.toUpperCase(Locale.ROOT);
            if (upper == null || !HsaFormat.isWord(upper, 1, HsaFormat.KEY_ID_MAX)) {
                throw new IllegalArgumentException("platform key id must be 1-" + HsaFormat.KEY_ID_MAX
                        + " characters of [0-9A-Za-z-], was '" + id + "'");
            }
            if (key == null) {
                throw new IllegalArgumentException("platform key '" + id + "' is null");
            }
            ECPublicKeyParameters parameters;
            try {
                parameters = Sm2.publicParameters(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("platform key '" + id + "': " + e.getMessage(), e);
            }
            if (keys.putIfAbsent(upper, parameters) != null) {
                throw new IllegalArgumentException("platform key id '" + id + "' is configured twice (ids ignore case)");
            }
        });
        this.keysById = Map.copyOf(keys);
    }

    /** Signature and validity window; no single-use check. */
    public Verification verify(ScannedCode.SignedCode code) {
        Objects.requireNonNull(code, "code");
        String keyId = code.keyId().toUpperCase(Locale.ROOT);
        ECPublicKeyParameters key = keysById.get(keyId);
        if (key == null) {
            return new Verification.Rejected(Verification.Reason.UNKNOWN_KEY,
                    "platform key '" + keyId + "' is not configured");
        }
        boolean authentic = switch (code) {
            case ScannedCode.InsuranceEVoucher v -> Sm2.verifyRaw(key, v.signedBytesUnsafe(), v.signatureUnsafe());
            case ScannedCode.AggregatedCode a -> Sm2.verifyRaw(key, a.signedBytesUnsafe(), a.signatureUnsafe());
        };
        if (!authentic) {
            return new Verification.Rejected(Verification.Reason.BAD_SIGNATURE,
                    "SM2 signature does not verify with platform key '" + keyId + "'");
        }
        Instant now = clock.instant();
        if (code.issuedAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            return new Verification.Rejected(Verification.Reason.NOT_YET_VALID,
                    "issued at " + code.issuedAt() + ", more than " + MAX_CLOCK_SKEW.toSeconds()
                            + " s after now (" + now + ")");
        }
        if (!now.isBefore(code.expiresAt())) {
            return new Verification.Rejected(Verification.Reason.EXPIRED,
                    "expired at " + code.expiresAt() + " (now " + now + ")");
        }
        return new Verification.Verified(code);
    }

    /**
     * {@link #verify}, then, only for a verified code, claims its nonce: a forged or expired code
     * cannot burn a genuine code's nonce. A nonce claimed before gives
     * {@link Verification.Reason#REPLAYED}. Never throws; a store failure fails the stage.
     */
    public CompletionStage<Verification> verifyAndClaim(ScannedCode.SignedCode code, NonceStore store) {
        return afterVerifying(code, store, true);
    }

    /**
     * {@link #verify}, then asks whether the nonce was used, without using it: for showing what a code
     * is without spending it. Never throws; a store failure fails the stage.
     */
    public CompletionStage<Verification> verifyAndCheck(ScannedCode.SignedCode code, NonceStore store) {
        return afterVerifying(code, store, false);
    }

    private CompletionStage<Verification> afterVerifying(ScannedCode.SignedCode code, NonceStore store,
                                                         boolean claim) {
        Verification verification;
        CompletionStage<Boolean> answer;
        try {
            Objects.requireNonNull(store, "store");
            verification = verify(code);
            if (verification instanceof Verification.Rejected) {
                return CompletableFuture.completedFuture(verification);
            }
            String keyId = code.keyId().toUpperCase(Locale.ROOT);
            answer = claim
                    ? store.claim(keyId, code.nonce(), code.expiresAt())
                    : store.seen(keyId, code.nonce());
            Objects.requireNonNull(answer, "the nonce store returned no stage");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Verification verified = verification;
        return answer.thenApply(yes -> {
            Objects.requireNonNull(yes, "the nonce store answered null");
            boolean replayed = claim ? !yes : yes;
            return replayed
                    ? new Verification.Rejected(Verification.Reason.REPLAYED,
                            "this code was already used (nonce claimed before); a code is accepted once")
                    : verified;
        });
    }
}
