package org.hospay.code;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

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

    /**
     * Whether the text claims to be of the family: {@code HSA}, one or more digits, {@code ':'}.
     * Anything else starting with {@code HSA} may still be a hospital card number.
     */
    static boolean isFamily(String text) {
        if (!text.regionMatches(true, 0, FAMILY, 0, FAMILY.length())) {
            return false;
        }
        int i = FAMILY.length();
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i > FAMILY.length() && i < text.length() && text.charAt(i) == ':';
    }

    /**
     * A {@link ScannedCode.SignedCode} for well-formed {@code HSA1} text (signature not checked), an
     * {@link ScannedCode.Unrecognized} naming the first broken rule otherwise. The text is printable
     * ASCII and {@link #isFamily} holds. Reasons name fields, never their contents.
     */
    static ScannedCode parse(String text) {
        if (!text.startsWith(FAMILY)) {
            return new ScannedCode.Unrecognized(
                    "HSA code in lower case; QR codes carry it in upper case (is the scanner's Caps Lock on?)");
        }
        if (!text.startsWith(PREFIX)) {
            return new ScannedCode.Unrecognized("unsupported HSA code version; this parser reads " + PREFIX);
        }
        if (text.length() > MAX_LENGTH) {
            return malformed("longer than " + MAX_LENGTH + " characters");
        }
        int[] starts = new int[FIELDS + 1];
        int field = 0;
        starts[0] = PREFIX.length();
        for (int i = PREFIX.length(); i < text.length(); i++) {
            if (text.charAt(i) == SEPARATOR) {
                if (++field == FIELDS) {
                    return malformed("more than " + FIELDS + " fields");
                }
                starts[field] = i + 1;
            }
        }
        if (field != FIELDS - 1) {
            return malformed((field + 1) + " fields, " + FIELDS + " expected");
        }
        starts[FIELDS] = text.length() + 1;

        String region = field(text, starts, 0);
        if (region.length() != REGION_LENGTH || !allDigits(region)) {
            return malformed("region must be " + REGION_LENGTH + " digits");
        }
        String token = field(text, starts, 1);
        if (!isWord(token, 1, TOKEN_MAX)) {
            return malformed("token must be 1-" + TOKEN_MAX + " of [0-9A-Z-]");
        }
        String channelField = field(text, starts, 2);
        PayChannel channel = null;
        if (!channelField.isEmpty()) {
            channel = channelField.length() == 1 ? PayChannel.fromLetter(channelField.charAt(0)) : null;
            if (channel == null) {
                return malformed("channel must be empty, W, A or U");
            }
        }
        String auth = field(text, starts, 3);
        if (!auth.isEmpty() && (channel == null || !isWord(auth, 1, AUTH_MAX))) {
            return malformed("payment authorisation must be empty, or 1-" + AUTH_MAX
                    + " of [0-9A-Z-] with a channel");
        }
        long issued = epochSeconds(field(text, starts, 4));
        long expires = epochSeconds(field(text, starts, 5));
        if (issued < 0 || expires < 0) {
            return malformed("issued-at and expiry must be " + EPOCH_DIGITS + "-digit epoch seconds");
        }
        if (expires <= issued || expires - issued > AggregatedCodeIssuer.MAX_VALIDITY.toSeconds()) {
            return malformed("expiry must be 1 s to " + AggregatedCodeIssuer.MAX_VALIDITY.toHours()
                    + " h after issued-at");
        }
        String nonce = field(text, starts, 6);
        if (nonce.length() != NONCE_LENGTH || Base32.decode(nonce, 0, nonce.length()) == null) {
            return malformed("nonce must be " + NONCE_LENGTH + " base32 characters");
        }
        String keyId = field(text, starts, 7);
        if (!isWord(keyId, 1, KEY_ID_MAX)) {
            return malformed("key id must be 1-" + KEY_ID_MAX + " of [0-9A-Z-]");
        }
        int signatureStart = starts[8];
        byte[] signature = Base32.decode(text, signatureStart, text.length());
        if (signature == null || signature.length != Sm2.RAW_SIGNATURE_LENGTH) {
            return malformed("signature must be " + SIGNATURE_LENGTH + " canonical base32 characters");
        }
        byte[] signed = ascii(text.substring(0, signatureStart - 1));
        Instant issuedAt = Instant.ofEpochSecond(issued);
        Instant expiresAt = Instant.ofEpochSecond(expires);
        if (channel == null) {
            return new ScannedCode.InsuranceEVoucher(region, token, issuedAt, expiresAt, nonce, keyId, signed,
                    signature);
        }
        return new ScannedCode.AggregatedCode(region, token, channel, Optional.ofNullable(auth.isEmpty() ? null : auth),
                issuedAt, expiresAt, nonce, keyId, signed, signature);
    }

    private static ScannedCode.Unrecognized malformed(String rule) {
        return new ScannedCode.Unrecognized("malformed " + PREFIX + " code: " + rule);
    }

    private static String field(String text, int[] starts, int index) {
        return text.substring(starts[index], starts[index + 1] - 1);
    }

    /** The value of exactly {@value #EPOCH_DIGITS} digits without a leading zero, or -1. */
    private static long epochSeconds(String s) {
        if (s.length() != EPOCH_DIGITS || s.charAt(0) == '0' || !allDigits(s)) {
            return -1;
        }
        return Long.parseLong(s);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
