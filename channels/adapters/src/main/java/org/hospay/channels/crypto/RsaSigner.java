package org.hospay.channels.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * SHA256withRSA signatures with one private key (WeChat v3 {@code WECHATPAY2-SHA256-RSA2048}, Alipay
 * {@code RSA2}, UnionPay RSA-SHA256). Thread-safe: {@link Signature} is not, so each thread keeps its own
 * instance, initialised with the key once (signing is ~0.8 ms; re-initialising per call would add to it).
 */
public final class RsaSigner {

    private final PrivateKey key;
    private final ThreadLocal<Signature> signature;

    public RsaSigner(PrivateKey key) {
        this.key = Objects.requireNonNull(key, "key");
        this.signature = ThreadLocal.withInitial(this::newSignature);
        newSignature(); // a key the JDK refuses fails here, at construction
    }

    public byte[] sign(byte[] data) {
        Signature s = signature.get();
        try {
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            signature.remove();
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    /** Base64 of the signature over the UTF-8 bytes of {@code text}. */
    public String signBase64(String text) {
        return Base64.getEncoder().encodeToString(sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Signature newSignature() {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
