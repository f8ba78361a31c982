package org.hospay.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAKey;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hospay.channels.demo.DemoKeys;
import org.hospay.channels.insurance.DemoOnlyHospitalSm2Key;
import org.junit.jupiter.api.Test;

/** The guard's fingerprints are those of the demo keys themselves (which only the tests and demo mode have). */
class PublishedDemoKeysTest {

    @Test
    void fingerprintsMatchTheDemoKeyMaterial() {
        assertThat(PublishedDemoKeys.PLATFORM_PUBLIC_HEX).containsExactlyInAnyOrder(
                org.hospay.code.DemoKeys.platformPublicKeyHex(org.hospay.code.DemoKeys.CURRENT),
                org.hospay.code.DemoKeys.platformPublicKeyHex(org.hospay.code.DemoKeys.PREVIOUS));
        assertThat(PublishedDemoKeys.isDemoHospitalKey(DemoOnlyHospitalSm2Key.PRIVATE_HEX.toUpperCase())).isTrue();
        assertThat(PublishedDemoKeys.isDemoApiV3Key(DemoKeys.wechatApiV3KeyText())).isTrue();
        Set<String> moduli = Stream.of(DemoKeys.wechatMerchant(), DemoKeys.wechatPlatform(), DemoKeys.alipayApp(),
                        DemoKeys.alipayPlatform(), DemoKeys.unionpayMerchant(), DemoKeys.unionpayPlatform())
                .map(p -> PublishedDemoKeys.sha256(((RSAKey) p.publicKey()).getModulus().toByteArray()))
                .collect(Collectors.toSet());
        assertThat(PublishedDemoKeys.RSA_MODULUS_SHA256).isEqualTo(moduli);
    }

    @Test
    void otherKeysAreNotDemoKeys() {
        assertThat(PublishedDemoKeys.isDemoHospitalKey("3c4b1946f1464a255e33f8773de64b2cdf6d839f4a162358afcfb776c0180f42")).isFalse();
        assertThat(PublishedDemoKeys.isDemoApiV3Key("0123456789abcdef0123456789abcdef".toUpperCase())).isFalse();
        assertThat(PublishedDemoKeys.sha256("x".getBytes(StandardCharsets.US_ASCII))).hasSize(64);
    }
}
