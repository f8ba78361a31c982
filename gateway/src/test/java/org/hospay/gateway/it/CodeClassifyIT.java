package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** docs/api.md §5 through HTTP: every kind, valid and invalid, numbers only masked. */
class CodeClassifyIT extends GatewayIntegrationTest {

    private static String body(String raw) {
        return "{\"raw\":\"" + raw.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n") + "\"}";
    }

    @ParameterizedTest(name = "{0} -> {1} valid={2}")
    @CsvSource({
            "134567890123456789,      WECHAT_PAY_CODE, true",
            "286543210987654321,      ALIPAY_CODE,     true",
            "6212345678901234567,     UNIONPAY_CODE,   true",
            "11010519491231002X,      ID_CARD,         true",
            "11010519491231003X,      ID_CARD,         false",
            "H0012345678,             HOSPITAL_CARD,   true",
            "not a code,              UNRECOGNIZED,    false",
            "1934567890123456789012,  UNRECOGNIZED,    false"})
    void eachKindIsRecognised(String raw, String kind, boolean valid) {
        window.post("/api/v1/codes/classify", body(raw)).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.kind").isEqualTo(kind)
                .jsonPath("$.valid").isEqualTo(valid);
    }

    @Test
    void aScannerSuffixIsStrippedAndTheNumberIsMasked() {
        String answer = window.post("/api/v1/codes/classify", body("134567890123456789\r\n")).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(answer).contains("WECHAT_PAY_CODE").contains("1345**********6789").doesNotContain("134567890123456789");
    }

    @Test
    void anAggregatedCodeIsValidUntilUsedAndClassifyingItDoesNotUseIt() {
        Sim.Voucher v = Sim.voucher(Sim.employee(0), "WECHAT");
        for (int i = 0; i < 2; i++) {
            window.post("/api/v1/codes/classify", body(v.code())).expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.kind").isEqualTo("AGGREGATED_CODE")
                    .jsonPath("$.valid").isEqualTo(true)
                    .jsonPath("$.channel").isEqualTo("WECHAT")
                    .jsonPath("$.regionCode").isEqualTo("370200");
        }
    }

    @Test
    void aPlainEVoucherIsRecognised() {
        window.post("/api/v1/codes/classify", body(Sim.voucher(Sim.employee(0), null).code())).expectStatus().isOk()
                .expectBody().jsonPath("$.kind").isEqualTo("INSURANCE_EVOUCHER").jsonPath("$.valid").isEqualTo(true);
    }

    @Test
    void aTamperedOrExpiredCodeIsRecognisedButInvalid() {
        String code = Sim.voucher(Sim.employee(0), null).code();
        String tampered = Sim.tamperSignature(code);
        window.post("/api/v1/codes/classify", body(tampered)).expectStatus().isOk()
                .expectBody().jsonPath("$.kind").isEqualTo("INSURANCE_EVOUCHER").jsonPath("$.valid").isEqualTo(false)
                .jsonPath("$.reason").isEqualTo("bad signature");

        String expiring = Sim.voucher(Sim.employee(0), null, Map.of("validitySeconds", 1)).code();
        Payments.pause(1500);
        window.post("/api/v1/codes/classify", body(expiring)).expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(false).jsonPath("$.reason").isEqualTo("expired");
    }

    @Test
    void aUsedCodeIsReportedAsReplayed() {
        Sim.Person p = Sim.employee(1_000_000);
        String code = Sim.voucher(p, null).code();
        Payments.pay(window, Bills.bill(Bills.newBillNo(), code));

        window.post("/api/v1/codes/classify", body(code)).expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(false).jsonPath("$.reason").isEqualTo("replayed: already used");
    }

    @Test
    void aRequestWithoutRawIsA400() {
        window.post("/api/v1/codes/classify", "{}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("MISSING_FIELD");
    }

    @Test
    void anUnsignedClassifyIsRefused() {
        http.post().uri("/api/v1/codes/classify").bodyValue(body("134567890123456789")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED");
    }
}
