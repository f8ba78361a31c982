package org.hospay.channels.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.demo.DemoKeys;
import org.junit.jupiter.api.Test;

class AlipayProtocolTest {

    @Test
    void aRequestIsSignedOverItsNonEmptyParametersSortedByNameWithRawValues() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("timestamp", "2026-11-22 09:30:00");
        params.put("biz_content", "{\"out_trade_no\":\"T1\",\"subject\":\"门诊 & 药费\"}");
        params.put("app_id", "2021000000000001");
        params.put("sign_type", "RSA2");
        params.put("notify_url", "");
        params.put("sign", "ignored");

        assertThat(AlipayProtocol.requestSignContent(params)).isEqualTo(
                "app_id=2021000000000001&biz_content={\"out_trade_no\":\"T1\",\"subject\":\"门诊 & 药费\"}"
                        + "&sign_type=RSA2&timestamp=2026-11-22 09:30:00");
    }

    @Test
    void aNotificationIsSignedWithoutSignAndSignType() {
        Map<String, String> params = Map.of("notify_type", "dut_user_sign", "sign_type", "RSA2", "sign", "x", "app_id", "1");

        assertThat(AlipayProtocol.notificationSignContent(params)).isEqualTo("app_id=1&notify_type=dut_user_sign");
    }

    @Test
    void theSignedObjectIsCutOutOfTheBodyExactlyWithItsWhitespaceAndEscapes() {
        String content = "{ \"code\" : \"10000\", \"msg\":\"Success\", \"sub_msg\":\"a}\\\"{b\", \"n\":{\"x\":[1,{}]} }";
        String body = "{\"alipay_trade_query_response\" : " + content + " ,\n \"sign\":\"c2ln\"}";

        AlipayProtocol.SignedAnswer a = AlipayProtocol.signedAnswer(body, "alipay_trade_query_response").orElseThrow();

        assertThat(a.content()).isEqualTo(content);
        assertThat(a.sign()).isEqualTo("c2ln");
        assertThat(a.responseKey()).isEqualTo("alipay_trade_query_response");
    }

    @Test
    void theSignMayComeFirstAndAnErrorResponseStandsInForTheMethodsKey() {
        String body = "{\"sign\":\"c2ln\",\"error_response\":{\"code\":\"40002\"}}";

        AlipayProtocol.SignedAnswer a = AlipayProtocol.signedAnswer(body, "alipay_trade_pay_response").orElseThrow();

        assertThat(a.responseKey()).isEqualTo("error_response");
        assertThat(a.content()).isEqualTo("{\"code\":\"40002\"}");
    }

    @Test
    void somethingElseIsNotAnAnswer() {
        assertThat(AlipayProtocol.signedAnswer("<html>502</html>", "alipay_trade_pay_response")).isEmpty();
        assertThat(AlipayProtocol.signedAnswer("{\"other_response\":{}}", "alipay_trade_pay_response")).isEmpty();
        assertThat(AlipayProtocol.signedAnswer("{\"alipay_trade_pay_response\":{\"code\":", "alipay_trade_pay_response")).isEmpty();
    }

    @Test
    void oneChangedByteInTheSignedObjectFailsVerification() {
        String content = "{\"code\":\"10000\",\"total_amount\":\"23.50\"}";
        String body = AlipayProtocol.answerBody("alipay_trade_pay_response", content,
                new RsaSigner(DemoKeys.alipayPlatform().privateKey()).signBase64(content));
        RsaVerifier alipay = new RsaVerifier(DemoKeys.alipayPlatform().publicKey());

        AlipayProtocol.SignedAnswer intact = AlipayProtocol.signedAnswer(body, "alipay_trade_pay_response").orElseThrow();
        AlipayProtocol.SignedAnswer tampered = AlipayProtocol.signedAnswer(body.replace("23.50", "23.51"), "alipay_trade_pay_response")
                .orElseThrow();

        assertThat(alipay.verifyBase64(intact.content(), intact.sign())).isTrue();
        assertThat(alipay.verifyBase64(tampered.content(), tampered.sign())).isFalse();
    }
}
