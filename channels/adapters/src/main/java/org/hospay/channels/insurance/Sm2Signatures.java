package org.hospay.channels.insurance;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SM2 signatures with the SM3 digest (GB/T 32918, default user id), through BouncyCastle. Each thread keeps
 * one {@link Signature} for signing and one for verifying: they are not thread-safe and costly to look up.
 * The signing one stays initialised with the last key it signed with: SM2's {@code initSign} derives the
 * public point and the user-id digest Z from the private key (a full scalar multiplication, about three times
 * the cost of the signature itself), and after {@code sign()} a {@link Signature} is ready for the same key.
 */
final class Sm2Signatures {

    private static final Provider BC = new BouncyCastleProvider();
    private static final ThreadLocal<Signer> SIGNER = ThreadLocal.withInitial(() -> new Signer(newSignature()));
    private static final ThreadLocal<Signature> VERIFIER = ThreadLocal.withInitial(Sm2Signatures::newSignature);

    private Sm2Signatures() {}

    static byte[] sign(PrivateKey key, byte[] data) {
        Signer s = SIGNER.get();
        try {
            if (s.key != key) {
                s.key = null;
                s.signature.initSign(key);
                s.key = key;
            }
            s.signature.update(data);
            return s.signature.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            SIGNER.remove(); // its state is unknown now
            throw new IllegalArgumentException("cannot SM2-sign with this key: " + e.getMessage(), e);
        }
    }

    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = VERIFIER.get();
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            VERIFIER.remove();
            return false;
        }
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance("SM3withSM2", BC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle without SM3withSM2", e);
        }
    }

    /** A thread's signing {@link Signature} and the key it is initialised with (null: none). */
    private static final class Signer {
        final Signature signature;
        PrivateKey key;

        Signer(Signature signature) {
            this.signature = signature;
        }
    }
}
