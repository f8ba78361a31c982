package org.hospay.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes for finding rows without decrypting them (identity numbers, consent codes): HMAC-SHA256 under
 * a key derived from a master key of the ring and a fixed label, so a database copy without the master key
 * cannot test guessed numbers (18-digit numbers with a check digit and a birth date are few enough to enumerate).
 *
 * <p>New hashes are {@code k<key id>:<hex>} under the current master key. A look-up matches every form a stored
 * row may hold during a rotation ({@link #candidates}): the current key's, each retired key's, and the
 * unprefixed hex written before hashes carried a key id. The re-seal command re-computes every stored hash
 * under the current key ({@link #isCurrent}), after which the retired keys can leave the ring.
 */
public final class LookupHash {

    private static final HexFormat HEX = HexFormat.of();

    /** Labels of the derived keys: one per kind of hashed value, so hashes of one kind do not match another. */
    public static final String IDENTITY = "hospay identity look-up key v1";
    public static final String CREDIT_IDENTITY = "hospay credit identity look-up key v1";

    private final int currentId;
    /** Current key first. */
    private final Map<Integer, SecretKeySpec> keys;

    public LookupHash(SecretBox box, String label) {
        this.currentId = box.currentKeyId();
        this.keys = box.derivedKeys(label);
    }

    /** The hash to store: under the current key, with its id. */
    public String hash(String value) {
        return prefix(currentId) + HEX.formatHex(hmac(keys.get(currentId), value));
    }

    /** Every form a row holding {@code value} may carry while retired keys are in the ring; the current form first. */
    public List<String> candidates(String value) {
        List<String> all = new ArrayList<>(2 * keys.size());
        List<String> legacy = new ArrayList<>(keys.size());
        keys.forEach((id, key) -> {
            String hex = HEX.formatHex(hmac(key, value));
            all.add(prefix(id) + hex);
            legacy.add(hex);
        });
        all.addAll(legacy);
        return all;
    }

    /** Whether {@code stored} is a hash of {@code value} under any key of the ring (constant time per candidate). */
    public boolean matches(String value, String stored) {
        if (stored == null) return false;
        byte[] s = stored.strip().getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String c : candidates(value)) match |= MessageDigest.isEqual(c.getBytes(StandardCharsets.US_ASCII), s);
        return match;
    }

    /** Whether a stored hash is already under the current key: the re-seal command leaves it alone. */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(prefix(currentId));
    }

    /** The SQL LIKE pattern of hashes under the current key. */
    public String currentPattern() {
        return prefix(currentId) + "%";
    }

    public int currentKeyId() {
        return currentId;
    }

    private static String prefix(int id) {
        return "k" + id + ":";
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
