package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import org.hospay.channels.crypto.AesGcm;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.demo.DemoKeys;
import org.junit.jupiter.api.Test;

/**
 * The adapter's WeChat Pay v3 code against published examples, each named with its source, and where the
 * vendor publishes none, against the documented construction rule with expectations written out by hand
 * and checked with the JDK alone (channels/docs/wechat.md, "Published vectors").
 */
class WechatPayPublishedVectorsTest {

    /**
     * Source: 微信支付 API v3 文档 (WeChat Pay API v3 developer documentation), "签名生成" (Signature
     * generation), 第六步 构造签名串: the example for {@code GET /v3/certificates} with timestamp 1554208460
     * and nonce 593BEC0C930BF1AFEB40B4A08C8FB242, empty body.
     */
    @Test
    void theDocumentedRequestMessageOfGetCertificates() {
        assertThat(WechatPaySignatures.requestMessage("GET", "/v3/certificates", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", ""))
                .isEqualTo("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
    }

    /**
     * Same section, 计算签名值: SHA256withRSA with the merchant key over the 签名串, Base64. WeChat's example
     * signature was made with a merchant key it does not publish, so the rule is checked with the demo key:
     * the adapter's signature over the documented message verifies with the JDK over that exact text.
     */
    @Test
    void theRequestSignatureIsSha256WithRsaOverTheDocumentedMessage() throws Exception {
        String documented = "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n";
        String signature = new RsaSigner(DemoKeys.wechatMerchant().privateKey()).signBase64(
                WechatPaySignatures.requestMessage("GET", "/v3/certificates", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", ""));

        assertThat(jdkVerifies(DemoKeys.wechatMerchant().publicKey(), documented, signature)).isTrue();
    }

    /**
     * Source: 微信支付 API v3 文档, "签名验证" (Signature verification), 构造验签名串: answer timestamp, answer
     * nonce and answer body, each followed by {@code \n}. No published example pairs a signature with a
     * public key, so an answer is signed here with the JDK over the hand-written message, and the adapter's
     * verifier must accept it and refuse a signature over any other construction.
     */
    @Test
    void theAdapterVerifiesAnAnswerSignedOverTheDocumentedVerificationMessage() throws Exception {
        String body = "{\"code_url\":\"weixin://wxpay/bizpayurl?pr=p4lpSuKzz\"}";
        PrivateKey platform = DemoKeys.wechatPlatform().privateKey();
        var verifier = new WechatPaySignatures.Verifier("KEY1", DemoKeys.wechatPlatform().publicKey(),
                Clock.fixed(Instant.ofEpochSecond(1554209980), ZoneOffset.UTC));

        String documented = jdkSign(platform, "1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n" + body + "\n");
        String withoutFinalNewline = jdkSign(platform, "1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n" + body);

        assertThat(verifier.refusal("KEY1", "1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", documented, body)).isNull();
        assertThat(verifier.refusal("KEY1", "1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", withoutFinalNewline, body)).isNotNull();
    }

    /**
     * AEAD_AES_256_GCM as the callback resource uses it (微信支付 API v3 文档, "证书和回调报文解密"): WeChat
     * publishes no ciphertext with a key, so the published vectors of the algorithm itself are used:
     * McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, Test Case 16 (256-bit key,
     * 96-bit IV, associated data) and Test Case 14 (256-bit zero key, zero IV, no associated data).
     */
    @Test
    void callbackDecryptionPassesTheGcmSpecificationsTestCases16And14() {
        HexFormat hex = HexFormat.of();
        byte[] key = hex.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = hex.parseHex("cafebabefacedbaddecaf888");
        byte[] aad = hex.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] ciphertextAndTag = hex.parseHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b");
        String plaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

        assertThat(AesGcm.decrypt(key, iv, aad, ciphertextAndTag)).map(hex::formatHex).contains(plaintext);
        ciphertextAndTag[0] ^= 1;
        assertThat(AesGcm.decrypt(key, iv, aad, ciphertextAndTag)).isEmpty();

        byte[] zeroKey = new byte[32];
        byte[] zeroIv = new byte[12];
        assertThat(AesGcm.decrypt(zeroKey, zeroIv, new byte[0],
                hex.parseHex("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919")))
                .map(hex::formatHex).contains("00000000000000000000000000000000");
    }

    static boolean jdkVerifies(PublicKey key, String text, String base64) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getDecoder().decode(base64));
    }

    static String jdkSign(PrivateKey key, String text) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
