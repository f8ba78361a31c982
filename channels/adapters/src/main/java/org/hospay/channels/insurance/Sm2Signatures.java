package org.hospay.channels.insurance;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SM2 signatures with the SM3 digest (GB/T 32918, default user id), through BouncyCastle. One
 * {@link Signature} per thread and algorithm: they are not thread-safe and costly to look up.
 */
final class Sm2Signatures {

    private static final Provider BC = new BouncyCastleProvider();
    private static final ThreadLocal<Signature> SIGNATURE = ThreadLocal.withInitial(() -> {
        try {
            return Signature.getInstance("SM3withSM2", BC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle without SM3withSM2", e);
        }
    });

    private Sm2Signatures() {}

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = SIGNATURE.get();
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot SM2-sign with this key: " + e.getMessage(), e);
        }
    }

    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = SIGNATURE.get();
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
