package org.hospay.channels.insurance;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/**
 * SM2 keys (curve sm2p256v1) from the hex forms configuration carries: the private scalar d as 64
 * hex digits, the public point uncompressed ({@code 04} + x + y, 130 hex digits).
 */
public final class Sm2Keys {

    private static final ECNamedCurveParameterSpec CURVE = ECNamedCurveTable.getParameterSpec("sm2p256v1");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Sm2Keys() {}

    public static PrivateKey privateKey(String hex) {
        try {
            return KeyFactory.getInstance("EC", BC).generatePrivate(new ECPrivateKeySpec(new BigInteger(hex.strip(), 16), CURVE));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an SM2 private key (64 hex digits): " + e.getMessage(), e);
        }
    }

    public static PublicKey publicKey(String hex) {
        try {
            var point = CURVE.getCurve().decodePoint(HexFormat.of().parseHex(hex.strip()));
            return KeyFactory.getInstance("EC", BC).generatePublic(new ECPublicKeySpec(point, CURVE));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an SM2 public key (04 + x + y in hex): " + e.getMessage(), e);
        }
    }
}
