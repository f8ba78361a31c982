package org.hospay.channels.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/**
 * DEMO ONLY. Reads the published demo keys. This module cannot use the adapters' {@code Pem} or the codes'
 * {@code Sm2} (those modules' tests depend on this one), so the two forms it ships are read here: PEM
 * PKCS#8 / SPKI RSA and SM2 hex.
 */
public final class DemoKeyFiles {

    private static final ECNamedCurveParameterSpec SM2 = ECNamedCurveTable.getParameterSpec("sm2p256v1");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private DemoKeyFiles() {}

    public static PrivateKey rsaPrivate(String resource) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(resource)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
    }

    public static PublicKey rsaPublic(String resource) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(resource)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKey sm2Private(String hex) {
        try {
            return KeyFactory.getInstance("EC", BC).generatePrivate(new ECPrivateKeySpec(new BigInteger(hex, 16), SM2));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PublicKey sm2Public(String hex) {
        try {
            return KeyFactory.getInstance("EC", BC)
                    .generatePublic(new ECPublicKeySpec(SM2.getCurve().decodePoint(HexFormat.of().parseHex(hex)), SM2));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of the one armoured block in a classpath resource; the DEMO ONLY note around it is ignored. */
    private static byte[] der(String resource) {
        try (InputStream in = DemoKeyFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no classpath resource " + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int begin = text.indexOf('\n', text.indexOf("-----BEGIN ")) + 1;
            int end = text.indexOf("-----END ", begin);
            return Base64.getMimeDecoder().decode(text.substring(begin, end));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
