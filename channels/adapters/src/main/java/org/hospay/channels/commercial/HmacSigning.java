package org.hospay.channels.commercial;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 message signatures of the commercial-insurer protocol (README "Commercial insurer").
 * Request: {@code hex(HMAC(secret, METHOD \n PATH \n timestamp \n nonce \n hex(SHA-256(body))))};
 * answer: the same with the HTTP status in place of METHOD and PATH ({@code status \n timestamp \n
 * nonce \n hex(SHA-256(body))}). Lowercase hex; timestamps in unix seconds.
 */
public final class HmacSigning {

    private HmacSigning() {}

    public static String request(String secret, String method, String path, String timestamp, String nonce, byte[] body) {
        return hmac(secret, method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + sha256(body));
    }

    public static String answer(String secret, int status, String timestamp, String nonce, byte[] body) {
        return hmac(secret, status + "\n" + timestamp + "\n" + nonce + "\n" + sha256(body));
    }

    /** The answer's signature from the SHA-256 of its body, computed as the body streamed by (hex). */
    public static String answerOfDigest(String secret, int status, String timestamp, String nonce, String bodySha256Hex) {
        return hmac(secret, status + "\n" + timestamp + "\n" + nonce + "\n" + bodySha256Hex);
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** Constant-time comparison of two hex signatures; null is never equal. */
    public static boolean matches(String expected, String given) {
        if (expected == null || given == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without HmacSHA256", e);
        }
    }
}
