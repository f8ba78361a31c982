package org.hospay.simulator.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.demo.DemoKeys;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.channels.wechat.WechatPayNotifications;
import org.hospay.channels.wechat.WechatPaySignatures;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One changed byte fails verification on each side: a request changed after we signed it is refused by
 * WeChat (401 SIGN_ERROR, nothing charged); an answer changed on its way back is not trusted (Unknown,
 * although the money moved); a callback changed in flight, in its body, its signature or inside its
 * encrypted resource, is rejected.
 */
class WechatPaySignatureIT extends WechatSimulatorIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Adds one to the first digit of the amount ("total":2350 becomes 3350): same length, still valid JSON. */
    static byte[] changeTheAmount(byte[] body) {
        byte[] b = body.clone();
        String s = new String(b, StandardCharsets.UTF_8);
        int at = s.indexOf("\"total\":") + "\"total\":".length();
        if (at < "\"total\":".length()) throw new AssertionError("no amount in " + s);
        int offset = s.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        b[offset] = (byte) (b[offset] == '9' ? '1' : b[offset] + 1);
        return b;
    }

    private static byte[] join(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        DataBufferUtils.release(buffer);
        return bytes;
    }

    private ChargeRequest charge(WalletView w, String order) {
        return new ChargeRequest(order, w.authCode(), Money.ofFen(2350), "门诊缴费 tamper test", "it-window-01");
    }

    private WalletView codeWallet() {
        return sim.post().uri("/sim/wallets").bodyValue(Map.of("channel", "WECHAT", "balanceFen", 100_000, "behavior", "OK"))
                .retrieve().bodyToMono(WalletView.class).block();
    }

    @Test
    void aRequestChangedAfterSigningIsRefusedAndNothingIsCharged() {
        ExchangeFilterFunction tamper = (request, next) -> next.exchange(ClientRequest.from(request)
                .body((message, context) -> request.body().insert(new ClientHttpRequestDecorator(message) {
                    @Override
                    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                        return DataBufferUtils.join(body).flatMap(buffer ->
                                super.writeWith(Mono.just(message.bufferFactory().wrap(changeTheAmount(join(buffer))))));
                    }
                }, context))
                .build());
        WechatPayAdapter intercepted = new WechatPayAdapter(config, Clock.systemUTC(), b -> b.filter(tamper));
        WalletView w = codeWallet();
        String order = orderNo();

        Outcome<Charge> outcome = await(intercepted.charge(charge(w, order)));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
            assertThat(d.code()).isEqualTo(DeclineCodes.SIGNATURE_REJECTED);
            assertThat(d.vendorCode()).isEqualTo("SIGN_ERROR");
        });
        assertThat(balance(w)).isEqualTo(100_000);
        assertThat(ledger(order)).isEmpty();
    }

    @Test
    void anAnswerChangedOnItsWayBackIsUnknownWhileTheMoneyMoved() {
        ExchangeFilterFunction tamper = ExchangeFilterFunction.ofResponseProcessor(response -> Mono.just(response.mutate()
                .body(body -> DataBufferUtils.join(body)
                        .<DataBuffer>map(buffer -> DefaultDataBufferFactory.sharedInstance.wrap(changeTheAmount(join(buffer)))).flux())
                .build()));
        WechatPayAdapter intercepted = new WechatPayAdapter(config, Clock.systemUTC(), b -> b.filter(tamper));
        WalletView w = codeWallet();
        String order = orderNo();

        Outcome<Charge> outcome = await(intercepted.charge(charge(w, order)));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Unknown.class,
                u -> assertThat(u.cause()).contains("cannot be trusted"));
        assertThat(balance(w)).as("the charge happened; only the answer was forged").isEqualTo(100_000 - 2350);
        assertThat(await(wechat.query(order))).as("an honest query settles it").isInstanceOf(Outcome.Succeeded.class);
    }

    @Test
    void aCallbackChangedInFlightIsRejected() throws Exception {
        clockAt("2026-11-24T10:00:00+08:00");
        signContract(wallet(10_000), ThreadLocalRandom.current().nextLong(10_000, 99_999), "SIG" + orderNo().substring(1, 20));
        Received genuine = callbacks.next();
        WechatPayNotifications notifications = new WechatPayNotifications(config, Clock.systemUTC());
        assertThat(notifications.read(genuine.headers(), genuine.body())).isInstanceOf(WechatPayNotifications.Verdict.Accepted.class);

        byte[] body = genuine.body().clone();
        int inId = new String(body, StandardCharsets.UTF_8).indexOf("EV-") + 3;
        body[inId] = (byte) (body[inId] == 'a' ? 'b' : 'a');
        assertRejected(notifications, genuine.headers(), body, "signature");

        Map<String, String> headers = new HashMap<>(genuine.headers());
        byte[] sig = Base64.getDecoder().decode(header(headers, WechatPaySignatures.SIGNATURE));
        sig[7] ^= 1;
        headers.replaceAll((k, v) -> k.equalsIgnoreCase(WechatPaySignatures.SIGNATURE) ? Base64.getEncoder().encodeToString(sig) : v);
        assertRejected(notifications, headers, genuine.body(), "signature");

        ObjectNode envelope = (ObjectNode) JSON.readTree(genuine.body());
        ObjectNode resource = (ObjectNode) envelope.get("resource");
        byte[] ciphertext = Base64.getDecoder().decode(resource.get("ciphertext").asString());
        ciphertext[3] ^= 1;
        resource.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        byte[] resigned = JSON.writeValueAsBytes(envelope);
        assertRejected(notifications, signedAsWechat(resigned), resigned, "decrypt");
    }

    private static void assertRejected(WechatPayNotifications n, Map<String, String> headers, byte[] body, String reason) {
        assertThat(n.read(headers, body)).isInstanceOfSatisfying(WechatPayNotifications.Verdict.Rejected.class,
                r -> assertThat(r.reason()).contains(reason));
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst().orElseThrow().getValue();
    }

    /** Headers as the platform key would sign them: the tag inside the resource must still catch the change. */
    private static Map<String, String> signedAsWechat(byte[] body) {
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = WechatPaySignatures.nonce();
        String signature = new RsaSigner(DemoKeys.wechatPlatform().privateKey())
                .signBase64(WechatPaySignatures.answerMessage(ts, nonce, new String(body, StandardCharsets.UTF_8)));
        return Map.of(WechatPaySignatures.SERIAL, DemoKeys.WECHAT_PLATFORM_SERIAL, WechatPaySignatures.TIMESTAMP, ts,
                WechatPaySignatures.NONCE, nonce, WechatPaySignatures.SIGNATURE, signature);
    }
}
