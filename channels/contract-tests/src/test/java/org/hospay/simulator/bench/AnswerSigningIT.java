package org.hospay.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.hospay.channels.alipay.AlipayMapping;
import org.hospay.channels.alipay.AlipayProtocol;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.demo.DemoKeys;
import org.hospay.channels.insurance.Envelope;
import org.hospay.channels.unionpay.UnionPayProtocol;
import org.hospay.channels.wechat.WechatPaySignatures;
import org.hospay.simulator.SimulatorApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code sim.signing.sign-answers}: by default every channel signs its answer; with the benchmark-only
 * switch off the same answers come without a signature and are otherwise unchanged. The requests are the
 * benchmark's own ({@link SignedRequests}), so this also proves the simulator accepts them.
 */
class AnswerSigningIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One successful call of each channel: 1101 and a payment-code charge at WeChat, Alipay and UnionPay. */
    record Answers(HttpResponse<String> insurance, HttpResponse<String> wechat, HttpResponse<String> alipay,
                   HttpResponse<String> unionpay) {

        static Answers of(int port) {
            SignedRequests r = new SignedRequests(URI.create("http://127.0.0.1:" + port), HTTP);
            Answers a = new Answers(r.send(r.personInfo(r.person())), r.send(r.wechatCodepay(r.code(r.wallet("WECHAT")))),
                    r.send(r.alipayPay(r.code(r.wallet("ALIPAY")))), r.send(r.unionpayMicropay(r.code(r.wallet("UNIONPAY")))));
            assertThat(json(a.insurance).path("infcode").asInt(-1)).as(a.insurance.body()).isZero();
            assertThat(json(a.wechat).path("trade_state").asString()).as(a.wechat.body()).isEqualTo("SUCCESS");
            assertThat(json(a.alipay).path(alipayKey()).path("code").asString()).as(a.alipay.body()).isEqualTo("10000");
            assertThat(json(a.unionpay).path("respCode").asString()).as(a.unionpay.body()).isEqualTo("00");
            return a;
        }
    }

    @Nested
    @SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "sim.wallets.code-validity=10m")
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void everyChannelSignsItsAnswerWithItsPlatformKey() {
            Answers a = Answers.of(port);

            assertThat(Envelope.verify(json(a.insurance()), org.hospay.code.DemoKeys.platformKeyPair(org.hospay.code.DemoKeys.CURRENT).getPublic()))
                    .isTrue();
            var wechat = a.wechat().headers();
            assertThat(new WechatPaySignatures.Verifier(DemoKeys.WECHAT_PLATFORM_SERIAL, DemoKeys.wechatPlatform().publicKey(), Clock.systemUTC())
                    .refusal(wechat.firstValue(WechatPaySignatures.SERIAL).orElse(null), wechat.firstValue(WechatPaySignatures.TIMESTAMP).orElse(null),
                            wechat.firstValue(WechatPaySignatures.NONCE).orElse(null), wechat.firstValue(WechatPaySignatures.SIGNATURE).orElse(null),
                            a.wechat().body()))
                    .isNull();
            var alipay = AlipayProtocol.signedAnswer(a.alipay().body(), alipayKey()).orElseThrow();
            assertThat(alipay.sign()).isNotNull();
            assertThat(new RsaVerifier(DemoKeys.alipayPlatform().publicKey()).verifyBase64(alipay.content(), alipay.sign())).isTrue();
            assertThat(UnionPayProtocol.verify(json(a.unionpay()), new RsaVerifier(DemoKeys.unionpayPlatform().publicKey()))).isTrue();
        }
    }

    @Nested
    @SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"sim.wallets.code-validity=10m", "sim.signing.sign-answers=false"})
    class WithSigningOff {

        @LocalServerPort
        int port;

        @Test
        void noChannelSignsItsAnswerButEachStillSucceeds() {
            Answers a = Answers.of(port);

            assertThat(json(a.insurance()).has(Envelope.CAINFO)).isFalse();
            assertThat(json(a.insurance()).has("signtype")).isFalse();
            assertThat(a.wechat().headers().firstValue(WechatPaySignatures.SIGNATURE)).isEmpty();
            assertThat(a.wechat().headers().firstValue(WechatPaySignatures.SERIAL)).isEmpty();
            assertThat(json(a.alipay()).has("sign")).isFalse();
            assertThat(json(a.unionpay()).has(UnionPayProtocol.SIGNATURE)).isFalse();
        }
    }

    private static String alipayKey() {
        return AlipayProtocol.responseKey(AlipayMapping.PAY);
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return Envelope.JSON.readTree(answer.body());
    }
}
