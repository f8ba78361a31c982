package org.hospay.code;

/**
 * RFC 4648 base32 (alphabet {@code A–Z 2–7}), without padding, canonical only.
 *
 * <p>Every character is in the QR alphanumeric set. Decoding refuses a final character whose unused
 * low bits are not zero, so each byte string has exactly one text form: a changed character always
 * means changed bytes, which keeps "one character of the signature changed" a signature failure.
 */
final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base32() {
    }

    static int encodedLength(int bytes) {
        return (bytes * 8 + 4) / 5;
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder(encodedLength(data.length));
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1F]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1F]);
        }
        return out.toString();
    }

    /** The bytes of {@code text[from, to)}, or null if that range is not canonical base32 of a whole number of bytes. */
    static byte[] decode(CharSequence text, int from, int to) {
        int chars = to - from;
        int bytes = chars * 5 / 8;
        if (encodedLength(bytes) != chars) {
            return null;
        }
        byte[] out = new byte[bytes];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            int value = value(text.charAt(i));
            if (value < 0) {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            return null;
        }
        return out;
    }

    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }
}
