package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter's insurance messages against what is published (channels/docs/insurance.md, "Published
 * vectors"): the national interface's field names and the SM3 digest's own test vector. The envelope
 * signature's canonical form is this project's convention (the interface publishes no signed example), so
 * its expectation is written out by hand here and checked with BouncyCastle directly.
 */
class InsurancePublishedVectorsTest {

    /**
     * Source: 国家医疗保障局《医疗保障信息平台 定点医药机构接口规范》, 人员信息获取【1101】, 输入 (data):
     * mdtrt_cert_type, mdtrt_cert_no, card_sn, begntime, psn_cert_type, certno, psn_name; begntime as
     * {@code yyyy-MM-dd HH:mm:ss}; mdtrt_cert_type 02 = 居民身份证. The specification is not published by the
     * administration itself; these names are the ones its open implementations reproduce (insurance.md, Sources).
     */
    @Test
    void the1101InputCarriesTheDocumentedFieldNames() {
        JsonNode input = InsuranceMapping.input1101(CertType.ID_NUMBER, "370202199001011234", "张三", LocalDateTime.of(2026, 11, 24, 9, 30, 12));

        List<String> names = new ArrayList<>();
        input.path("data").properties().forEach(e -> names.add(e.getKey()));
        assertThat(input.propertyNames()).containsExactly("data");
        assertThat(names).containsExactlyInAnyOrder("mdtrt_cert_type", "mdtrt_cert_no", "card_sn", "begntime", "psn_cert_type", "certno",
                "psn_name");
        assertThat(input.path("data").path("mdtrt_cert_type").asString()).isEqualTo("02");
        assertThat(input.path("data").path("begntime").asString()).isEqualTo("2026-11-24 09:30:12");
    }

    /** GB/T 32905-2016 (SM3), Appendix A, example 1: SM3("abc"). The digest the envelope signature uses. */
    @Test
    void sm3OfAbcIsTheStandardsExample() throws Exception {
        MessageDigest sm3 = MessageDigest.getInstance("SM3", new BouncyCastleProvider());
        assertThat(HexFormat.of().formatHex(sm3.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    /**
     * The project's envelope rule (channels/docs/insurance.md, "Signature (choice)"): SM3withSM2 over the
     * canonical envelope without cainfo — keys sorted, no whitespace, numbers without trailing zeros, UTF-8.
     * The canonical text is written out by hand; the adapter's cainfo must verify over exactly it.
     */
    @Test
    void cainfoIsAnSm2SignatureOverTheHandWrittenCanonicalForm() throws Exception {
        ObjectNode env = Envelope.JSON.createObjectNode().put("msgid", "H37020200001202611240930120007").put("infno", "2207");
        env.putObject("input").putObject("data").put("psn_name", "张三").put("medfee_sumamt", new java.math.BigDecimal("12.50"))
                .put("note", "a\"b");
        Envelope.sign(env, DemoOnlyHospitalSm2Key.privateKey());

        String canonical = "{\"infno\":\"2207\",\"input\":{\"data\":{\"medfee_sumamt\":12.5,\"note\":\"a\\\"b\",\"psn_name\":\"张三\"}},"
                + "\"msgid\":\"H37020200001202611240930120007\",\"signtype\":\"SM2\"}";
        Signature sm2 = Signature.getInstance("SM3withSM2", new BouncyCastleProvider());
        sm2.initVerify(DemoOnlyHospitalSm2Key.publicKey());
        sm2.update(canonical.getBytes(StandardCharsets.UTF_8));

        assertThat(sm2.verify(Base64.getDecoder().decode(env.get("cainfo").asString()))).isTrue();
    }
}
