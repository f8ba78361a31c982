package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WechatPayConfigTest {

    private final WechatPayConfig demo = WechatPayConfig.demo(URI.create("http://127.0.0.1:9090"));

    @Test
    void theDemoConfigIsValidAndNeverPrintsItsKeys() {
        assertThat(demo.toString()).contains("1900000109").doesNotContain(demo.apiV3Key()).contains("keys=(hidden)");
    }

    @Test
    void aBadValueIsNamedInTheMessage() {
        assertThatThrownBy(() -> new WechatPayConfig(demo.baseUrl(), "19x", demo.appid(), demo.merchantSerialNo(),
                demo.merchantPrivateKey(), demo.wechatpayPublicKeyId(), demo.wechatpayPublicKey(), demo.apiV3Key(), demo.notifyUrl(),
                demo.connectTimeout(), demo.responseTimeout())).hasMessageContaining("mchid").hasMessageContaining("19x");
        assertThatThrownBy(() -> new WechatPayConfig(demo.baseUrl(), demo.mchid(), demo.appid(), demo.merchantSerialNo(),
                demo.merchantPrivateKey(), demo.wechatpayPublicKeyId(), demo.wechatpayPublicKey(), "short", demo.notifyUrl(),
                demo.connectTimeout(), demo.responseTimeout())).hasMessageContaining("apiV3Key").hasMessageContaining("5 characters");
        assertThatThrownBy(() -> demo.withNotifyUrl(URI.create("https://h.example/cb?x=1"))).hasMessageContaining("notifyUrl");
        assertThatThrownBy(() -> demo.withBaseUrl(URI.create("ftp://x"))).hasMessageContaining("baseUrl");
    }

    @Test
    void aShorterResponseTimeoutPullsTheConnectTimeoutDownWithIt() {
        WechatPayConfig c = demo.withResponseTimeout(Duration.ofMillis(500));

        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.responseTimeout()).isEqualTo(Duration.ofMillis(500));
    }
}
