package org.hospay.code;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSAEncoding;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPublicKey;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * SM2 signatures with SM3 (GB/T 32918, GM/T 0009) on the curve sm2p256v1, user id {@value #USER_ID}.
 *
 * <p>Keys are ordinary JCA {@link PublicKey}/{@link PrivateKey} objects from BouncyCastle, created
 * through a private provider instance: nothing is registered in {@link java.security.Security}, so
 * this class neither depends on nor disturbs the process-wide provider list.
 *
 * <p>Every signing or verifying call builds its own {@link SM2Signer} (a few hundred bytes of state,
 * negligible next to the scalar multiplications), so all methods are thread-safe. Parse a key once
 * and reuse the key object: BouncyCastle caches the point's precomputation tables on it.
 *
 * <p>Two signature encodings: {@link #sign}/{@link #verify} use DER {@code SEQUENCE {r, s}}, the
 * form JCA's {@code SM3withSM2} and the insurance platform's interfaces exchange;
 * {@link #signRaw}/{@link #verifyRaw} use the fixed 64-byte {@code r || s}, which keeps a QR code
 * short.
 */
public final class Sm2 {

    /** The default SM2 user id (GM/T 0009 §10), used by the national insurance platform too. */
    public static final String USER_ID = "1234567812345678";

    /** Length of a {@link #signRaw} signature: r and s, 32 bytes each, big-endian. */
    public static final int RAW_SIGNATURE_LENGTH = 64;

    private static final String CURVE = "sm2p256v1";
    private static final ECNamedCurveParameterSpec SPEC = ECNamedCurveTable.getParameterSpec(CURVE);
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(SPEC.getCurve(), SPEC.getG(), SPEC.getN(), SPEC.getH());
    private static final byte[] USER_ID_BYTES = USER_ID.getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Sm2() {
    }

    /** A fresh random key pair on sm2p256v1. */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
            generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle cannot generate sm2p256v1 keys", e);
        }
    }

    /**
     * Parses a SEC 1 encoded point ({@code 04 || X || Y}, 130 hex digits; the compressed
     * {@code 02/03 || X} form is accepted too), either case.
     *
     * @throws IllegalArgumentException if the text is not hex or not a point on sm2p256v1
     */
    public static PublicKey publicKeyFromHex(String pointHex) {
        try {
            ECPoint point = SPEC.getCurve().decodePoint(HEX.parseHex(pointHex));
            DOMAIN.validatePublicPoint(point);
            return Bc.keyFactory().generatePublic(new ECPublicKeySpec(point, SPEC));
        } catch (RuntimeException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an SM2 public key point: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the private scalar d (hex, at most 64 digits, either case), 1 ≤ d &lt; n − 1.
     *
     * @throws IllegalArgumentException if the text is not hex or d is out of range
     */
    public static PrivateKey privateKeyFromHex(String dHex) {
        try {
            if (dHex.length() > 64) {
                throw new IllegalArgumentException("more than 64 hex digits");
            }
            var d = new BigInteger(1, HEX.parseHex(dHex.length() % 2 == 0 ? dHex : "0" + dHex));
            if (d.signum() <= 0 || d.compareTo(SPEC.getN().subtract(BigInteger.ONE)) >= 0) {
                throw new IllegalArgumentException("d out of range [1, n-2]");
            }
            return Bc.keyFactory().generatePrivate(new ECPrivateKeySpec(d, SPEC));
        } catch (RuntimeException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an SM2 private key: " + e.getMessage(), e);
        }
    }

    /** The uncompressed point {@code 04 || X || Y} as 130 lower-case hex digits. */
    public static String publicKeyHex(PublicKey key) {
        return HEX.formatHex(publicParameters(key).getQ().getEncoded(false));
    }

    /** The private scalar d as 64 lower-case hex digits (zero-padded). */
    public static String privateKeyHex(PrivateKey key) {
        byte[] fixed = new byte[32];
        byte[] d = privateParameters(key).getD().toByteArray();
        int take = Math.min(d.length, 32);
        System.arraycopy(d, d.length - take, fixed, 32 - take, take);
        return HEX.formatHex(fixed);
    }

    /** SM3withSM2 signature, DER encoded (70–72 bytes). */
    public static byte[] sign(PrivateKey key, byte[] message) {
        return sign(StandardDSAEncoding.INSTANCE, privateParameters(key), message);
    }

    /** Verifies a DER encoded SM3withSM2 signature; false (never an exception) for any bad signature. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return verify(StandardDSAEncoding.INSTANCE, publicParameters(key), message, signature);
    }

    /** SM3withSM2 signature as the fixed {@value #RAW_SIGNATURE_LENGTH}-byte {@code r || s}. */
    public static byte[] signRaw(PrivateKey key, byte[] message) {
        return sign(PlainDSAEncoding.INSTANCE, privateParameters(key), message);
    }

    /** Verifies a 64-byte {@code r || s} signature; false (never an exception) for any bad signature. */
    public static boolean verifyRaw(PublicKey key, byte[] message, byte[] signature) {
        return verifyRaw(publicParameters(key), message, signature);
    }

    static boolean verifyRaw(ECPublicKeyParameters key, byte[] message, byte[] signature) {
        return verify(PlainDSAEncoding.INSTANCE, key, message, signature);
    }

    /**
     * The lightweight form of an SM2 public key, for callers that hold a key for long and want
     * the conversion done once.
     *
     * @throws IllegalArgumentException if the key is not an EC key on sm2p256v1
     */
    static ECPublicKeyParameters publicParameters(PublicKey key) {
        if (key instanceof BCECPublicKey bc && isSm2Curve(bc.getParameters().getCurve())) {
            return new ECPublicKeyParameters(bc.getQ(), DOMAIN);
        }
        try {
            AsymmetricKeyParameter converted = ECUtil.generatePublicKeyParameter(key);
            if (converted instanceof ECPublicKeyParameters ec && isSm2Curve(ec.getParameters().getCurve())) {
                return new ECPublicKeyParameters(DOMAIN.getCurve().importPoint(ec.getQ()), DOMAIN);
            }
        } catch (InvalidKeyException | RuntimeException e) {
            throw new IllegalArgumentException("not an SM2 public key: " + describe(key), e);
        }
        throw new IllegalArgumentException("not an SM2 public key: " + describe(key));
    }

    private static ECPrivateKeyParameters privateParameters(PrivateKey key) {
        if (key instanceof BCECPrivateKey bc && isSm2Curve(bc.getParameters().getCurve())) {
            return new ECPrivateKeyParameters(bc.getD(), DOMAIN);
        }
        try {
            AsymmetricKeyParameter converted = ECUtil.generatePrivateKeyParameter(key);
            if (converted instanceof ECPrivateKeyParameters ec && isSm2Curve(ec.getParameters().getCurve())) {
                return new ECPrivateKeyParameters(ec.getD(), DOMAIN);
            }
        } catch (InvalidKeyException | RuntimeException e) {
            throw new IllegalArgumentException("not an SM2 private key: " + describe(key), e);
        }
        throw new IllegalArgumentException("not an SM2 private key: " + describe(key));
    }

    private static boolean isSm2Curve(ECCurve curve) {
        return curve == DOMAIN.getCurve() || DOMAIN.getCurve().equals(curve);
    }

    private static String describe(java.security.Key key) {
        return key == null ? "null" : key.getAlgorithm() + " " + key.getClass().getName();
    }

    private static byte[] sign(DSAEncoding encoding, ECPrivateKeyParameters key, byte[] message) {
        SM2Signer signer = new SM2Signer(encoding, new SM3Digest());
        signer.init(true, new ParametersWithID(new ParametersWithRandom(key, RANDOM), USER_ID_BYTES));
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("SM2 signing failed", e);
        }
    }

    private static boolean verify(DSAEncoding encoding, ECPublicKeyParameters key, byte[] message, byte[] signature) {
        if (message == null || signature == null) {
            return false;
        }
        try {
            SM2Signer signer = new SM2Signer(encoding, new SM3Digest());
            signer.init(false, new ParametersWithID(key, USER_ID_BYTES));
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            // A malformed encoding is just a bad signature to the caller.
            return false;
        }
    }

    /** Holder so the provider (tens of milliseconds to build) is created only when keys are made. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();

        static KeyFactory keyFactory() throws GeneralSecurityException {
            return KeyFactory.getInstance("EC", PROVIDER);
        }
    }
}
