package org.hospay.code;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Mints {@code HSA1} codes the way the insurance platform would: a plain e-voucher when no channel
 * is given, an aggregated code (e-voucher + self-pay channel + optional payment authorisation)
 * otherwise. Used by the channel simulator and by tests; the gateway only parses and verifies.
 *
 * <p>Thread-safe: the key is immutable and every call draws its own nonce from a shared
 * {@link SecureRandom}.
 */
public final class AggregatedCodeIssuer {

    /** Longest validity the issuer grants; e-voucher QR codes are meant to be refreshed, not kept. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyId;
    private final PrivateKey privateKey;
    private final Clock clock;

    /**
     * @param keyId         the platform key id, 1–16 of {@code [0-9A-Za-z-]}; written upper-case
     *                      into the code (key ids are case-insensitive)
     * @param sm2PrivateKey the platform's SM2 private key for that id
     * @throws IllegalArgumentException if the key id has another shape or the key is not SM2
     */
    public AggregatedCodeIssuer(String keyId, PrivateKey sm2PrivateKey, Clock clock) {
        Objects.requireNonNull(keyId, "keyId");
        String upper = keyId.toUpperCase(Locale.ROOT);
        if (!HsaFormat.isWord(upper, 1, HsaFormat.KEY_ID_MAX)) {
            throw new IllegalArgumentException("key id must be 1-" + HsaFormat.KEY_ID_MAX
                    + " characters of [0-9A-Za-z-], was '" + keyId + "'");
        }
        this.keyId = upper;
        this.privateKey = Objects.requireNonNull(sm2PrivateKey, "sm2PrivateKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        Sm2.privateKeyHex(sm2PrivateKey); // rejects a non-SM2 key now rather than at the first issue
    }

    /**
     * A fresh code, issued now, with a new random nonce.
     *
     * @param regionCode        the insured person's region (参保地区编码), 6 ASCII digits
     * @param evoucherToken     the e-voucher token (ecToken), 1–40 of {@code [0-9A-Z-]}
     * @param channelOrNull     the self-pay channel; null for a plain e-voucher
     * @param paymentAuthOrNull the channel's payment authorisation (e.g. WeChat {@code pay_auth_no}),
     *                          1–32 of {@code [0-9A-Z-]}; only with a channel
     * @param validity          whole seconds, 1 s to {@link #MAX_VALIDITY}; issued-at is the
     *                          clock's instant truncated to the second
     * @throws IllegalArgumentException if a field breaks the rules above
     */
    public String issue(String regionCode, String evoucherToken, PayChannel channelOrNull,
                        String paymentAuthOrNull, Duration validity) {
        require(regionCode != null && regionCode.length() == HsaFormat.REGION_LENGTH
                && regionCode.chars().allMatch(c -> c >= '0' && c <= '9'),
                "region code must be 6 ASCII digits, was '" + regionCode + "'");
        require(evoucherToken != null && HsaFormat.isWord(evoucherToken, 1, HsaFormat.TOKEN_MAX),
                "e-voucher token must be 1-" + HsaFormat.TOKEN_MAX + " characters of [0-9A-Z-]");
        if (paymentAuthOrNull != null) {
            require(channelOrNull != null, "a payment authorisation needs a channel");
            require(HsaFormat.isWord(paymentAuthOrNull, 1, HsaFormat.AUTH_MAX),
                    "payment authorisation must be 1-" + HsaFormat.AUTH_MAX + " characters of [0-9A-Z-]");
        }
        Objects.requireNonNull(validity, "validity");
        require(validity.toSeconds() >= 1 && validity.compareTo(MAX_VALIDITY) <= 0,
                "validity must be between 1 s and " + MAX_VALIDITY + ", was " + validity);

        Instant issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = issuedAt.plusSeconds(validity.toSeconds());
        require(issuedAt.getEpochSecond() >= HsaFormat.EPOCH_MIN
                        && expiresAt.getEpochSecond() <= HsaFormat.EPOCH_MAX,
                "the clock (" + issuedAt + ") is outside the 10-digit epoch-second range of the format");

        byte[] nonceBytes = new byte[HsaFormat.NONCE_BYTES];
        RANDOM.nextBytes(nonceBytes);
        String unsigned = HsaFormat.unsigned(regionCode, evoucherToken, channelOrNull, paymentAuthOrNull,
                issuedAt, expiresAt, Base32.encode(nonceBytes), keyId);
        byte[] signature = Sm2.signRaw(privateKey, HsaFormat.ascii(unsigned));
        return unsigned + HsaFormat.SEPARATOR + Base32.encode(signature);
    }

    /** The key id as written into codes (upper case). */
    public String keyId() {
        return keyId;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
