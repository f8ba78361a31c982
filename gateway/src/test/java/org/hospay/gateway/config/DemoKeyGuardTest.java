package org.hospay.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hospay.channels.crypto.Pem;
import org.hospay.channels.insurance.DemoOnlyHospitalSm2Key;
import org.hospay.code.DemoKeys;
import org.hospay.code.Sm2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * docs/security.md: the shipped configuration has no demo credential outside demo mode, demo mode
 * supplies exactly the ones the guard recognises, and the guard names each demo credential however it
 * is given (demo switch, hex, PEM file) while real keys pass.
 */
class DemoKeyGuardTest {

    /** application.yml, optionally under application-demo.yml, then {@code overrides} on top; no OS environment. */
    private static Binder config(boolean demoProfile, Map<String, Object> overrides) throws IOException {
        ConfigurableEnvironment env = new AbstractEnvironment() {};
        env.getPropertySources().addFirst(yaml("application.yml"));
        if (demoProfile) env.getPropertySources().addFirst(yaml("application-demo.yml"));
        env.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        return Binder.get(env);
    }

    private static PropertySource<?> yaml(String file) throws IOException {
        return new YamlPropertySourceLoader().load(file, new ClassPathResource(file)).getFirst();
    }

    private static List<String> properties(List<DemoKeyGuard.Finding> findings) {
        return findings.stream().map(DemoKeyGuard.Finding::property).toList();
    }

    private static String realMasterKey() {
        return Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');
    }

    @Test
    void theShippedConfigurationHoldsNoDemoCredentialAndTrustsNoPlatformKey() throws IOException {
        Binder base = config(false, Map.of());
        assertThat(DemoKeyGuard.findings(base)).isEmpty();
        assertThat(base.bind("hospay.codes.platform-public-keys", org.springframework.boot.context.properties.bind.Bindable
                .mapOf(String.class, String.class))).as("no platform key unless configured").matches(r -> !r.isBound());
        assertThat(base.bind("hospay.security.master-key", String.class).orElse("")).isEmpty();
        assertThat(base.bind("hospay.demo.provision", Boolean.class).get()).isFalse();
    }

    @Test
    void demoModeSuppliesExactlyTheDemoCredentialsTheGuardKnows() throws IOException {
        Binder demo = config(true, Map.of());
        assertThat(demo.bind("hospay.demo.provision", Boolean.class).get()).isTrue();
        assertThat(properties(DemoKeyGuard.findings(demo))).containsExactlyInAnyOrder(
                "hospay.security.master-key", "hospay.admin.token",
                "hospay.channels.insurance.demo-keys", "hospay.channels.wechat.demo-keys",
                "hospay.channels.alipay.demo-keys", "hospay.channels.unionpay.demo-keys", "hospay.channels.commercial.demo-keys",
                "hospay.channels.ehealth.demo-keys",
                "hospay.channels.einvoice.demo-keys",
                "hospay.codes.platform-public-keys.demo-2026", "hospay.codes.platform-public-keys.demo-2025",
                "hospay.credit.bank.demo-keys", "hospay.credit.code-key");
        assertThatCode(() -> DemoKeyGuard.check(demo)).as("demo mode may use them").doesNotThrowAnyException();
    }

    @Test
    void outsideDemoModeEveryDemoCredentialIsRefusedByName() throws IOException {
        Binder mixed = config(false, Map.of(
                "hospay.security.master-key", DemoKeyGuard.DEMO_MASTER_KEY,
                "hospay.security.previous-master-keys.3", DemoKeyGuard.DEMO_MASTER_KEY,
                "hospay.admin.token", DemoKeyGuard.DEMO_ADMIN_TOKEN,
                "hospay.channels.alipay.demo-keys", "true",
                "hospay.codes.platform-public-keys.real-1", Sm2.publicKeyHex(Sm2.generateKeyPair().getPublic()),
                "hospay.codes.platform-public-keys.demo-2026", DemoKeys.platformPublicKeyHex(DemoKeys.CURRENT).toUpperCase()));
        assertThatThrownBy(() -> DemoKeyGuard.check(mixed))
                .isInstanceOf(DemoKeyGuard.DemoKeysRefusedException.class)
                .hasMessageContaining("hospay.security.master-key")
                .hasMessageContaining("hospay.security.previous-master-keys.3")
                .hasMessageContaining("hospay.admin.token")
                .hasMessageContaining("hospay.channels.alipay.demo-keys")
                .hasMessageContaining("hospay.codes.platform-public-keys.demo-2026")
                .hasMessageNotContaining("real-1");
    }

