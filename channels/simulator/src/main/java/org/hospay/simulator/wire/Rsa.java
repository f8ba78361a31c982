package org.hospay.simulator.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * SHA256withRSA (PKCS#1 v1.5), the one RSA scheme the vendors the simulator plays use: WeChat Pay v3
 * {@code WECHATPAY2-SHA256-RSA2048}, Alipay {@code RSA2}, UnionPay's RSA-SHA256. Signatures travel as
 * standard Base64. A new {@link Signature} per call: the simulator's answers are not its hot path
 * enough to justify caching (benchmarks: {@code BENCHMARKS.md}).
 */
public final class Rsa {

    private static final String ALGORITHM = "SHA256withRSA";

    private Rsa() {}

    /** Base64 of the signature over the UTF-8 bytes of {@code text}. */
    public static String sign(PrivateKey key, String text) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA signing failed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code base64} is a valid signature over the UTF-8 bytes of {@code text}; anything malformed is false. */
    public static boolean verify(PublicKey key, String text, String base64) {
        if (text == null || base64 == null) return false;
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(base64.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A PEM {@code PRIVATE KEY} (PKCS#8). */
    static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key: " + e.getMessage(), e);
        }
    }

    /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo). */
    static PublicKey publicKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key: " + e.getMessage(), e);
        }
    }

    private static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) throw new IllegalArgumentException("no PEM " + label + " block");
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).strip());
    }
}
