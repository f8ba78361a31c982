package org.hospay.channels.wechat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import org.hospay.channels.demo.DemoKeys;

/**
 * Who we are to WeChat Pay v3 (直连商户) and where it is. Everything a hospital changes to point the
 * adapter at the real {@code https://api.mch.weixin.qq.com} instead of the simulator lives here.
 *
 * @param baseUrl              {@code https://api.mch.weixin.qq.com} (or the backup {@code api2.}), or the simulator
 * @param mchid                商户号
 * @param appid                the AppID bound to the merchant number
 * @param merchantSerialNo     the serial of the merchant API certificate whose key signs our requests
 * @param merchantPrivateKey   {@code apiclient_key.pem}: signs every request
 * @param wechatpayPublicKeyId {@code PUB_KEY_ID_…}: the id answers and callbacks must name in {@code Wechatpay-Serial}
 * @param wechatpayPublicKey   the WeChat Pay public key that verifies answers and callbacks
 * @param apiV3Key             the 32-character APIv3 key that decrypts callback resources (AEAD_AES_256_GCM)
 * @param notifyUrl            where WeChat posts deduction results (papay {@code transaction_notify_url})
 * @param connectTimeout       a connection not made within this is provably not sent (Declined)
 * @param responseTimeout      an answer not received within this after sending is Unknown
 */
public record WechatPayConfig(
        URI baseUrl,
        String mchid,
        String appid,
        String merchantSerialNo,
        PrivateKey merchantPrivateKey,
        String wechatpayPublicKeyId,
        PublicKey wechatpayPublicKey,
        String apiV3Key,
        URI notifyUrl,
        Duration connectTimeout,
        Duration responseTimeout) {

    public WechatPayConfig {
        requireHttpUrl("wechat baseUrl", baseUrl);
        if (baseUrl.getRawQuery() != null)
            throw new IllegalArgumentException("wechat baseUrl must not carry a query: " + baseUrl);
        if (mchid == null || !mchid.matches("[0-9]{6,32}"))
            throw new IllegalArgumentException("wechat mchid must be 6–32 digits: " + mchid);
        requireText("wechat appid", appid, 32);
        requireText("wechat merchantSerialNo", merchantSerialNo, 64);
        Objects.requireNonNull(merchantPrivateKey, "wechat merchantPrivateKey");
        requireText("wechat wechatpayPublicKeyId", wechatpayPublicKeyId, 64);
        Objects.requireNonNull(wechatpayPublicKey, "wechat wechatpayPublicKey");
        if (apiV3Key == null || apiV3Key.length() != 32 || !StandardCharsets.US_ASCII.newEncoder().canEncode(apiV3Key))
            throw new IllegalArgumentException("wechat apiV3Key must be 32 ASCII characters, was "
                    + (apiV3Key == null ? "null" : apiV3Key.length() + " characters"));
        requireHttpUrl("wechat notifyUrl", notifyUrl);
        // WeChat refuses notification URLs with parameters (回调地址不能携带参数).
        if (notifyUrl.getRawQuery() != null)
            throw new IllegalArgumentException("wechat notifyUrl must not carry a query: " + notifyUrl);
        Objects.requireNonNull(connectTimeout, "wechat connectTimeout");
        Objects.requireNonNull(responseTimeout, "wechat responseTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero())
            throw new IllegalArgumentException("wechat timeouts must be positive: " + connectTimeout + ", " + responseTimeout);
        // A connect timeout beyond the answer timeout would turn "never sent" into Unknown.
        if (connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("wechat connectTimeout " + connectTimeout + " exceeds responseTimeout " + responseTimeout);
    }

    /**
     * DEMO ONLY: the published demo merchant ({@link DemoKeys}) talking to {@code baseUrl}, normally the
     * channel simulator. Its keys are in git; never point this at the real WeChat Pay.
     */
    public static WechatPayConfig demo(URI baseUrl) {
        return new WechatPayConfig(baseUrl, DemoKeys.WECHAT_MCHID, DemoKeys.WECHAT_APPID, DemoKeys.WECHAT_MERCHANT_SERIAL,
                DemoKeys.wechatMerchant().privateKey(), DemoKeys.WECHAT_PLATFORM_SERIAL, DemoKeys.wechatPlatform().publicKey(),
                DemoKeys.wechatApiV3KeyText(), URI.create("http://127.0.0.1:8080/callbacks/wechat-pay"),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public WechatPayConfig withBaseUrl(URI url) {
        return new WechatPayConfig(url, mchid, appid, merchantSerialNo, merchantPrivateKey, wechatpayPublicKeyId,
                wechatpayPublicKey, apiV3Key, notifyUrl, connectTimeout, responseTimeout);
    }

    public WechatPayConfig withNotifyUrl(URI url) {
        return new WechatPayConfig(baseUrl, mchid, appid, merchantSerialNo, merchantPrivateKey, wechatpayPublicKeyId,
                wechatpayPublicKey, apiV3Key, url, connectTimeout, responseTimeout);
    }

    public WechatPayConfig withResponseTimeout(Duration timeout) {
        Duration connect = connectTimeout.compareTo(timeout) > 0 ? timeout : connectTimeout;
        return new WechatPayConfig(baseUrl, mchid, appid, merchantSerialNo, merchantPrivateKey, wechatpayPublicKeyId,
                wechatpayPublicKey, apiV3Key, notifyUrl, connect, timeout);
    }

    /** The APIv3 key as the AES-256 key it is. */
    public byte[] apiV3KeyBytes() {
        return apiV3Key.getBytes(StandardCharsets.US_ASCII);
    }

    /** Keys never reach a log line through {@code toString}. */
    @Override
    public String toString() {
        return "WechatPayConfig[baseUrl=" + baseUrl + ", mchid=" + mchid + ", appid=" + appid + ", merchantSerialNo="
                + merchantSerialNo + ", wechatpayPublicKeyId=" + wechatpayPublicKeyId + ", notifyUrl=" + notifyUrl
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + ", keys=(hidden)]";
    }

    private static void requireHttpUrl(String name, URI url) {
        Objects.requireNonNull(url, name);
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null)
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL: " + url);
    }

    private static void requireText(String name, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max)
            throw new IllegalArgumentException(name + " must be 1–" + max + " characters: " + value);
    }
}
