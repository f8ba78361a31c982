package org.hospay.channels.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/** SHA256withRSA verification with one public key; thread-safe like {@link RsaSigner}. Any malformation is simply "does not verify". */
public final class RsaVerifier {

    private final PublicKey key;
    private final ThreadLocal<Signature> signature;

    public RsaVerifier(PublicKey key) {
        this.key = Objects.requireNonNull(key, "key");
        this.signature = ThreadLocal.withInitial(this::newSignature);
        newSignature();
    }

    public boolean verify(byte[] data, byte[] sig) {
        Signature s = signature.get();
        try {
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            // a malformed signature can leave the instance mid-operation; start the next one clean
            signature.remove();
            return false;
        }
    }

    /** Whether {@code base64Signature} is a valid signature over the UTF-8 bytes of {@code text}. */
    public boolean verifyBase64(String text, String base64Signature) {
        if (text == null || base64Signature == null) return false;
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(base64Signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return verify(text.getBytes(StandardCharsets.UTF_8), sig);
    }

    private Signature newSignature() {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot verify with this key: " + e.getMessage(), e);
        }
    }
}
