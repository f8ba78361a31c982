package org.hospay.gateway.channel;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.net.URI;
import io.micrometer.observation.ObservationRegistry;
import org.hospay.channels.Channel;
import org.hospay.channels.CodePayment;
import org.hospay.channels.Refunds;
import org.hospay.channels.crypto.Pem;
import org.hospay.channels.insurance.DemoOnlyHospitalSm2Key;
import org.hospay.channels.insurance.HttpInsurancePlatform;
import org.hospay.channels.insurance.InsuranceConfig;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.MsgIdGenerator;
import org.hospay.gateway.ops.InstanceNode;
import org.hospay.channels.insurance.Sm2Keys;
import org.hospay.channels.alipay.AlipayAdapter;
import org.hospay.channels.commercial.CommercialConfig;
import org.hospay.channels.ehealth.HealthCardConfig;
import org.hospay.channels.ehealth.HealthCardService;
import org.hospay.channels.ehealth.HttpHealthCardService;
import org.hospay.channels.commercial.CommercialInsurer;
import org.hospay.channels.commercial.HttpCommercialInsurer;
import org.hospay.channels.alipay.AlipayConfig;
import org.hospay.channels.unionpay.UnionPayAdapter;
import org.hospay.channels.unionpay.UnionPayConfig;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.channels.wechat.WechatPayConfig;
import org.hospay.code.DemoKeys;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.CommercialPort;
import org.hospay.gateway.payment.HealthCardPort;
import org.hospay.gateway.payment.InpatientInsurancePort;
import org.hospay.gateway.payment.InsurancePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds every channel adapter from {@link ChannelsProperties} and the engine's ports on them. The adapters
 * are beans of their own types so that every capability they implement ({@code CodePayment}, {@code Refunds},
 * {@code Withholding}, {@code Statements}) is injectable as a list of that capability; callers ask for the
 * capability, never for an adapter class.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChannelsProperties.class)
class ChannelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChannelConfiguration.class);

    /**
     * Every adapter's WebClient reports to the application's observations (metrics, and traces when tracing is on) and
     * has the connection pool {@code hospay.channels.connections} sizes.
     */
    @Bean
    ChannelClients channelClients(ObjectProvider<ObservationRegistry> registry, ChannelsProperties props) {
        return new ChannelClients(registry.getIfAvailable(() -> ObservationRegistry.NOOP), props.connections());
    }

    @Bean
    InsurancePlatform insurancePlatform(ChannelsProperties props, Clock clock, ChannelClients clients, InstanceNode node) {
        ChannelsProperties.Insurance i = props.insurance();
        PrivateKey hospitalKey;
        PublicKey platformKey;
        if (i.demoKeys()) {
            requireDemoKeyJar("hospay.channels.insurance.demo-keys");
            log.warn("insurance: DEMO keys in use (hospay.channels.insurance.demo-keys=true); never against a real platform");
            hospitalKey = DemoOnlyHospitalSm2Key.privateKey();
            platformKey = DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic();
        } else {
            hospitalKey = Sm2Keys.privateKey(require(i.hospitalPrivateKeyHex(), "hospay.channels.insurance.hospital-private-key-hex"));
            platformKey = Sm2Keys.publicKey(require(i.platformPublicKeyHex(), "hospay.channels.insurance.platform-public-key-hex"));
        }
        var config = new InsuranceConfig(props.baseUrl(i.baseUrl()), i.servicePath(), i.fixmedinsCode(), i.fixmedinsName(),
                i.mdtrtareaAdmvs(), "FSI_LOCAL", "V1.0", "2", "hospay", "hospay gateway", "", node.digits() == 1 ? node.node() : 0, i.orgId(),
                hospitalKey, platformKey, i.connectTimeout(), i.responseTimeout());
        // The msgid node is this instance's lease (InstanceNode), in the width every instance uses.
        var msgIds = new MsgIdGenerator(i.fixmedinsCode(), node.node(), node.digits(), clock);
        return new HttpInsurancePlatform(config, clock, clients.of(Channel.INSURANCE), msgIds);
    }

    @Bean
    InsurancePort insurancePort(InsurancePlatform platform, ChannelResilience guard, Clock clock) {
        return new InsuranceGateway(platform, guard, clock);
    }

    @Bean
    InpatientInsurancePort inpatientInsurancePort(InsurancePlatform platform, ChannelResilience guard, Clock clock) {
        return new InpatientInsuranceGateway(platform, guard, clock);
    }

    /** Also what WeChat Pay callbacks (papay signing, deductions) are verified and decrypted with. */
    @Bean
    WechatPayConfig wechatPayConfig(ChannelsProperties props) {
        ChannelsProperties.Wechat w = props.wechat();
        URI base = props.baseUrl(w.baseUrl());
        WechatPayConfig config;
        if (w.demoKeys()) {
            requireDemoKeyJar("hospay.channels.wechat.demo-keys");
            log.warn("wechat: DEMO merchant and keys in use (hospay.channels.wechat.demo-keys=true); never against real WeChat Pay");
            config = WechatPayConfig.demo(base);
        } else {
            config = new WechatPayConfig(base, require(w.mchid(), "hospay.channels.wechat.mchid"),
                    require(w.appid(), "hospay.channels.wechat.appid"),
                    require(w.merchantSerialNo(), "hospay.channels.wechat.merchant-serial-no"),
                    Pem.privateKey(readFile(w.merchantPrivateKeyPem(), "hospay.channels.wechat.merchant-private-key-pem")),
                    require(w.wechatpayPublicKeyId(), "hospay.channels.wechat.wechatpay-public-key-id"),
                    Pem.publicKey(readFile(w.wechatpayPublicKeyPem(), "hospay.channels.wechat.wechatpay-public-key-pem")),
                    require(w.apiV3Key(), "hospay.channels.wechat.api-v3-key"), w.notifyUrl(), w.connectTimeout(), w.responseTimeout());
        }
        config = config.withResponseTimeout(w.responseTimeout());
        if (w.notifyUrl() != null) config = config.withNotifyUrl(w.notifyUrl());
        return config;
    }

    @Bean
    WechatPayAdapter wechatPay(WechatPayConfig config, Clock clock, ChannelClients clients) {
        return new WechatPayAdapter(config, clock, clients.of(Channel.WECHAT));
    }

    /** Also what Alipay notifications (agreements signed and ended) are verified with. */
    @Bean
    AlipayConfig alipayConfig(ChannelsProperties props) {
        ChannelsProperties.Alipay a = props.alipay();
        URI base = props.baseUrl(a.baseUrl());
        AlipayConfig config;
        if (a.demoKeys()) {
            requireDemoKeyJar("hospay.channels.alipay.demo-keys");
            log.warn("alipay: DEMO app and keys in use (hospay.channels.alipay.demo-keys=true); never against real Alipay");
            config = AlipayConfig.demo(base);
        } else {
            config = new AlipayConfig(base.resolve("/gateway.do"), require(a.appId(), "hospay.channels.alipay.app-id"),
                    Pem.privateKey(readFile(a.appPrivateKeyPem(), "hospay.channels.alipay.app-private-key-pem")),
                    Pem.publicKey(readFile(a.alipayPublicKeyPem(), "hospay.channels.alipay.alipay-public-key-pem")),
                    a.notifyUrl(), a.connectTimeout(), a.responseTimeout());
        }
        config = config.withTimeouts(a.connectTimeout(), a.responseTimeout());
        if (a.notifyUrl() != null) config = config.withNotifyUrl(a.notifyUrl());
        return config;
    }

    @Bean
    AlipayAdapter alipay(AlipayConfig config, Clock clock, ChannelClients clients) {
        return new AlipayAdapter(config, clock, clients.of(Channel.ALIPAY));
    }

    @Bean
    UnionPayAdapter unionpay(ChannelsProperties props, Clock clock, ChannelClients clients) {
        ChannelsProperties.Unionpay u = props.unionpay();
        URI base = props.baseUrl(u.baseUrl());
        UnionPayConfig config;
        if (u.demoKeys()) {
            requireDemoKeyJar("hospay.channels.unionpay.demo-keys");
            log.warn("unionpay: DEMO partner and keys in use (hospay.channels.unionpay.demo-keys=true); never against real UnionPay");
            config = UnionPayConfig.demo(base);
        } else {
            config = new UnionPayConfig(base, require(u.serProvId(), "hospay.channels.unionpay.ser-prov-id"),
                    require(u.merId(), "hospay.channels.unionpay.mer-id"),
                    Pem.privateKey(readFile(u.merchantPrivateKeyPem(), "hospay.channels.unionpay.merchant-private-key-pem")),
                    Pem.publicKey(readFile(u.platformPublicKeyPem(), "hospay.channels.unionpay.platform-public-key-pem")),
                    u.connectTimeout(), u.responseTimeout());
        }
        return new UnionPayAdapter(config.withTimeouts(u.connectTimeout(), u.responseTimeout()), clock, clients.of(Channel.UNIONPAY));
    }

    @Bean
    HttpCommercialInsurer commercialInsurer(ChannelsProperties props, Clock clock, ChannelClients clients) {
        ChannelsProperties.Commercial c = props.commercial();
        URI base = props.baseUrl(c.baseUrl());
        CommercialConfig config;
        if (c.demoKeys()) {
            log.warn("commercial: DEMO partner in use (hospay.channels.commercial.demo-keys=true); never against a real insurer");
            config = CommercialConfig.demo(base);
        } else {
            config = new CommercialConfig(base, require(c.partnerId(), "hospay.channels.commercial.partner-id"),
                    require(c.secret(), "hospay.channels.commercial.secret"), c.connectTimeout(), c.responseTimeout());
        }
        config = new CommercialConfig(config.baseUrl(), config.partnerId(), config.secret(), c.connectTimeout(), c.responseTimeout());
        return new HttpCommercialInsurer(config, clock, clients.of(Channel.COMMERCIAL));
    }

    @Bean
    CommercialPort commercialPort(CommercialInsurer insurer, ChannelsProperties props, ChannelResilience guard) {
        return new CommercialGateway(insurer, guard, props.commercial().insurer());
    }

    @Bean
    HealthCardService healthCardService(ChannelsProperties props, Clock clock) {
        ChannelsProperties.Ehealth e = props.ehealth();
        URI base = props.baseUrl(e.baseUrl());
        HealthCardConfig config;
        if (e.demoKeys()) {
            log.warn("e-health card: DEMO app in use (hospay.channels.ehealth.demo-keys=true); never against a real service");
            config = HealthCardConfig.demo(base, e.connectTimeout(), e.responseTimeout());
        } else {
            config = new HealthCardConfig(base, require(e.appId(), "hospay.channels.ehealth.app-id"),
                    require(e.secret(), "hospay.channels.ehealth.secret"), e.connectTimeout(), e.responseTimeout());
        }
        return new HttpHealthCardService(config, clock);
    }

    @Bean
    HealthCardPort healthCardPort(HealthCardService service, ChannelResilience guard) {
        return new HealthCardGateway(service, guard);
    }

    @Bean
    ChargePort chargePort(java.util.List<CodePayment> codePayments, java.util.List<Refunds> refunds, ChannelResilience guard) {
        return new ChargeGateway(codePayments, refunds, guard, "hospay");
    }

    @Bean
    org.hospay.gateway.payment.AppPayPort appPayPort(java.util.List<org.hospay.channels.AppPayment> apps, ChannelResilience guard) {
        return new AppPayGateway(apps, guard);
    }

    private static String readFile(String path, String property) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(require(path, property)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(property + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The DEMO keys are not in the exec jar (channels-demo-keys is left out of it); demo mode adds them with
     * LOADER_PATH. Without them, say so at start-up rather than with a NoClassDefFoundError.
     */
    private static void requireDemoKeyJar(String property) {
        try {
            Class.forName("org.hospay.channels.demo.DemoKeys", false, ChannelConfiguration.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(property + "=true but the DEMO keys are not on the classpath: they are not in the"
                    + " gateway's exec jar; add channels/demo-keys/target/channels-demo-keys-*.jar with LOADER_PATH (infra/run.sh does)");
        }
    }

    private static String require(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is required when demo-keys is false");
        }
        return value;
    }
}
