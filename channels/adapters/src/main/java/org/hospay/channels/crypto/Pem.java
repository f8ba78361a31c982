package org.hospay.channels.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/**
 * Loads RSA keys in the forms vendors hand them out: PEM {@code PRIVATE KEY} (PKCS#8, WeChat
 * {@code apiclient_key.pem}), {@code RSA PRIVATE KEY} (PKCS#1), {@code PUBLIC KEY}, {@code CERTIFICATE}
 * (WeChat platform certificates), or bare Base64 without armour (Alipay's key tool). Text around the
 * armour (such as a DEMO ONLY note) is ignored. Parse once at start-up; a bad key fails loudly then,
 * never per request.
 */
public final class Pem {

    private Pem() {}

    public static PrivateKey privateKey(String text) {
        Armoured a = Armoured.of(text);
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return switch (a.label()) {
                case "PRIVATE KEY", "" -> rsa.generatePrivate(new PKCS8EncodedKeySpec(a.der()));
                case "RSA PRIVATE KEY" -> {
                    RSAPrivateKey k = RSAPrivateKey.getInstance(a.der());
                    yield rsa.generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(),
                            k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                            k.getCoefficient()));
                }
                default -> throw new IllegalArgumentException("expected an RSA private key, found PEM " + a.label());
            };
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new IllegalArgumentException("not a readable RSA private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey publicKey(String text) {
        Armoured a = Armoured.of(text);
        try {
            return switch (a.label()) {
                case "PUBLIC KEY", "" -> KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(a.der()));
                case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(a.der())).getPublicKey();
                default -> throw new IllegalArgumentException("expected an RSA public key or certificate, found PEM " + a.label());
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a readable RSA public key: " + e.getMessage(), e);
        }
    }

    /** Reads a classpath resource as UTF-8 text (for keys shipped in a jar). */
    public static String resource(String path) {
        try (InputStream in = Pem.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no classpath resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DER bytes of the first armoured block, or of the whole text when it is bare Base64 (label ""). */
    private record Armoured(String label, byte[] der) {

        static Armoured of(String text) {
            int begin = text.indexOf("-----BEGIN ");
            if (begin < 0) return new Armoured("", decode(text));
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) throw new IllegalArgumentException("unterminated PEM header");
            String label = text.substring(begin + 11, labelEnd);
            String footer = "-----END " + label + "-----";
            int end = text.indexOf(footer, labelEnd);
            if (end < 0) throw new IllegalArgumentException("no " + footer);
            return new Armoured(label, decode(text.substring(labelEnd + 5, end)));
        }

        private static byte[] decode(String base64) {
            try {
                return Base64.getMimeDecoder().decode(base64.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key text is not Base64", e);
            }
        }
    }
}
