package org.hospay.gateway.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.hospay.gateway.config.GatewayProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM encryption of small secrets at rest (terminal secrets, identity numbers) under a ring of master
 * keys with ids, so the master key can rotate (docs/security.md, "Rotating the master key").
 *
 * <p>Sealed format: {@code 0xA5 | key id | nonce(12) | ciphertext+tag}; the two header bytes are the GCM
 * additional data, so a changed key id does not open. Values sealed before key ids existed are
 * {@code nonce | ciphertext+tag}: they are opened with each key of the ring (the tag tells which one, if any),
 * and a value whose first byte happens to be 0xA5 is tried both ways for the same reason.
 */
@Component
public class SecretBox {

    static final byte VERSION = (byte) 0xA5;
    private static final int HEADER = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final int currentId;
    /** Current key first, then the previous ones. */
    private final Map<Integer, SecretKey> ring = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Autowired
    public SecretBox(GatewayProperties properties) {
        this(properties.security());
    }

    public SecretBox(GatewayProperties.Security security) {
        this.currentId = security.masterKeyId();
        ring.put(currentId, aes(security.masterKey()));
        security.previousMasterKeys().forEach((id, key) -> {
            if (id == null || id < 1 || id > 255) throw new IllegalStateException("hospay.security.previous-master-keys: key ids are 1-255, not " + id);
            if (id == currentId) {
                throw new IllegalStateException("hospay.security.previous-master-keys." + id + ": the current key (master-key-id) has that id");
            }
            ring.put(id, aes(key));
        });
    }

    private static SecretKey aes(String base64) {
        return new SecretKeySpec(Base64.getDecoder().decode(base64), "AES");
    }

    /** The id of the key new values are sealed under. */
    public int currentKeyId() {
        return currentId;
    }

    public byte[] seal(byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] header = {VERSION, (byte) currentId};
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, ring.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(HEADER + NONCE_BYTES + sealed.length).put(header).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] open(byte[] box) {
        Integer missing = null;
        if (box.length >= HEADER + NONCE_BYTES + TAG_BITS / 8 && box[0] == VERSION) {
            SecretKey key = ring.get(box[1] & 0xff);
            if (key != null) {
                byte[] plain = attempt(key, box, HEADER);
                if (plain != null) return plain;
            } else {
                missing = box[1] & 0xff;
            }
        }
        // Sealed before key ids (or a nonce that happens to start like a header): any key of the ring, the tag decides.
        for (SecretKey key : ring.values()) {
            byte[] plain = attempt(key, box, 0);
            if (plain != null) return plain;
        }
        if (missing != null) {
            throw new IllegalStateException("sealed under master key id " + missing + ", which is not in the key ring " + ring.keySet()
                    + " (hospay.security.previous-master-keys." + missing + ")");
        }
        throw new IllegalStateException("sealed value cannot be opened with any master key of the ring " + ring.keySet());
    }

    /** True when the value is not sealed under the current key in the current format: the re-seal command seals it again. */
    public boolean needsReseal(byte[] box) {
        if (box.length < HEADER || box[0] != VERSION || (box[1] & 0xff) != currentId) return true;
        return attempt(ring.get(currentId), box, HEADER) == null;
    }

    /** Opens and seals again under the current key (the re-seal command's one step). */
    public byte[] reseal(byte[] box) {
        return seal(open(box));
    }

    /**
     * For each key of the ring (current first), HMAC-SHA256 of {@code label} under it: the keys of the keyed
     * look-up hashes ({@link LookupHash}), which rotate with the master key.
     */
    public Map<Integer, SecretKeySpec> derivedKeys(String label) {
        Map<Integer, SecretKeySpec> keys = new LinkedHashMap<>();
        ring.forEach((id, key) -> keys.put(id, derive(key, label)));
        return keys;
    }

    private static SecretKeySpec derive(SecretKey key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The ids of the ring, current first. */
    public List<Integer> keyIds() {
        return new ArrayList<>(ring.keySet());
    }

    private static byte[] attempt(SecretKey key, byte[] box, int offset) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, offset, NONCE_BYTES));
            if (offset == HEADER) cipher.updateAAD(box, 0, HEADER);
            return cipher.doFinal(box, offset + NONCE_BYTES, box.length - offset - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
