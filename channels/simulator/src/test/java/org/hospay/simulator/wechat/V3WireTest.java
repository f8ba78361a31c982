package org.hospay.simulator.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's own reading of WeChat Pay v3 against the published examples (channels/docs/wechat.md, "Published vectors"). */
class V3WireTest {

    /** 微信支付 API v3 文档, "签名生成", 第六步 构造签名串: the GET /v3/certificates example. */
    @Test
    void theDocumentedRequestMessage() {
        assertThat(V3Wire.requestMessage("GET", "/v3/certificates", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", ""))
                .isEqualTo("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
    }

    /** "签名生成", 设置HTTP头: the five parameters, in any order. */
    @Test
    void authorizationParametersInAnyOrder() {
        assertThat(V3Wire.authorization("WECHATPAY2-SHA256-RSA2048 signature=\"c2ln==\",mchid=\"1900009191\",nonce_str=\"N\","
                + "timestamp=\"1554208460\",serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\""))
                .isEqualTo(Map.of("mchid", "1900009191", "nonce_str", "N", "timestamp", "1554208460",
                        "serial_no", "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", "signature", "c2ln=="));
        assertThat(V3Wire.authorization("Bearer x")).isEmpty();
    }

    /**
     * McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, Test Case 14 (256-bit zero key,
     * zero IV, 16 zero bytes, no associated data): the algorithm of 回调报文解密. The callback's nonce is text,
     * so the test case's zero IV is written as twelve NUL characters.
     */
    @Test
    void resourceEncryptionIsAes256GcmAsPublished() {
        byte[] sealed = V3Wire.encryptResource(new byte[32], "\0\0\0\0\0\0\0\0\0\0\0\0", "", new byte[16]);
        assertThat(HexFormat.of().formatHex(sealed)).isEqualTo("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
    }
}
