package org.hospay.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hospay.channels.crypto.Pem;
import org.hospay.code.Sm2;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Outside demo mode the gateway does not start while a published DEMO credential is configured: the demo
 * master key, a channel's {@code demo-keys=true}, a demo insurance-platform key among the scanned-code
 * verification keys, or a demo key handed in by hand (hex or PEM file) where a real one belongs. Every
 * one of them is in git, so with it anyone could decrypt the data at rest, sign as the hospital or mint
 * insurance codes this gateway accepts. All findings are reported at once, each by its property
 * ({@link DemoKeysRefusedFailureAnalyzer}).
 *
 * <p>Runs as a bean-factory post-processor: after the whole configuration is known (profiles, files,
 * environment, test properties) and before any bean exists, so nothing has touched the database, Redis
 * or a channel when it refuses.
 */
@Component
public class DemoKeyGuard implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    /** DEMO ONLY: the admin token application-demo.yml supplies (the same as the admin package's DEMO_TOKEN). */
    static final String DEMO_ADMIN_TOKEN = "hospay-DEMO-ONLY-admin-token-not-a-secret";

    /** DEMO ONLY: the master key application-demo.yml supplies (published, protects nothing). */
    public static final String DEMO_MASTER_KEY = "ZGVtby1vbmx5LW1hc3Rlci1rZXktY2hhbmdlLW1lISE=";

    /** DEMO ONLY: the credit-code key application-demo.yml supplies. */
    static final String DEMO_CREDIT_CODE_KEY = "REVNTy1PTkxZLWNyZWRpdC1jb2RlLWtleS1ub3Qtc2VjcmV0IQ==";

    static final List<String> CHANNELS = List.of("insurance", "wechat", "alipay", "unionpay", "commercial", "einvoice", "ehealth");

    /** One demo credential found outside demo mode: the property that holds it and what it is. */
    public record Finding(String property, String what) {
        @Override
        public String toString() {
            return property + ": " + what;
        }
    }

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(Binder.get(environment));
    }

    /** Refuses (throws) when not in demo mode and any demo credential is configured. */
    public static void check(Binder config) {
        if (config.bind("hospay.demo.provision", Boolean.class).orElse(false)) return;
        List<Finding> findings = findings(config);
        if (!findings.isEmpty()) throw new DemoKeysRefusedException(findings);
    }

    /** Every demo credential in this configuration, demo mode or not. */
    public static List<Finding> findings(Binder config) {
        List<Finding> found = new ArrayList<>();
        if (DEMO_MASTER_KEY.equals(string(config, "hospay.security.master-key"))) {
            found.add(new Finding("hospay.security.master-key", "the DEMO master key published in application-demo.yml"));
        }
        if (DEMO_ADMIN_TOKEN.equals(string(config, "hospay.admin.token"))) {
            found.add(new Finding("hospay.admin.token", "the DEMO admin token published in application-demo.yml"));
        }
        new TreeMap<>(config.bind("hospay.security.previous-master-keys", Bindable.mapOf(String.class, String.class)).orElse(Map.of()))
                .forEach((id, key) -> {
                    if (DEMO_MASTER_KEY.equals(key)) {
                        found.add(new Finding("hospay.security.previous-master-keys." + id, "the DEMO master key published in application-demo.yml"));
                    }
                });
        for (String channel : CHANNELS) {
            String property = "hospay.channels." + channel + ".demo-keys";
            if (config.bind(property, Boolean.class).orElse(false)) {
                found.add(new Finding(property, "true: the " + channel + " adapter would use the DEMO keys shipped in the jar"));
            }
        }
        // Credit care: the simulator's DEMO bank merchant and the DEMO credit-code key of application-demo.yml.
        if (config.bind("hospay.credit.bank.demo-keys", Boolean.class).orElse(false)) {
            found.add(new Finding("hospay.credit.bank.demo-keys", "true: the bank adapter would sign as the DEMO merchant"));
        }
        if (DEMO_CREDIT_CODE_KEY.equals(string(config, "hospay.credit.code-key"))) {
            found.add(new Finding("hospay.credit.code-key", "the DEMO credit-code key published in application-demo.yml"));
        }
        Map<String, String> platformKeys = config.bind("hospay.codes.platform-public-keys", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        new TreeMap<>(platformKeys).forEach((id, hex) -> {
            if (isDemoPlatformKey(hex)) {
                found.add(new Finding("hospay.codes.platform-public-keys." + id, "a DEMO insurance-platform key (its private key is published)"));
            }
        });
        String platformHex = string(config, "hospay.channels.insurance.platform-public-key-hex");
        if (isDemoPlatformKey(platformHex)) {
            found.add(new Finding("hospay.channels.insurance.platform-public-key-hex", "a DEMO insurance-platform key"));
        }
        String hospitalHex = string(config, "hospay.channels.insurance.hospital-private-key-hex");
        if (PublishedDemoKeys.isDemoHospitalKey(hospitalHex)) {
            found.add(new Finding("hospay.channels.insurance.hospital-private-key-hex", "the DEMO hospital's SM2 key"));
        }
        if (PublishedDemoKeys.isDemoApiV3Key(string(config, "hospay.channels.wechat.api-v3-key"))) {
            found.add(new Finding("hospay.channels.wechat.api-v3-key", "the DEMO APIv3 key"));
        }
        for (String property : List.of("hospay.channels.wechat.merchant-private-key-pem", "hospay.channels.wechat.wechatpay-public-key-pem",
                "hospay.channels.alipay.app-private-key-pem", "hospay.channels.alipay.alipay-public-key-pem",
                "hospay.channels.unionpay.merchant-private-key-pem", "hospay.channels.unionpay.platform-public-key-pem")) {
            String file = string(config, property);
            if (isDemoRsaKeyFile(file, property.endsWith("private-key-pem"))) {
                found.add(new Finding(property, file + " holds a DEMO key (published in channels/demo-keys)"));
            }
        }
        return found;
    }

    private static String string(Binder config, String property) {
        return config.bind(property, String.class).orElse(null);
    }

    private static boolean isDemoPlatformKey(String hex) {
        if (hex == null || hex.isBlank()) return false;
        try {
            return PublishedDemoKeys.PLATFORM_PUBLIC_HEX.contains(Sm2.publicKeyHex(Sm2.publicKeyFromHex(hex.trim())));
        } catch (RuntimeException notAKey) {
            return false; // not this guard's business: the key's own validation names it
        }
    }

    /** A key is the demo one when it has a demo modulus: the same pair, whatever the PEM form. */
    private static boolean isDemoRsaKeyFile(String file, boolean isPrivate) {
        if (file == null || file.isBlank()) return false;
        try {
            String pem = Files.readString(Path.of(file.trim()));
            Function<String, Key> parse = isPrivate ? Pem::privateKey : Pem::publicKey;
            return parse.apply(pem) instanceof RSAKey rsa && PublishedDemoKeys.isDemoRsaModulus(rsa.getModulus());
        } catch (IOException | RuntimeException unreadable) {
            return false; // the channel's configuration names a file it cannot read
        }
    }

    /** Thrown at start-up outside demo mode; its message names every offending property. */
    public static final class DemoKeysRefusedException extends IllegalStateException {

        private final transient List<Finding> findings;

        DemoKeysRefusedException(List<Finding> findings) {
            super("not in demo mode (HOSPAY_DEMO is not true), yet published DEMO credentials are configured: "
                    + findings.stream().map(Finding::toString).collect(Collectors.joining("; ")));
            this.findings = List.copyOf(findings);
        }

        public List<Finding> findings() {
            return findings;
        }
    }
}