    @Test
    void demoKeysGivenByHandInHexOrPemFilesAreRefusedAndRealOnesPass(@TempDir Path dir) throws Exception {
        Path demoMerchant = Files.writeString(dir.resolve("demo-merchant.pem"), Pem.resource("demo-keys/wechat-merchant-demo-private.pem"));
        Path demoPlatform = Files.writeString(dir.resolve("demo-platform.pem"), Pem.resource("demo-keys/alipay-platform-demo-public.pem"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path realPublic = Files.writeString(dir.resolve("real.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Binder byHand = config(false, Map.of(
                "hospay.security.master-key", realMasterKey(),
                "hospay.channels.insurance.hospital-private-key-hex", DemoOnlyHospitalSm2Key.PRIVATE_HEX,
                "hospay.channels.insurance.platform-public-key-hex", DemoKeys.platformPublicKeyHex(DemoKeys.CURRENT),
                "hospay.channels.wechat.api-v3-key", org.hospay.channels.demo.DemoKeys.wechatApiV3KeyText(),
                "hospay.channels.wechat.merchant-private-key-pem", demoMerchant.toString(),
                "hospay.channels.alipay.alipay-public-key-pem", demoPlatform.toString(),
                "hospay.channels.unionpay.platform-public-key-pem", realPublic.toString(),
                "hospay.channels.unionpay.merchant-private-key-pem", dir.resolve("missing.pem").toString()));
        assertThat(properties(DemoKeyGuard.findings(byHand))).containsExactlyInAnyOrder(
                "hospay.channels.insurance.hospital-private-key-hex", "hospay.channels.insurance.platform-public-key-hex",
                "hospay.channels.wechat.api-v3-key", "hospay.channels.wechat.merchant-private-key-pem",
                "hospay.channels.alipay.alipay-public-key-pem");
    }

    @Test
    void productionKeysStartTheGateway() throws IOException {
        Binder real = config(false, Map.of("hospay.security.master-key", realMasterKey(),
                "hospay.codes.platform-public-keys.sd-2026", Sm2.publicKeyHex(Sm2.generateKeyPair().getPublic())));
        assertThatCode(() -> DemoKeyGuard.check(real)).doesNotThrowAnyException();
    }

    @Test
    void hospayDemoTrueIsTheOneSwitchThatActivatesTheDemoProfile() {
        ConfigurableEnvironment on = new AbstractEnvironment() {};
        on.getPropertySources().addFirst(new MapPropertySource("env", Map.of("HOSPAY_DEMO", "true")));
        new DemoMode().postProcessEnvironment(on, null);
        assertThat(on.getActiveProfiles()).containsExactly("demo");

        ConfigurableEnvironment cli = new AbstractEnvironment() {};
        cli.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--hospay.demo.provision=true", "--spring.profiles.active=it"));
        new DemoMode().postProcessEnvironment(cli, null);
        assertThat(cli.getActiveProfiles()).containsExactlyInAnyOrder("it", "demo");

        ConfigurableEnvironment off = new AbstractEnvironment() {};
        off.getPropertySources().addFirst(new MapPropertySource("env", Map.of("HOSPAY_DEMO", "false")));
        new DemoMode().postProcessEnvironment(off, null);
        assertThat(off.getActiveProfiles()).isEmpty();
    }
}
