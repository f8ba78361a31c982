package org.hospay.channels.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.demo.DemoKeys;
import org.junit.jupiter.api.Test;

/** The adapter's Alipay RSA2 signing against Alipay's published example (channels/docs/alipay.md, "Published vectors"). */
class AlipayPublishedVectorsTest {

    private static final String MENU = "{\"button\":[{\"actionParam\":\"ZFB_HFCZ\",\"actionType\":\"out\",\"name\":\"话费充值\"},"
            + "{\"name\":\"查询\",\"subButton\":[{\"actionParam\":\"ZFB_YECX\",\"actionType\":\"out\",\"name\":\"余额查询\"},"
            + "{\"actionParam\":\"ZFB_LLCX\",\"actionType\":\"out\",\"name\":\"流量查询\"},"
            + "{\"actionParam\":\"ZFB_HFCX\",\"actionType\":\"out\",\"name\":\"话费查询\"}]},"
            + "{\"actionParam\":\"http://m.alipay.com\",\"actionType\":\"link\",\"name\":\"最新优惠\"}]}";

    /**
     * Source: 支付宝开放平台文档 (Alipay open platform documentation), "自行实现签名" (implementing the signature
     * yourself), 筛选并排序 / 拼接 — the 待签名字符串 example of {@code alipay.mobile.public.menu.add} for app
     * 2014072300007148: parameters sorted by name, {@code sign} left out, {@code k=v} joined by {@code &},
     * values raw (not URL-encoded).
     */
    @Test
    void theDocumentedStringToSign() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("method", "alipay.mobile.public.menu.add");
        params.put("timestamp", "2014-07-24 03:07:50");
        params.put("sign", "must-not-be-signed");
        params.put("biz_content", MENU);
        params.put("charset", "GBK");
        params.put("version", "1.0");
        params.put("app_id", "2014072300007148");
        params.put("sign_type", "RSA2");

        assertThat(AlipayProtocol.requestSignContent(params)).isEqualTo("app_id=2014072300007148&biz_content=" + MENU
                + "&charset=GBK&method=alipay.mobile.public.menu.add&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0");
    }

    /**
     * Same document, 计算签名: RSA2 = SHA256withRSA, Base64. The documented example's signature was made with
     * a key Alipay does not publish, so the rule is checked with the demo key: the adapter's signature over
     * the request verifies with the JDK over the documented string, and an empty parameter (which the
     * documentation says does not take part) changes nothing.
     */
    @Test
    void rsa2IsSha256WithRsaOverTheDocumentedString() throws Exception {
        Map<String, String> params = new LinkedHashMap<>(Map.of("app_id", "2014072300007148", "method", "alipay.mobile.public.menu.add",
                "charset", "GBK", "sign_type", "RSA2", "timestamp", "2014-07-24 03:07:50", "version", "1.0", "biz_content", MENU));
        params.put("notify_url", "");
        String sign = new RsaSigner(DemoKeys.alipayApp().privateKey()).signBase64(AlipayProtocol.requestSignContent(params));

        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(DemoKeys.alipayApp().publicKey());
        jdk.update(("app_id=2014072300007148&biz_content=" + MENU + "&charset=GBK&method=alipay.mobile.public.menu.add"
                + "&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0").getBytes(StandardCharsets.UTF_8));
        assertThat(jdk.verify(Base64.getDecoder().decode(sign))).isTrue();
    }

    /**
     * 支付宝开放平台文档, "异步通知验签" (verifying asynchronous notifications): {@code sign} and
     * {@code sign_type} are both left out of the string. No published notification with a matching key
     * exists; expectation written by hand.
     */
    @Test
    void aNotificationLeavesOutSignAndSignType() {
        Map<String, String> params = Map.of("notify_time", "2014-07-24 03:07:50", "sign_type", "RSA2", "sign", "x",
                "trade_status", "TRADE_SUCCESS", "app_id", "2014072300007148", "out_trade_no", "", "total_amount", "88.88");

        assertThat(AlipayProtocol.notificationSignContent(params))
                .isEqualTo("app_id=2014072300007148&notify_time=2014-07-24 03:07:50&total_amount=88.88&trade_status=TRADE_SUCCESS");
    }
}
