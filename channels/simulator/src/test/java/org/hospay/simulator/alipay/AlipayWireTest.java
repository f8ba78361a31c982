package org.hospay.simulator.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's own reading of Alipay's signature string against the published example (channels/docs/alipay.md). */
class AlipayWireTest {

    /** 支付宝开放平台文档, "自行实现签名": the 待签名字符串 of alipay.mobile.public.menu.add. */
    @Test
    void theDocumentedStringToSign() {
        String menu = "{\"button\":[{\"actionParam\":\"ZFB_HFCZ\",\"actionType\":\"out\",\"name\":\"话费充值\"}]}";
        Map<String, String> p = new HashMap<>(Map.of("method", "alipay.mobile.public.menu.add", "timestamp", "2014-07-24 03:07:50",
                "biz_content", menu, "charset", "GBK", "version", "1.0", "app_id", "2014072300007148", "sign_type", "RSA2",
                "sign", "x", "notify_url", ""));

        assertThat(AlipayWire.requestSignContent(p)).isEqualTo("app_id=2014072300007148&biz_content=" + menu
                + "&charset=GBK&method=alipay.mobile.public.menu.add&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0");
        assertThat(AlipayWire.notificationSignContent(p)).doesNotContain("sign_type");
    }
}
