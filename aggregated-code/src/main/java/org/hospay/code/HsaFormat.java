package org.hospay.code;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Version 1 of the insurance e-voucher / aggregated code text (the README is the specification):
 *
 * <pre>HSA1:REGION.TOKEN.CHANNEL.AUTH.ISSUED.EXPIRES.NONCE.KEYID.SIGNATURE</pre>
 *
 * The signed message is the US-ASCII text before the last {@code '.'}, prefix included, so a
 * signature cannot be lifted onto another version or onto any other message the platform key signs.
 */
final class HsaFormat {

    static final String FAMILY = "HSA";
    static final String PREFIX = "HSA1:";
    static final char SEPARATOR = '.';
    static final int FIELDS = 9;

    static final int REGION_LENGTH = 6;
    static final int TOKEN_MAX = 40;
    static final int AUTH_MAX = 32;
    static final int EPOCH_DIGITS = 10;
    static final int NONCE_BYTES = 10;
    static final int NONCE_LENGTH = Base32.encodedLength(NONCE_BYTES);
    static final int KEY_ID_MAX = 16;
    static final int SIGNATURE_LENGTH = Base32.encodedLength(Sm2.RAW_SIGNATURE_LENGTH);
    static final int MAX_LENGTH = PREFIX.length() + REGION_LENGTH + TOKEN_MAX + 1 + AUTH_MAX
            + 2 * EPOCH_DIGITS + NONCE_LENGTH + KEY_ID_MAX + SIGNATURE_LENGTH + (FIELDS - 1);

    /** Smallest and largest instants a 10-digit epoch-second field can carry. */
    static final long EPOCH_MIN = 1_000_000_000L;
    static final long EPOCH_MAX = 9_999_999_999L;

    private HsaFormat() {
    }

    /** Token, authorisation and key id characters: QR alphanumeric, without the separator. */
    static boolean isWordChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-';
    }

    static boolean isWord(String s, int min, int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isWordChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The text that gets signed: everything up to, not including, the separator before the signature. */
    static String unsigned(String region, String token, PayChannel channel, String auth,
                           Instant issuedAt, Instant expiresAt, String nonce, String keyId) {
        return new StringBuilder(MAX_LENGTH)
                .append(PREFIX)
                .append(region).append(SEPARATOR)
                .append(token).append(SEPARATOR)
                .append(channel == null ? "" : String.valueOf(channel.letter())).append(SEPARATOR)
                .append(auth == null ? "" : auth).append(SEPARATOR)
                .append(issuedAt.getEpochSecond()).append(SEPARATOR)
                .append(expiresAt.getEpochSecond()).append(SEPARATOR)
                .append(nonce).append(SEPARATOR)
                .append(keyId)
                .toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
