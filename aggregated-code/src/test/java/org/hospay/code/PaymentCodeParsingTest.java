package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.PARSER;

import org.hospay.code.ScannedCode.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentCodeParsingTest {

    /** {@code prefix} followed by filler digits up to {@code length}; the filler is never a calendar date. */
    static String digits(String prefix, int length) {
        StringBuilder s = new StringBuilder(prefix);
        String filler = "9876543210";
        while (s.length() < length) {
            s.append(filler.charAt((s.length() - prefix.length()) % filler.length()));
        }
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "11", "12", "13", "14", "15"})
    void eighteenDigitsWithPrefixTenToFifteenAreWeChat(String prefix) {
        ScannedCode code = PARSER.parse(digits(prefix, 18));

        assertThat(code).isInstanceOf(ScannedCode.WeChatPayCode.class);
        assertThat(code.kind()).isEqualTo(Kind.WECHAT_PAY_CODE);
        assertThat(code.valid()).isTrue();
        assertThat(((ScannedCode.WeChatPayCode) code).digits()).isEqualTo(digits(prefix, 18));
    }

    @ParameterizedTest
    @CsvSource({"13,17", "13,19", "10,17", "15,19"})
    void weChatPrefixWithAnotherLengthIsNotWeChat(String prefix, int length) {
        assertThat(PARSER.parse(digits(prefix, length)).kind()).isEqualTo(Kind.UNRECOGNIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"09", "16"})
    void eighteenDigitsJustOutsideTheWeChatPrefixesAreOnlyIdShaped(String prefix) {
        ScannedCode code = PARSER.parse(digits(prefix, 18));

        assertThat(code.kind()).isEqualTo(Kind.ID_CARD);
        assertThat(code.valid()).isFalse();
        assertThat(code.invalidReason()).hasValue("unknown region " + prefix + "xxxx");
    }

    @ParameterizedTest
    @CsvSource({"25,16", "25,24", "28,17", "30,16", "30,24", "27,19", "26,18"})
    void sixteenToTwentyFourDigitsWithPrefixTwentyFiveToThirtyAreAlipay(String prefix, int length) {
        ScannedCode code = PARSER.parse(digits(prefix, length));

        assertThat(code).isInstanceOf(ScannedCode.AlipayCode.class);
        assertThat(code.kind()).isEqualTo(Kind.ALIPAY_CODE);
        assertThat(code.valid()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"25,15", "30,15", "25,25", "30,25", "24,17", "31,17", "24,20", "31,20"})
    void alipayBoundariesAreExclusiveOutsideSixteenToTwentyFourAndTwentyFiveToThirty(String prefix, int length) {
        assertThat(PARSER.parse(digits(prefix, length)).kind()).isEqualTo(Kind.UNRECOGNIZED);
    }

    @Test
    void nineteenDigitsWithPrefixSixtyTwoAreUnionPay() {
        ScannedCode code = PARSER.parse(Fixtures.UNIONPAY);

        assertThat(code).isEqualTo(new ScannedCode.UnionPayCode(Fixtures.UNIONPAY));
        assertThat(code.kind()).isEqualTo(Kind.UNIONPAY_CODE);
        assertThat(code.valid()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"62,20", "62,17", "61,19", "63,19", "06,19"})
    void unionPayNeedsExactlyNineteenDigitsAndPrefixSixtyTwo(String prefix, int length) {
        assertThat(PARSER.parse(digits(prefix, length)).kind()).isEqualTo(Kind.UNRECOGNIZED);
    }

    @Test
    void eighteenDigitsWithPrefixSixtyTwoAreAGansuIdNumberNotUnionPay() {
        assertThat(PARSER.parse(digits("62", 18)).kind()).isEqualTo(Kind.ID_CARD);
    }

    @Test
    void aNearMissSaysWhichRulesExistAndQuotesOnlyLengthAndPrefix() {
        String seventeen = digits("13", 17);

        ScannedCode code = PARSER.parse(seventeen);

        assertThat(code.invalidReason()).get().asString()
                .startsWith("17 digits with prefix 13 match no code")
                .doesNotContain(seventeen.substring(2, 10));
    }

    @Test
    void shortDigitStringsDoNotHaveTheirPrefixQuoted() {
        assertThat(PARSER.parse("1234").invalidReason()).get().asString()
                .startsWith("4 digits match no code").doesNotContain("12");
    }

    @Test
    void aHospitalCardPatternNeverOverridesAPaymentCode() {
        var greedy = new ScannedCodeParser(java.util.regex.Pattern.compile("\\d+"), Fixtures.CLOCK);

        assertThat(greedy.parse(Fixtures.WECHAT).kind()).isEqualTo(Kind.WECHAT_PAY_CODE);
        assertThat(greedy.parse(Fixtures.ALIPAY).kind()).isEqualTo(Kind.ALIPAY_CODE);
        assertThat(greedy.parse(Fixtures.UNIONPAY).kind()).isEqualTo(Kind.UNIONPAY_CODE);
        assertThat(greedy.parse("12345").kind()).isEqualTo(Kind.HOSPITAL_CARD);
    }
}
