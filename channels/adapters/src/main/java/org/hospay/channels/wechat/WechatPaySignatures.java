package org.hospay.channels.wechat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hospay.channels.crypto.RsaVerifier;

/**
 * The WeChat Pay v3 signature rules ({@code WECHATPAY2-SHA256-RSA2048}), shared by the adapter (signs
 * requests, verifies answers and callbacks) and the channel simulator (the other way round).
 *
 * <ul>
 *   <li>Request: SHA256withRSA with the merchant key over {@code METHOD\nURL\ntimestamp\nnonce\nbody\n}, where
 *       URL is the absolute path plus query as sent, sent as {@code Authorization: WECHATPAY2-SHA256-RSA2048
 *       mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"}.</li>
 *   <li>Answer and callback: SHA256withRSA with the WeChat Pay key over {@code timestamp\nnonce\nbody\n}, sent in
 *       {@code Wechatpay-Timestamp}, {@code Wechatpay-Nonce}, {@code Wechatpay-Signature}, naming the key in
 *       {@code Wechatpay-Serial}.</li>
 * </ul>
 */
public final class WechatPaySignatures {

    public static final String SCHEME = "WECHATPAY2-SHA256-RSA2048";
    public static final String SERIAL = "Wechatpay-Serial";
    public static final String SIGNATURE = "Wechatpay-Signature";
    public static final String TIMESTAMP = "Wechatpay-Timestamp";
    public static final String NONCE = "Wechatpay-Nonce";
    public static final String SIGNATURE_TYPE = "Wechatpay-Signature-Type";

    /** WeChat's advice: refuse answers and callbacks whose timestamp is more than 5 minutes off (replay). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final char[] NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private WechatPaySignatures() {}

    public static String requestMessage(String method, String pathAndQuery, String timestamp, String nonce, String body) {
        return method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n";
    }

    public static String answerMessage(String timestamp, String nonce, String body) {
        return timestamp + "\n" + nonce + "\n" + body + "\n";
    }

    public static String authorization(String mchid, String nonce, String timestamp, String serialNo, String signature) {
        return SCHEME + " mchid=\"" + mchid + "\",nonce_str=\"" + nonce + "\",timestamp=\"" + timestamp
                + "\",serial_no=\"" + serialNo + "\",signature=\"" + signature + "\"";
    }

    /**
     * The {@code key="value"} pairs of an {@code Authorization} header in our scheme, in order; empty when the
     * header is missing or of another scheme. Values cannot contain quotes or commas (Base64, digits, ids).
     */
    public static Map<String, String> parseAuthorization(String header) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (header == null || !header.startsWith(SCHEME + " ")) return pairs;
        for (String part : header.substring(SCHEME.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) return Map.of();
            String value = part.substring(eq + 1).strip();
            if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') return Map.of();
            pairs.put(part.substring(0, eq).strip(), value.substring(1, value.length() - 1));
        }
        return pairs;
    }

    /** 32 random upper-case letters and digits, as WeChat's own SDKs send. */
    public static String nonce() {
        char[] n = new char[32];
        for (int i = 0; i < n.length; i++) n[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        return new String(n);
    }

    /**
     * Checks answers and callbacks signed by WeChat Pay: the named key, a fresh timestamp and the signature
     * over the exact body received.
     */
    public static final class Verifier {

        private final String keyId;
        private final RsaVerifier rsa;
        private final Clock clock;

        public Verifier(String keyId, java.security.PublicKey key, Clock clock) {
            this.keyId = Objects.requireNonNull(keyId, "keyId");
            this.rsa = new RsaVerifier(key);
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** Why the signed message cannot be trusted, or null when it verifies. */
        public String refusal(String serial, String timestamp, String nonce, String signature, String body) {
            if (serial == null || timestamp == null || nonce == null || signature == null)
                return "not signed (Wechatpay-Serial/Timestamp/Nonce/Signature missing)";
            if (!keyId.equals(serial)) return "signed with key " + serial + ", expected " + keyId;
            long ts;
            try {
                ts = Long.parseLong(timestamp.strip());
            } catch (NumberFormatException e) {
                return "Wechatpay-Timestamp is not unix seconds: " + timestamp;
            }
            long skew = Math.abs(clock.instant().getEpochSecond() - ts);
            if (skew > MAX_SKEW.toSeconds()) return "Wechatpay-Timestamp is " + skew + " s off (replay?)";
            if (!rsa.verifyBase64(answerMessage(timestamp.strip(), nonce, body), signature))
                return "Wechatpay-Signature does not verify";
            return null;
        }
    }
}
