package org.hospay.simulator.commercial;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The vendor side of the HMAC-signed partner protocols (commercial insurer {@code X-HIC-*}, bank
 * {@code X-Bank-*}): checks a request's partner, timestamp (±300 s), single-use nonce (10 min) and
 * signature, and signs every answer it can (an unknown partner gets an unsigned 401).
 *
 * <p>The signatures, as channels/docs/commercial.md and bank.md specify them (the simulator's own code):
 * request {@code hex(HMAC-SHA256(secret, METHOD\nPATH\ntimestamp\nnonce\nhex(SHA-256(body))))}, answer
 * {@code hex(HMAC-SHA256(secret, status\ntimestamp\nnonce\nhex(SHA-256(body))))}, lower-case hex, UTF-8.
 */
public final class HmacExchange {

    private static final long SKEW_SECONDS = 300;
    private static final long NONCE_TTL_SECONDS = 600;

    private final String prefix;
    private final Map<String, String> secrets;
    private final Clock clock;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param prefix the header prefix, {@code X-HIC} or {@code X-Bank} */
    public HmacExchange(String prefix, Map<String, String> secrets, Clock clock) {
        this.prefix = prefix;
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
    }

    /** Why a request is refused, or null when it is authentic. */
    public String refusal(String partner, String method, String path, HttpHeaders headers, byte[] body) {
        String secret = partner == null ? null : secrets.get(partner);
        if (secret == null) return "unknown partner " + partner;
        String ts = headers.getFirst(prefix + "-Timestamp");
        String nonce = headers.getFirst(prefix + "-Nonce");
        if (ts == null || nonce == null || nonce.isEmpty() || nonce.length() > 64) return "missing timestamp or nonce";
        long now = clock.instant().getEpochSecond();
        try {
            if (Math.abs(now - Long.parseLong(ts)) > SKEW_SECONDS) return "timestamp outside ±" + SKEW_SECONDS + " s";
        } catch (NumberFormatException e) {
            return "timestamp is not unix seconds";
        }
        String given = headers.getFirst(prefix + "-Signature");
        String expected = hmacHex(secret, method + "\n" + path + "\n" + ts + "\n" + nonce + "\n" + sha256Hex(body));
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII)))
            return "signature does not verify";
        nonces.values().removeIf(expiry -> expiry < now);
        if (nonces.putIfAbsent(partner + '|' + nonce, now + NONCE_TTL_SECONDS) != null) return "nonce already used";
        return null;
    }

    public boolean knows(String partner) {
        return partner != null && secrets.containsKey(partner);
    }

    /** A signed answer for the partner (unsigned when the partner is unknown). */
    public ResponseEntity<byte[]> answer(String partner, int status, MediaType type, byte[] body) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        byte[] n = new byte[12];
        random.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        var builder = ResponseEntity.status(status).contentType(type);
        String secret = partner == null ? null : secrets.get(partner);
        if (secret != null) {
            builder.header(prefix + "-Timestamp", ts).header(prefix + "-Nonce", nonce)
                    .header(prefix + "-Signature", hmacHex(secret, status + "\n" + ts + "\n" + nonce + "\n" + sha256Hex(body)));
        }
        return builder.body(body);
    }

    public ResponseEntity<byte[]> answer(String partner, int status, String json) {
        return answer(partner, status, MediaType.APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmacHex(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
