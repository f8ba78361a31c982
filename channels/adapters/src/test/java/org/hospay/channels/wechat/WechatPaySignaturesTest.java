package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.demo.DemoKeys;
import org.junit.jupiter.api.Test;

class WechatPaySignaturesTest {

    @Test
    void theRequestMessageIsFiveLinesEachEndingInANewline() {
        assertThat(WechatPaySignatures.requestMessage("GET", "/v3/pay/transactions/out-trade-no/1?mchid=1900000109", "1554208460",
                "593BEC0C930BF1AFEB40B4A08C8FB242", "")).isEqualTo(
                "GET\n/v3/pay/transactions/out-trade-no/1?mchid=1900000109\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
    }

    @Test
    void anAuthorizationHeaderParsesBackToItsParts() {
        String header = WechatPaySignatures.authorization("1900000109", "NONCE", "1554208460", "SERIAL01", "c2lnbmF0dXJl");

        assertThat(header).startsWith("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000109\",nonce_str=\"NONCE\"");
        assertThat(WechatPaySignatures.parseAuthorization(header)).isEqualTo(Map.of("mchid", "1900000109", "nonce_str", "NONCE",
                "timestamp", "1554208460", "serial_no", "SERIAL01", "signature", "c2lnbmF0dXJl"));
    }

    @Test
    void anotherSchemeOrAMalformedHeaderParsesToNothing() {
        assertThat(WechatPaySignatures.parseAuthorization("Bearer abc")).isEmpty();
        assertThat(WechatPaySignatures.parseAuthorization("WECHATPAY2-SHA256-RSA2048 mchid=1900000109")).isEmpty();
        assertThat(WechatPaySignatures.parseAuthorization(null)).isEmpty();
    }

    @Test
    void aRequestSignedWithTheMerchantKeyVerifiesWithItsPublicHalfOnlyOverTheSameBytes() {
        String message = WechatPaySignatures.requestMessage("POST", "/v3/pay/transactions/codepay", "1554208460", "N1", "{\"a\":1}");
        String signature = new RsaSigner(DemoKeys.wechatMerchant().privateKey()).signBase64(message);
        RsaVerifier verifier = new RsaVerifier(DemoKeys.wechatMerchant().publicKey());

        assertThat(verifier.verifyBase64(message, signature)).isTrue();
        assertThat(verifier.verifyBase64(message.replace("{\"a\":1}", "{\"a\":2}"), signature)).isFalse();
    }

    @Test
    void nonceIsThirtyTwoUpperCaseLettersAndDigits() {
        assertThat(WechatPaySignatures.nonce()).matches("[A-Z0-9]{32}");
    }
}
