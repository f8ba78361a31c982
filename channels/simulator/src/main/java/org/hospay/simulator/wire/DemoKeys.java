package org.hospay.simulator.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * DEMO ONLY. The identities and key pairs of the demo merchant and of the vendors the simulator plays.
 * The simulator's own copy ({@code src/main/resources/sim-demo-keys/*.pem}): the same published demo
 * pairs the gateway's demo configuration uses, so the two sides meet out of the box, but loaded here
 * without any adapter code. Anyone can sign as either side with these; never configure them against a
 * real vendor.
 *
 * <p>Per channel there are two pairs: the merchant's (the simulator verifies requests with its public
 * half) and the vendor platform's (the simulator signs answers and callbacks with its private half).
 */
public final class DemoKeys {

    public record Pair(PrivateKey privateKey, PublicKey publicKey) {}

    // WeChat Pay v3 直连商户: merchant id, app id, merchant certificate serial, WeChat Pay public key id, APIv3 key.
    public static final String WECHAT_MCHID = "1900000109";
    public static final String WECHAT_APPID = "wxdemo0000000001";
    public static final String WECHAT_MERCHANT_SERIAL = "DEMO0000000000000000000000000000000000A1";
    public static final String WECHAT_PLATFORM_SERIAL = "PUB_KEY_ID_DEMO_ONLY_00000000000001";
    public static final String WECHAT_API_V3_KEY = "DEMOONLYapiv3key0123456789abcdef";

    public static final String ALIPAY_APP_ID = "2021000000000001";

    public static final String UNIONPAY_SER_PROV_ID = "DEMOISV00000001";
    public static final String UNIONPAY_MER_ID = "898000000000001";

    /** DEMO ONLY: the demo hospital's fixmedins_code and the public half of its SM2 key (04 + x + y, hex). */
    public static final String INSURANCE_HOSPITAL_CODE = "H37020200001";
    public static final String INSURANCE_HOSPITAL_SM2_PUBLIC =
            "04f31856fc281e012f38752e99d4873ccf88751954620ac504924b29f1d3eabc8a"
            + "39867198b7d880026944dd415a4e79c4a16234ec1cba2000c151255fd9ba0907";

    /** DEMO ONLY: the demo bank merchant and commercial-insurer partner, and their HMAC secrets. */
    public static final String BANK_MERCHANT = "HOSPAY-DEMO-BANK";
    public static final String BANK_SECRET = "DEMO-ONLY-bank-merchant-secret-01";
    public static final String COMMERCIAL_PARTNER = "HOSPAY-DEMO";
    public static final String COMMERCIAL_SECRET = "DEMO-ONLY-hic-partner-secret-0001";

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
        return new Pair(Rsa.privateKey(resource(name + "-demo-private.pem")), Rsa.publicKey(resource(name + "-demo-public.pem")));
    }

    private static String resource(String file) {
        try (InputStream in = DemoKeys.class.getClassLoader().getResourceAsStream("sim-demo-keys/" + file)) {
            if (in == null) throw new IllegalStateException("missing resource sim-demo-keys/" + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
