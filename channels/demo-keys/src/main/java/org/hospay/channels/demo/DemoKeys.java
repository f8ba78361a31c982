package org.hospay.channels.demo;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * DEMO ONLY. Key pairs and merchant identities that let the adapters and the channel simulator talk to
 * each other out of the box. The private keys are published in git
 * ({@code channels/demo-keys/src/main/resources/demo-keys/*-demo-*.pem}, a module no production jar contains): anyone can sign as either side, so these must
 * never be configured against a real vendor. A hospital configures its own keys instead
 * (channels/README.md, "Pointing an adapter at the real vendor").
 *
 * <p>Per channel there are two pairs: the merchant's (we sign requests, the vendor verifies) and the
 * vendor platform's (the vendor signs answers and callbacks, we verify).
 */
public final class DemoKeys {

    /** A private key and its public half. */
    public record Pair(PrivateKey privateKey, PublicKey publicKey) {}

    // WeChat Pay v3 (直连商户): merchant id, app id, merchant certificate serial, WeChat Pay public key id, APIv3 key.
    public static final String WECHAT_MCHID = "1900000109";
    public static final String WECHAT_APPID = "wxdemo0000000001";
    public static final String WECHAT_MERCHANT_SERIAL = "DEMO0000000000000000000000000000000000A1";
    public static final String WECHAT_PLATFORM_SERIAL = "PUB_KEY_ID_DEMO_ONLY_00000000000001";
    /** 32 ASCII characters, as WeChat's APIv3 key is. Private, read by method: a public constant would be copied into every class using it. */
    private static final String WECHAT_API_V3_KEY = "DEMOONLYapiv3key0123456789abcdef";

    // The shared secrets of the HMAC-signed counterparties (the simulator accepts them). Private and read by
    // method for the same reason: javac inlines a public String constant into the adapters' own classes.
    private static final String BANK_SECRET = "DEMO-ONLY-bank-merchant-secret-01";
    private static final String COMMERCIAL_SECRET = "DEMO-ONLY-hic-partner-secret-0001";
    private static final String EINVOICE_SECRET = "DEMO-ONLY-einvoice-secret-0001";
    private static final String EHEALTH_APP_SECRET = "DEMO-ONLY-ehc-app-secret-0001";

    // Alipay open platform: app id.
    public static final String ALIPAY_APP_ID = "2021000000000001";

    // UnionPay partner platform (服务商): service-provider id, merchant id.
    public static final String UNIONPAY_SER_PROV_ID = "DEMOISV00000001";
    public static final String UNIONPAY_MER_ID = "898000000000001";

    /** WeChat Pay's APIv3 key of the demo merchant, as configured (text). */
    public static String wechatApiV3KeyText() {
        return WECHAT_API_V3_KEY;
    }

    /** The credit bank's merchant secret for {@code HOSPAY-DEMO-BANK}. */
    public static String bankSecret() {
        return BANK_SECRET;
    }

    /** The commercial insurer's partner secret for {@code HOSPAY-DEMO}. */
    public static String commercialSecret() {
        return COMMERCIAL_SECRET;
    }

    /** The fiscal e-invoice platform's partner secret for {@code HOSPAY-DEMO}. */
    public static String einvoiceSecret() {
        return EINVOICE_SECRET;
    }

    /** The e-health card service's app secret for {@code HOSPAY-DEMO-EHC}. */
    public static String ehealthAppSecret() {
        return EHEALTH_APP_SECRET;
    }

    private static final Pair WECHAT_MERCHANT = load("wechat-merchant");
    private static final Pair WECHAT_PLATFORM = load("wechat-platform");
    private static final Pair ALIPAY_APP = load("alipay-app");
    private static final Pair ALIPAY_PLATFORM = load("alipay-platform");
    private static final Pair UNIONPAY_MERCHANT = load("unionpay-merchant");
    private static final Pair UNIONPAY_PLATFORM = load("unionpay-platform");

    private DemoKeys() {}

    public static Pair wechatMerchant() { return WECHAT_MERCHANT; }

    public static Pair wechatPlatform() { return WECHAT_PLATFORM; }

    public static Pair alipayApp() { return ALIPAY_APP; }

    public static Pair alipayPlatform() { return ALIPAY_PLATFORM; }

    public static Pair unionpayMerchant() { return UNIONPAY_MERCHANT; }

    public static Pair unionpayPlatform() { return UNIONPAY_PLATFORM; }

    public static byte[] wechatApiV3Key() {
        return WECHAT_API_V3_KEY.getBytes(StandardCharsets.US_ASCII);
    }

    private static Pair load(String name) {
        return new Pair(DemoKeyFiles.rsaPrivate("demo-keys/" + name + "-demo-private.pem"),
                DemoKeyFiles.rsaPublic("demo-keys/" + name + "-demo-public.pem"));
    }
}
