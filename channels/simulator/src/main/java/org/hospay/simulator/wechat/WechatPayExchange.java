package org.hospay.simulator.wechat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import org.hospay.simulator.wire.Rsa;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * WeChat Pay's side of the v3 signatures: checks that a request is signed by the merchant on file
 * (mchid, certificate serial, fresh timestamp, signature over the exact URL and body) and signs every
 * answer and callback with the platform key, naming it in {@code Wechatpay-Serial} (answers not at all when
 * {@code sim.signing.sign-answers=false}, benchmark only). Wire timestamps are real time, not the adjustable
 * business clock: both sides check them against their own clocks.
 */
final class WechatPayExchange {

    private static final Clock WIRE = Clock.systemUTC();

    private final String mchid;
    private final String merchantSerial;
    private final PublicKey merchant;
    private final String platformSerial;
    private final PrivateKey platform;
    private final boolean signAnswers;

    WechatPayExchange(String mchid, String merchantSerial, PublicKey merchantKey, String platformSerial, PrivateKey platformKey,
                      boolean signAnswers) {
        this.mchid = mchid;
        this.merchantSerial = merchantSerial;
        this.merchant = merchantKey;
        this.platformSerial = platformSerial;
        this.platform = platformKey;
        this.signAnswers = signAnswers;
    }

    /** Why the request is refused (answered 401 SIGN_ERROR), or null when it is the merchant's. */
    String refusal(String method, String pathAndQuery, HttpHeaders headers, String body) {
        Map<String, String> auth = V3Wire.authorization(headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (auth.isEmpty()) return "Authorization 缺失或不是 " + V3Wire.SCHEME;
        if (!mchid.equals(auth.get("mchid"))) return "商户号 " + auth.get("mchid") + " 不存在";
        if (!merchantSerial.equals(auth.get("serial_no"))) return "商户证书序列号 " + auth.get("serial_no") + " 无效";
        String ts = auth.get("timestamp");
        String nonce = auth.get("nonce_str");
        if (ts == null || nonce == null || nonce.isEmpty() || nonce.length() > 32) return "timestamp 或 nonce_str 无效";
        try {
            long skew = Math.abs(WIRE.instant().getEpochSecond() - Long.parseLong(ts));
            if (skew > V3Wire.MAX_SKEW_SECONDS) return "请求时间戳与服务器时间相差 " + skew + " 秒";
        } catch (NumberFormatException e) {
            return "timestamp 不是 Unix 秒";
        }
        if (!Rsa.verify(merchant, V3Wire.requestMessage(method, pathAndQuery, ts, nonce, body), auth.get("signature")))
            return "签名验证失败";
        return null;
    }

    ResponseEntity<byte[]> signed(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        var builder = ResponseEntity.status(status);
        if (signAnswers) builder.headers(signatureHeaders(json));
        if (bytes.length > 0) builder.contentType(MediaType.APPLICATION_JSON);
        return builder.body(bytes);
    }

    /** The {@code Wechatpay-*} headers for a body (an answer or a callback). */
    HttpHeaders signatureHeaders(String body) {
        String ts = Long.toString(WIRE.instant().getEpochSecond());
        String nonce = V3Wire.nonce(32);
        HttpHeaders h = new HttpHeaders();
        h.set(V3Wire.H_SERIAL, platformSerial);
        h.set(V3Wire.H_TIMESTAMP, ts);
        h.set(V3Wire.H_NONCE, nonce);
        h.set(V3Wire.H_SIGNATURE, Rsa.sign(platform, V3Wire.answerMessage(ts, nonce, body)));
        h.set(V3Wire.H_SIGNATURE_TYPE, V3Wire.SCHEME);
        return h;
    }
}
