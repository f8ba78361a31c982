package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.CURRENT_ISSUER;
import static org.hospay.code.Fixtures.NOW;
import static org.hospay.code.Fixtures.PARSER;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.hospay.code.ScannedCode.AggregatedCode;
import org.hospay.code.ScannedCode.InsuranceEVoucher;
import org.hospay.code.ScannedCode.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HsaCodeParsingTest {

    @Test
    void aCodeWithoutChannelIsAPlainEVoucher() {
        ScannedCode code = PARSER.parse(Fixtures.EVOUCHER);

        assertThat(code).isInstanceOf(InsuranceEVoucher.class);
        var voucher = (InsuranceEVoucher) code;
        assertThat(voucher.kind()).isEqualTo(Kind.INSURANCE_EVOUCHER);
        assertThat(voucher.valid()).isTrue();
        assertThat(voucher.regionCode()).isEqualTo("440300");
        assertThat(voucher.evoucherToken()).isEqualTo("EC-4403-0001-ABCD");
        assertThat(voucher.issuedAt()).isEqualTo(NOW);
        assertThat(voucher.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(voucher.keyId()).isEqualTo("DEMO-2026");
        assertThat(voucher.nonce()).hasSize(16);
        assertThat(voucher.signature()).hasSize(64);
        String text = Fixtures.EVOUCHER;
        assertThat(new String(voucher.signedBytes(), StandardCharsets.US_ASCII))
                .isEqualTo(text.substring(0, text.lastIndexOf('.')));
    }

    @Test
    void aCodeWithAChannelIsAnAggregatedCode() {
        ScannedCode code = PARSER.parse(Fixtures.AGGREGATED);

        assertThat(code).isInstanceOf(AggregatedCode.class);
        var aggregated = (AggregatedCode) code;
        assertThat(aggregated.kind()).isEqualTo(Kind.AGGREGATED_CODE);
        assertThat(aggregated.channel()).isEqualTo(PayChannel.WECHAT);
        assertThat(aggregated.paymentAuth()).hasValue("PAYAUTH-0001");
        assertThat(aggregated.regionCode()).isEqualTo("110100");
    }

    @Test
    void anAggregatedCodeMayCarryNoPaymentAuthorisation() {
        String text = CURRENT_ISSUER.issue("310000", "T1", PayChannel.UNIONPAY, null, Duration.ofSeconds(1));

        var code = (AggregatedCode) PARSER.parse(text);

        assertThat(code.channel()).isEqualTo(PayChannel.UNIONPAY);
        assertThat(code.paymentAuth()).isEmpty();
    }

    @Test
    void theLongestCodeFitsTheFormatLimitInTheQrAlphanumericSet() {
        String longest = new AggregatedCodeIssuer("K".repeat(16), DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPrivate(),
                Fixtures.CLOCK).issue("440300", "T".repeat(40), PayChannel.ALIPAY, "A".repeat(32), Duration.ofDays(1));

        assertThat(longest).hasSize(HsaFormat.MAX_LENGTH);
        assertThat(HsaFormat.MAX_LENGTH).isLessThanOrEqualTo(256);
        assertThat(longest).matches("[0-9A-Z $%*+\\-./:]+");
        assertThat(PARSER.parse(longest).kind()).isEqualTo(Kind.AGGREGATED_CODE);
    }

    @Test
    void theReadmeExampleParsesAndVerifiedWhenIssued() {
        String example = "HSA1:440300.EC440300A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6.W.PAYAUTH-20261122-0001.1795341600"
                + ".1795341900.SYLOLCCA74TBUZ3U.DEMO-2026.WIHDPM2FSF4XRK3ZUBJMF2Z2R2YMTALP7G2OILD42RPRWDMWAFAYGABW"
                + "PPPYPIEWVO4XWXX3WRJW3MTOGBYRLK3HETTPA55WN6UHZ7I";

        var code = (AggregatedCode) PARSER.parse(example);

        assertThat(code.issuedAt()).isEqualTo(java.time.Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(code.expiresAt()).isEqualTo(java.time.Instant.parse("2026-11-22T10:05:00Z"));
        assertThat(code.paymentAuth()).hasValue("PAYAUTH-20261122-0001");
        assertThat(Fixtures.VERIFIER.verify(code)).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void aLowerCaseCodeIsRefusedWithAHintAboutCapsLock() {
        ScannedCode code = PARSER.parse(Fixtures.AGGREGATED.toLowerCase());

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).get().asString().contains("Caps Lock");
    }

    @Test
    void anotherVersionIsUnsupported() {
        ScannedCode code = PARSER.parse("HSA2:" + Fixtures.AGGREGATED.substring(5));

        assertThat(code.invalidReason()).hasValue("unsupported HSA code version; this parser reads HSA1:");
    }

    @Test
    void textMerelyStartingWithHsaIsNotAnHsaCode() {
        var parser = new ScannedCodeParser(java.util.regex.Pattern.compile("HSA\\d+"), Fixtures.CLOCK);

        assertThat(parser.parse("HSA12345").kind()).isEqualTo(Kind.HOSPITAL_CARD);
    }

    /** Replaces field {@code index} (0 = region … 8 = signature) of the fixture aggregated code. */
    static String withField(int index, String value) {
        String[] fields = Fixtures.AGGREGATED.substring(HsaFormat.PREFIX.length()).split("\\.", -1);
        fields[index] = value;
        return HsaFormat.PREFIX + String.join(".", fields);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 11010, region must be 6 digits",
            "0, 1101000, region must be 6 digits",
            "0, 11010A, region must be 6 digits",
            "1, '', token must be 1-40 of [0-9A-Z-]",
            "1, EC-lower, token must be 1-40 of [0-9A-Z-]",
            "1, TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT, token must be 1-40 of [0-9A-Z-]",
            "2, X, 'channel must be empty, W, A or U'",
            "2, WA, 'channel must be empty, W, A or U'",
            "3, PAY_AUTH, 'payment authorisation must be empty, or 1-32 of [0-9A-Z-] with a channel'",
            "4, 0999999999, issued-at and expiry must be 10-digit epoch seconds",
            "4, 17637856000, issued-at and expiry must be 10-digit epoch seconds",
            "5, 176378560X, issued-at and expiry must be 10-digit epoch seconds",
            "6, ABCDEFGHIJKLMNO, nonce must be 16 base32 characters",
            "6, ABCDEFGHIJKLMNO1, nonce must be 16 base32 characters",
            "7, '', key id must be 1-16 of [0-9A-Z-]",
            "7, demo-2026, key id must be 1-16 of [0-9A-Z-]",
            "8, AAAA, signature must be 103 canonical base32 characters"})
    void eachMalformedFieldIsNamedWithoutQuotingIt(int index, String value, String rule) {
        ScannedCode code = PARSER.parse(withField(index, value));

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).hasValue("malformed HSA1: code: " + rule);
    }

    @Test
    void anAuthorisationWithoutChannelIsMalformed() {
        assertThat(PARSER.parse(withField(2, "")).invalidReason())
                .hasValue("malformed HSA1: code: payment authorisation must be empty, or 1-32 of [0-9A-Z-] with a channel");
    }

    @Test
    void expiryMustFollowIssuedAtByOneSecondToOneDay() {
        long issued = NOW.getEpochSecond();
        String rule = "malformed HSA1: code: expiry must be 1 s to 24 h after issued-at";

        assertThat(PARSER.parse(withField(5, String.valueOf(issued))).invalidReason()).hasValue(rule);
        assertThat(PARSER.parse(withField(5, String.valueOf(issued - 1))).invalidReason()).hasValue(rule);
        assertThat(PARSER.parse(withField(5, String.valueOf(issued + 86_401))).invalidReason()).hasValue(rule);
        assertThat(PARSER.parse(withField(5, String.valueOf(issued + 86_400))).kind()).isEqualTo(Kind.AGGREGATED_CODE);
    }

    @Test
    void aNonCanonicalLastSignatureCharacterIsMalformed() {
        String signature = Fixtures.AGGREGATED.substring(Fixtures.AGGREGATED.lastIndexOf('.') + 1);
        // 103 characters carry 515 bits for 512: the last character's low three bits must be zero.
        char last = signature.charAt(signature.length() - 1);
        char unusedBitSet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(
                ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(last)) | 1);

        ScannedCode code = PARSER.parse(withField(8, signature.substring(0, 102) + unusedBitSet));

        assertThat(code.invalidReason()).hasValue("malformed HSA1: code: signature must be 103 canonical base32 characters");
    }

    @Test
    void tooFewOrTooManyFieldsAreMalformed() {
        assertThat(PARSER.parse("HSA1:440300.T").invalidReason()).hasValue("malformed HSA1: code: 2 fields, 9 expected");
        assertThat(PARSER.parse(Fixtures.AGGREGATED + ".X").invalidReason())
                .hasValue("malformed HSA1: code: more than 9 fields");
    }

    @Test
    void aCodeLongerThanTheFormatAllowsIsMalformed() {
        String tooLong = "HSA1:" + "1".repeat(HsaFormat.MAX_LENGTH);

        assertThat(PARSER.parse(tooLong).invalidReason())
                .hasValue("malformed HSA1: code: longer than " + HsaFormat.MAX_LENGTH + " characters");
    }

    @Test
    void maskedAndToStringShowTheRegionAndAMaskedTokenOnly() {
        ScannedCode code = PARSER.parse(Fixtures.AGGREGATED);

        assertThat(code.masked()).isEqualTo("HSA1:110100.EC-1*********WXYZ.WECHAT");
        assertThat(code.toString()).doesNotContain("EC-1101-0002-WXYZ").doesNotContain("PAYAUTH-0001")
                .contains("keyId=DEMO-2026");
    }

    @Test
    void parsedCodesAreEqualByTheirSignedTextAndSignature() {
        assertThat(PARSER.parse(Fixtures.AGGREGATED)).isEqualTo(PARSER.parse(Fixtures.AGGREGATED))
                .hasSameHashCodeAs(PARSER.parse(Fixtures.AGGREGATED))
                .isNotEqualTo(PARSER.parse(Fixtures.EVOUCHER));
        assertThat(((AggregatedCode) PARSER.parse(Fixtures.AGGREGATED)).paymentAuth()).isEqualTo(Optional.of("PAYAUTH-0001"));
    }
}
