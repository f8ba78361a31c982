package org.hospay.channels.commercial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.commercial.CommercialInsurer.Claim;
import org.hospay.channels.commercial.CommercialInsurer.ClaimRequest;
import org.hospay.channels.commercial.CommercialInsurer.ClaimStatus;
import org.hospay.channels.commercial.CommercialInsurer.Item;
import org.hospay.channels.commercial.CommercialInsurer.PreCalculation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link CommercialMapping} and the X-HIC signatures against exchanges recorded from the insurer simulator. */
class CommercialMappingTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode exchange(String name) {
        try (InputStream in = CommercialMappingTest.class.getResourceAsStream("/fixtures/commercial/" + name + ".json")) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> Outcome<T> answer(String fixture, Function<JsonNode, T> map) {
        return CommercialMapping.outcome(JSON.readTree(exchange(fixture).path("body").asString()), map);
    }

    @Test
    void aPreCalculationSaysWhatTheInsurerWouldPay() {
        assertThat(answer("precalc-eligible", CommercialMapping::preCalculation)).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            PreCalculation p = (PreCalculation) s.value();
            assertThat(p.eligible()).isTrue();
            // (1200 - 450 - 150 - 100 deductible) x 80 % = 400 CNY
            assertThat(p.payable()).isEqualTo(Money.ofFen(40_000));
            assertThat(p.coverageRatioPercent()).isEqualTo(80);
            assertThat(p.remainingLimit()).isEqualTo(Money.ofFen(300_000));
        });
    }

    @Test
    void aPolicyLookUpFindsThePolicyOrSaysThereIsNone() {
        Outcome<CommercialInsurer.Policy> found = CommercialMapping.outcome(JSON.readTree("""
                {"code":"SUCCESS","message":"ok","data":{"policyNo":"HIC0000000007","coverageRatioPercent":80,"remainingLimitFen":300000}}"""),
                CommercialMapping::policy);
        Outcome<CommercialInsurer.Policy> none = CommercialMapping.outcome(JSON.readTree("""
                {"code":"POLICY_NOT_FOUND","message":"no policy for this insured person","data":null}"""), CommercialMapping::policy);

        assertThat(found).isEqualTo(Outcome.succeeded(new CommercialInsurer.Policy("HIC0000000007", 80, Money.ofFen(300_000))));
        assertThat(none).isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo("POLICY_NOT_FOUND"));
        assertThat(CommercialMapping.policyBody("HOSPAY-DEMO", "王秀英", "11010519491231002X").toString())
                .isEqualTo("{\"partnerId\":\"HOSPAY-DEMO\",\"insured\":{\"name\":\"王秀英\",\"idNo\":\"11010519491231002X\"}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"coverageRatioPercent\":80,\"remainingLimitFen\":1}",
            "{\"policyNo\":\"P\",\"coverageRatioPercent\":101,\"remainingLimitFen\":1}",
            "{\"policyNo\":\"P\",\"coverageRatioPercent\":\"80\",\"remainingLimitFen\":1}",
            "{\"policyNo\":\"P\",\"coverageRatioPercent\":80}"})
    void aPolicyAnswerWeCannotReadIsUnknownNotAPolicy(String data) {
        Outcome<CommercialInsurer.Policy> o = CommercialMapping.outcome(
                JSON.readTree("{\"code\":\"SUCCESS\",\"message\":\"ok\",\"data\":" + data + "}"), CommercialMapping::policy);
        assertThat(o).isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void aClaimIsPaidAndACancelledOneSaysSo() {
        Outcome<Claim> paid = answer("claim-paid", CommercialMapping::claim);
        Outcome<Claim> cancelled = answer("cancel-ok", CommercialMapping::claim);

        assertThat(paid).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            Claim c = (Claim) s.value();
            assertThat(c.status()).isEqualTo(ClaimStatus.PAID);
            assertThat(c.paid()).isEqualTo(Money.ofFen(40_000));
            assertThat(c.outClaimNo()).isEqualTo("HC20261124000007");
            assertThat(c.paidAt()).isNotNull();
        });
        assertThat(cancelled).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((Claim) s.value()).status()).isEqualTo(ClaimStatus.CANCELLED));
    }

    @ParameterizedTest
    @CsvSource({
            "claim-duplicate-request, DUPLICATE_REQUEST",
            "cancel-already-cancelled, ALREADY_CANCELLED",
            "query-not-found, CLAIM_NOT_FOUND",
            "policy-not-found, POLICY_NOT_FOUND",
            "signature-rejected, SIGNATURE_REJECTED"})
    void refusalsAreDeclinesWithStableCodes(String fixture, String code) {
        assertThat(answer(fixture, d -> d)).isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"system-error", "unknown-code.handmade"})
    void aSystemErrorOrAnUnknownCodeIsUnknown(String fixture) {
        assertThat(answer(fixture, d -> d)).isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void theClaimBodyIsBuiltAsRecorded() {
        String recorded = exchange("claim-paid.request").path("body").asString();
        var bill = new ClaimRequest(null, "周九", "370202197505050055", "B20261124-0007", Money.ofFen(120_000), Money.ofFen(45_000),
                Money.ofFen(15_000), List.of(new Item("DENT-RCT-01", "根管治疗", "TREATMENT", Money.ofFen(120_000))));

        assertThat(JSON.writeValueAsString(CommercialMapping.claimBody("HOSPAY-DEMO", "HC20261124000007", bill))).isEqualTo(recorded);
    }

    // ------------------------------------------------------------------ X-HIC signatures, both ways

    static byte[] oneByteChanged(String s) {
        int i = s.length() / 2;
        while (s.charAt(i) > 0x7e) i++;
        return (s.substring(0, i) + (s.charAt(i) == 'x' ? 'y' : 'x') + s.substring(i + 1)).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"precalc-eligible", "claim-paid", "cancel-ok", "system-error", "signature-rejected"})
    void aRecordedAnswerIsSignedByTheInsurerAndOneChangedByteBreaksIt(String fixture) {
        JsonNode e = exchange(fixture);
        JsonNode h = e.path("headers");
        String body = e.path("body").asString();
        int status = e.path("status").asInt();
        String ts = h.path("x-hic-timestamp").asString();
        String nonce = h.path("x-hic-nonce").asString();

        assertThat(HmacSigning.matches(HmacSigning.answer(org.hospay.channels.demo.DemoKeys.commercialSecret(), status, ts, nonce,
                body.getBytes(StandardCharsets.UTF_8)), h.path("x-hic-signature").asString())).isTrue();
        assertThat(HmacSigning.matches(HmacSigning.answer(org.hospay.channels.demo.DemoKeys.commercialSecret(), status, ts, nonce,
                oneByteChanged(body)), h.path("x-hic-signature").asString())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"precalc-eligible", "claim-paid", "cancel-ok", "query-paid"})
    void aRecordedRequestIsSignedByUsAndOneChangedByteBreaksIt(String fixture) {
        JsonNode e = exchange(fixture + ".request");
        JsonNode h = e.path("headers");
        String body = e.path("body").asString();
        String ts = h.path("x-hic-timestamp").asString();
        String nonce = h.path("x-hic-nonce").asString();

        assertThat(HmacSigning.matches(HmacSigning.request(org.hospay.channels.demo.DemoKeys.commercialSecret(), "POST", e.path("path").asString(), ts,
                nonce, body.getBytes(StandardCharsets.UTF_8)), h.path("x-hic-signature").asString())).isTrue();
        assertThat(HmacSigning.matches(HmacSigning.request(org.hospay.channels.demo.DemoKeys.commercialSecret(), "POST", e.path("path").asString(), ts,
                nonce, oneByteChanged(body)), h.path("x-hic-signature").asString())).isFalse();
    }

    @Test
    void claimStatementRowsBecomePaymentAndRefundLinesInBeijingTime() {
        var claim = CommercialMapping.statementLine("CLAIM,CLM0000000012,M1a2b,,1712,2026-12-05 10:14:03,PAID");
        var cancel = CommercialMapping.statementLine("CANCEL,CLM0000000012,M1a2b,K9f3c,1712,2026-12-05 11:02:40,CANCELLED");

        assertThat(claim).isEqualTo(new org.hospay.channels.Statement.Line(org.hospay.channels.Statement.Kind.PAYMENT, "M1a2b", "CLM0000000012",
                null, Money.ofFen(1712), java.time.Instant.parse("2026-12-05T02:14:03Z")));
        assertThat(cancel.kind()).isEqualTo(org.hospay.channels.Statement.Kind.REFUND);
        assertThat(cancel.outRefundNo()).isEqualTo("K9f3c");
        assertThat(cancel.outTradeNo()).isEqualTo("M1a2b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLAIM,CLM1,M1,,12.50,2026-12-05 10:14:03,PAID", "CLAIM,CLM1,M1,,1250,2026-12-05T10:14:03,PAID", "CLAIM,CLM1,M1,1250"})
    void aClaimStatementRowOutOfShapeIsRefused(String row) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommercialMapping.statementLine(row)).isInstanceOf(IllegalArgumentException.class);
    }
}
