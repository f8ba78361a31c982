package org.hospay.simulator.wechat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat Pay API v3 on the wire, as the simulator reads the vendor's documentation (微信支付 API v3
 * 文档, "签名生成" / "签名验证" / "证书和回调报文解密"), written without the adapter's code:
 *
 * <ul>
 *   <li>Request signature (签名生成): the lines HTTP method, canonical URL (absolute path and query as
 *       sent), request timestamp, request nonce, request body, each followed by {@code \n} (an empty
 *       body still gives an empty line), signed SHA256withRSA with the merchant key, Base64; carried in
 *       {@code Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"}
 *       (the documentation says the order of the pairs does not matter).</li>
 *   <li>Answer and callback signature (签名验证): the lines answer timestamp, answer nonce, answer body,
 *       each followed by {@code \n}, signed with the platform key, sent in {@code Wechatpay-Timestamp},
 *       {@code Wechatpay-Nonce}, {@code Wechatpay-Signature}, {@code Wechatpay-Serial}.</li>
 *   <li>Callback resource (回调报文解密): AEAD_AES_256_GCM, key = the 32-byte APIv3 key, 12-byte nonce,
 *       associated data, 16-byte tag appended to the ciphertext, Base64.</li>
 * </ul>
 */
final class V3Wire {

    static final String SCHEME = "WECHATPAY2-SHA256-RSA2048";
    static final String H_SERIAL = "Wechatpay-Serial";
    static final String H_SIGNATURE = "Wechatpay-Signature";
    static final String H_TIMESTAMP = "Wechatpay-Timestamp";
    static final String H_NONCE = "Wechatpay-Nonce";
    static final String H_SIGNATURE_TYPE = "Wechatpay-Signature-Type";
    /** Requests whose timestamp is further off than this are refused (the documentation's 5 minutes). */
    static final long MAX_SKEW_SECONDS = 300;

    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private V3Wire() {}

    /** 签名串 of a request. */
    static String requestMessage(String method, String url, String timestamp, String nonce, String body) {
        return String.join("\n", method, url, timestamp, nonce, body == null ? "" : body) + "\n";
    }

    /** 签名串 of an answer or callback. */
    static String answerMessage(String timestamp, String nonce, String body) {
        return String.join("\n", timestamp, nonce, body == null ? "" : body) + "\n";
    }

    /**
     * The parameters of an {@code Authorization} header of the v3 scheme, any order; empty when it is
     * absent, of another scheme, or not a list of {@code key="value"} pairs.
     */
    static Map<String, String> authorization(String header) {
        if (header == null) return Map.of();
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equals(SCHEME)) return Map.of();
        Map<String, String> params = new HashMap<>();
        int i = space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) i++;
            if (i >= h.length()) break;
            int eq = h.indexOf('=', i);
            if (eq < 0 || eq + 1 >= h.length() || h.charAt(eq + 1) != '"') return Map.of();
            int close = h.indexOf('"', eq + 2);
            if (close < 0) return Map.of();
            params.put(h.substring(i, eq).strip(), h.substring(eq + 2, close));
            i = close + 1;
        }
        return params;
    }

    /** A random alphanumeric nonce of {@code length} characters. */
    static String nonce(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        return b.toString();
    }

    /** AEAD_AES_256_GCM encryption of a callback resource: ciphertext with the 16-byte tag appended. */
    static byte[] encryptResource(byte[] apiV3Key, String nonce, String associatedData, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key, "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed: " + e.getMessage(), e);
        }
    }
}
