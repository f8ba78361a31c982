package org.hospay.channels.crypto;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_256_GCM as WeChat Pay v3 uses it for callback {@code resource}s and sensitive fields: 256-bit
 * key (the merchant's 32-character APIv3 key), the given nonce, associated data, 128-bit tag appended
 * to the ciphertext. Cipher instances are cheap next to RSA and callbacks are rare, so one per call.
 */
public final class AesGcm {

    private static final int TAG_BITS = 128;

    private AesGcm() {}

    /** The plaintext, or empty when the key, nonce, associated data or ciphertext do not authenticate. */
    public static Optional<byte[]> decrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] ciphertextAndTag) {
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData);
            return Optional.of(c.doFinal(ciphertextAndTag));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // AEADBadTagException (tampered or wrong key) included: the content cannot be trusted either way
            return Optional.empty();
        }
    }

    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM encryption refused: " + e.getMessage(), e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        if (key.length != 32) throw new IllegalArgumentException("AEAD_AES_256_GCM needs a 32-byte key, got " + key.length);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        if (associatedData != null && associatedData.length > 0) c.updateAAD(associatedData);
        return c;
    }
}
