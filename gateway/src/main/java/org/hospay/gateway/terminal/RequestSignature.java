package org.hospay.gateway.terminal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * docs/api.md §3: X-Signature = hex(HMAC-SHA256(secret, METHOD \n PATH \n timestamp \n nonce \n hex(SHA-256(body))
 * [\n operatorId])). The operator line exists only when the request carries {@code X-Operator-Id}, so a request
 * without one is signed exactly as before the header existed.
 * Shared by the verifying filter, the signing CLI and the tests, so the three cannot drift apart.
 */
public final class RequestSignature {

    private static final HexFormat HEX = HexFormat.of();

    private RequestSignature() {}

    public static String sign(byte[] secret, String method, String path, String timestamp, String nonce, byte[] body) {
        return sign(secret, method, path, timestamp, nonce, body, null);
    }

    /** {@code operatorId}: the {@code X-Operator-Id} sent, or null when the request has none. */
    public static String sign(byte[] secret, String method, String path, String timestamp, String nonce, byte[] body, String operatorId) {
        String canonical = method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body)
                + (operatorId == null ? "" : "\n" + operatorId);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Constant-time comparison of a presented lowercase-hex signature with the expected one. */
    public static boolean matches(String expectedHex, String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
