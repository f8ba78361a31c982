package org.hospay.code;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Locale;
import java.util.Map;
import org.hospay.channels.demo.DemoKeyFiles;

/**
 * DEMO ONLY. NOT A SECRET. NEVER USE IN PRODUCTION.
 *
 * <p>Fixed SM2 key pairs of the <em>demo</em> insurance platform, so the channel simulator can
 * mint codes that a gateway started from the same repository accepts. The private keys are
 * published in this file and therefore protect nothing; a real deployment configures the
 * platform's public keys only and never holds its private keys.
 *
 * <p>Two ids exist so key rotation can be exercised: {@value #CURRENT} signs new codes,
 * {@value #PREVIOUS} is the retiring key whose codes must still verify while it is configured.
 */
public final class DemoKeys {

    /** DEMO ONLY: the key id the demo platform signs new codes with. */
    public static final String CURRENT = "demo-2026";
    /** DEMO ONLY: the previous key id, still accepted while configured. */
    public static final String PREVIOUS = "demo-2025";

    // DEMO ONLY: generated once with Sm2.generateKeyPair() for this repository.
    private static final String DEMO_2026_PRIVATE =
            "ec7c2272954b8ec0147f0c141f1e879cd0be11a1e805fc0b39d940b1ac3a6aba";
    private static final String DEMO_2026_PUBLIC =
            "045a49dd3e6a5886c1d1fb97d14325c2659f44180a40baddf07d9216905389b48e"
            + "28aafe958abe0eb32c4881bebeff943fb8dc24b4d59ef8a3518e9fff339655a6";
    private static final String DEMO_2025_PRIVATE =
            "cdb770b484c3834966598e2b9a001b11bc7e720dce1506c4dededc47f14dfe1a";
    private static final String DEMO_2025_PUBLIC =
            "0455bf92ab5cb254ec4d58893e4ea0ee4f1df8ea95bb9a48988603f4487caa17d4"
            + "a3e662de4af96a392735986645c50ec74bf55f8d74b6f3de3e7b26be10786974";

    private DemoKeys() {
    }

    /**
     * DEMO ONLY: the key pair for {@value #CURRENT} or {@value #PREVIOUS} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other id
     */
    public static KeyPair platformKeyPair(String keyId) {
        return switch (keyId == null ? "" : keyId.toLowerCase(Locale.ROOT)) {
            case CURRENT -> Pairs.DEMO_2026;
            case PREVIOUS -> Pairs.DEMO_2025;
            default -> throw new IllegalArgumentException(
                    "no demo platform key '" + keyId + "'; known: " + CURRENT + ", " + PREVIOUS);
        };
    }

    /** DEMO ONLY: the public keys of both demo ids, keyed by id, as a gateway would configure them. */
    public static Map<String, PublicKey> platformPublicKeys() {
        return Map.of(CURRENT, Pairs.DEMO_2026.getPublic(), PREVIOUS, Pairs.DEMO_2025.getPublic());
    }

    /** Public key hex of a demo id, for configuration files and documentation. */
    public static String platformPublicKeyHex(String keyId) {
        return switch (keyId == null ? "" : keyId.toLowerCase(Locale.ROOT)) {
            case CURRENT -> DEMO_2026_PUBLIC;
            case PREVIOUS -> DEMO_2025_PUBLIC;
            default -> throw new IllegalArgumentException("no demo platform key '" + keyId + "'");
        };
    }

    private static final class Pairs {
        static final KeyPair DEMO_2026 = new KeyPair(
                DemoKeyFiles.sm2Public(DEMO_2026_PUBLIC), DemoKeyFiles.sm2Private(DEMO_2026_PRIVATE));
        static final KeyPair DEMO_2025 = new KeyPair(
                DemoKeyFiles.sm2Public(DEMO_2025_PUBLIC), DemoKeyFiles.sm2Private(DEMO_2025_PRIVATE));
    }
}
