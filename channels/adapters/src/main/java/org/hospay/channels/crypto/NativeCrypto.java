package org.hospay.channels.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Security;

/**
 * Puts the Amazon Corretto Crypto Provider (AWS-LC, native) first among the JCA providers, so that
 * {@code Signature.getInstance("SHA256withRSA")} in {@link RsaSigner} and {@link RsaVerifier} signs
 * natively: RSA-2048 signing is the largest single CPU cost of a channel call, and the native one is
 * about 3.5 times as fast on x86-64. Where the native library cannot load (another OS or CPU, a
 * missing glibc) the JDK's own provider stays in use; nothing else changes. SM2/SM3 stay on BouncyCastle.
 */
public final class NativeCrypto {

    private NativeCrypto() {}

    /** What {@link #install} did: the provider RSA signatures now use, and why not the native one if not. */
    public record Installed(String rsaProvider, String whyNotNative) {}

    /** Installs the native provider when {@code wanted} and it loads; call before the first signer is made. */
    public static synchronized Installed install(boolean wanted) {
        String why = wanted ? null : "switched off";
        if (wanted) {
            try {
                if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) == null) {
                    AmazonCorrettoCryptoProvider.install();
                }
                AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            } catch (Throwable e) { // UnsatisfiedLinkError and friends: the JDK signs instead
                Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
                why = e.toString();
            }
        }
        return new Installed(rsaProvider(), why);
    }

    /** The provider that {@code SHA256withRSA} resolves to now. */
    public static String rsaProvider() {
        try {
            return java.security.Signature.getInstance("SHA256withRSA").getProvider().getName();
        } catch (java.security.NoSuchAlgorithmException e) {
            return "none";
        }
    }
}
