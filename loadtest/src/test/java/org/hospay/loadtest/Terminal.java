package org.hospay.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A terminal (cashier window, NFC reader, HIS) signing its requests exactly as docs/api.md §3 says:
 * {@code X-Signature = hex(HMAC-SHA256(secret, METHOD\nPATH\nX-Timestamp\nX-Nonce\nhex(SHA-256(body))))},
 * computed per request from the very body string that is sent.
 */
final class Terminal {

    /** The demo terminal the gateway provisions with {@code HOSPAY_DEMO=true} (DEMO ONLY secret, README). */
    static final Terminal DEMO = new Terminal("demo-window-01", "demo-window-01-secret");
    /** The demo NFC reader at the demo window W01 (DEMO ONLY secret, docs/console.md). */
    static final Terminal DEMO_READER = new Terminal("demo-reader-01", "demo-reader-01-secret");
    /** The demo HIS that posts bill events (DEMO ONLY secret, docs/family.md). */
    static final Terminal DEMO_HIS = new Terminal("demo-his-01", "demo-his-01-secret");
    /** The window the demo terminal and the demo reader are installed at. */
    static final String DEMO_WINDOW = "W01";

    private static final HexFormat HEX = HexFormat.of();

    final String id;
    private final ThreadLocal<Mac> mac;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    Terminal(String id, String secret) {
        this.id = id;
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The four auth headers for one request; {@code body} is exactly what goes on the wire ("" for none). */
    Map<String, String> sign(String method, String path, String body) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString();
        String bodyHash = HEX.formatHex(SHA256.get().digest(body.getBytes(StandardCharsets.UTF_8)));
        String base = method + "\n" + path + "\n" + ts + "\n" + nonce + "\n" + bodyHash;
        String sig = HEX.formatHex(mac.get().doFinal(base.getBytes(StandardCharsets.UTF_8)));
        return Map.of("X-Terminal-Id", id, "X-Timestamp", ts, "X-Nonce", nonce, "X-Signature", sig);
    }
}
