package org.hospay.channels.unionpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.demo.DemoKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * UnionPay's RSA-SHA256 message signature. UnionPay publishes the construction (银联开放平台 / open.unionpay.com,
 * 全渠道 接口规范 "签名机制", signMethod 01 of version 5.1.0: sorted {@code k=v&…} string, its SHA-256 as
 * lower-case hex, SHA256withRSA over that, Base64) but no example value (channels/docs/unionpay.md,
 * "Published vectors"), so the expectation is built here by hand and checked with the JDK alone.
 */
class UnionPayPublishedVectorsTest {

    @Test
    void theSignatureIsRsaOverTheLowerCaseHexDigestOfTheSortedString() throws Exception {
        ObjectNode m = UnionPayProtocol.JSON.createObjectNode()
                .put("txnAmt", "2350").put("orderNo", "U1").put("merId", "898000000000001").put("reserved", "")
                .put("currencyCode", "156");
        m.putObject("termInfo").put("ip", "10.0.0.1");
        UnionPayProtocol.sign(m, new RsaSigner(DemoKeys.unionpayMerchant().privateKey()));

        String sorted = "currencyCode=156&merId=898000000000001&orderNo=U1&termInfo={\"ip\":\"10.0.0.1\"}&txnAmt=2350";
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(sorted.getBytes(StandardCharsets.UTF_8))) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(DemoKeys.unionpayMerchant().publicKey());
        jdk.update(hex.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(jdk.verify(Base64.getDecoder().decode(m.get("signature").asString()))).isTrue();
        assertThat(UnionPayProtocol.verify(m, new RsaVerifier(DemoKeys.unionpayMerchant().publicKey()))).isTrue();
    }

    /** FIPS 180-2, Appendix B.1: SHA-256("abc"); the digest step of the scheme, written lower-case. */
    @Test
    void theDigestStepIsLowerCaseHexSha256() {
        assertThat(UnionPayProtocol.digestHex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
