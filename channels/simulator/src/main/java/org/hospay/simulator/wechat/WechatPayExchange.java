package org.hospay.simulator.wechat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.wechat.WechatPaySignatures;
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
    private final RsaVerifier merchant;
    private final String platformSerial;
    private final RsaSigner platform;
    private final boolean signAnswers;

    WechatPayExchange(String mchid, String merchantSerial, PublicKey merchantKey, String platformSerial, PrivateKey platformKey,
                      boolean signAnswers) {
        this.mchid = mchid;
        this.merchantSerial = merchantSerial;
        this.merchant = new RsaVerifier(merchantKey);
        this.platformSerial = platformSerial;
        this.platform = new RsaSigner(platformKey);
        this.signAnswers = signAnswers;
    }

    /** Why the request is refused (answered 401 SIGN_ERROR), or null when it is the merchant's. */
    String refusal(String method, String pathAndQuery, HttpHeaders headers, String body) {
        Map<String, String> auth = WechatPaySignatures.parseAuthorization(headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (auth.isEmpty()) return "Authorization 缺失或不是 " + WechatPaySignatures.SCHEME;
        if (!mchid.equals(auth.get("mchid"))) return "商户号 " + auth.get("mchid") + " 不存在";
        if (!merchantSerial.equals(auth.get("serial_no"))) return "商户证书序列号 " + auth.get("serial_no") + " 无效";
        String ts = auth.get("timestamp");
        String nonce = auth.get("nonce_str");
        if (ts == null || nonce == null || nonce.isEmpty() || nonce.length() > 32) return "timestamp 或 nonce_str 无效";
        try {
            long skew = Math.abs(WIRE.instant().getEpochSecond() - Long.parseLong(ts));
            if (skew > WechatPaySignatures.MAX_SKEW.toSeconds()) return "请求时间戳与服务器时间相差 " + skew + " 秒";
        } catch (NumberFormatException e) {
            return "timestamp 不是 Unix 秒";
        }
        if (!merchant.verifyBase64(WechatPaySignatures.requestMessage(method, pathAndQuery, ts, nonce, body), auth.get("signature")))
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
        String nonce = WechatPaySignatures.nonce();
        HttpHeaders h = new HttpHeaders();
        h.set(WechatPaySignatures.SERIAL, platformSerial);
        h.set(WechatPaySignatures.TIMESTAMP, ts);
        h.set(WechatPaySignatures.NONCE, nonce);
        h.set(WechatPaySignatures.SIGNATURE, platform.signBase64(WechatPaySignatures.answerMessage(ts, nonce, body)));
        h.set(WechatPaySignatures.SIGNATURE_TYPE, WechatPaySignatures.SCHEME);
        return h;
    }
}
