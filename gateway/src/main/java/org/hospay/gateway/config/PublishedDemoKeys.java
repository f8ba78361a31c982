package org.hospay.gateway.config;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * How {@link DemoKeyGuard} recognises the published DEMO keys without holding them: the demo key material
 * ({@code channels-demo-keys}) is not in the production jar, so the guard compares fingerprints: the demo
 * platform keys' public points (public anyway), and SHA-256 of the demo hospital's SM2 scalar, of the demo
 * APIv3 key and of each demo RSA pair's modulus. {@code PublishedDemoKeysTest} recomputes them from the
 * demo keys themselves, so they cannot drift.
 */
final class PublishedDemoKeys {

    /** The demo insurance platform's public points, demo-2026 and demo-2025 (org.hospay.code.DemoKeys). */
    static final Set<String> PLATFORM_PUBLIC_HEX = Set.of(
            "045a49dd3e6a5886c1d1fb97d14325c2659f44180a40baddf07d9216905389b48e28aafe958abe0eb32c4881bebeff943fb8dc24b4d59ef8a3518e9fff339655a6",
            "0455bf92ab5cb254ec4d58893e4ea0ee4f1df8ea95bb9a48988603f4487caa17d4a3e662de4af96a392735986645c50ec74bf55f8d74b6f3de3e7b26be10786974");

    /** SHA-256 of DemoOnlyHospitalSm2Key.PRIVATE_HEX in lower case. */
    static final String HOSPITAL_PRIVATE_HEX_SHA256 = "202e35e863abeb279c834978968a5fce89b81c3572e6dd151aeaa9a86c1a1999";

    /** SHA-256 of DemoKeys.WECHAT_API_V3_KEY (ASCII). */
    static final String WECHAT_API_V3_KEY_SHA256 = "2c3c67f801b487aa98267dc27da8ea8bc0043412cb7c383502c3eb8508fba415";

    /** SHA-256 of the modulus (BigInteger.toByteArray) of each demo RSA pair: WeChat merchant and platform, Alipay app and platform, UnionPay merchant and platform. */
    static final Set<String> RSA_MODULUS_SHA256 = Set.of(
            "9ceffe35e30416a5528182d83f76895451e37c87a9e5a63447f7de5df31d42b0",
            "8b498102fea1326eeb9e982e2cee11cce929c351fc49707825c8f652dcfab427",
            "73b4e311ba8715643f8b95fce17aa9c560f595d903c85c1c59b10d75c861143d",
            "71982ca4f5562c426bc1ef45469c9c1adee5566d086b189e2352ba79fe5781bc",
            "7b3f9603c0485a59def5c6e1ed855e2c780672547d837d1e723b4b458a5012e2",
            "1f5f94d6c3a3b15b269dd0341ff19121bcc4602556aee8088dee38ce3f0368a7");

    private PublishedDemoKeys() {}

    static boolean isDemoHospitalKey(String hex) {
        return hex != null && HOSPITAL_PRIVATE_HEX_SHA256.equals(sha256(hex.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
    }

    static boolean isDemoApiV3Key(String key) {
        return key != null && WECHAT_API_V3_KEY_SHA256.equals(sha256(key.getBytes(StandardCharsets.US_ASCII)));
    }

    static boolean isDemoRsaModulus(BigInteger modulus) {
        return RSA_MODULUS_SHA256.contains(sha256(modulus.toByteArray()));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
