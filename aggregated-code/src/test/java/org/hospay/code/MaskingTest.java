package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.PARSER;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MaskingTest {

    @ParameterizedTest
    @CsvSource({
            "370284198801011234, 3702**********1234",
            "1234567890123456, 1234********3456",
            "123456789012, 123******012",
            "12345678, 12****78",
            "12345, 1***5",
            "1234, ****",
            "1, *",
            "'', ''"})
    void keepsAtMostFourAtEachEndAndNeverShowsMoreThanItHides(String value, String masked) {
        assertThat(Masking.mask(value)).isEqualTo(masked);
    }

    @Test
    void nullStaysNull() {
        assertThat(Masking.mask(null)).isNull();
    }

    @Test
    void noLengthShowsMoreCharactersThanItHides() {
        for (int n = 0; n <= 64; n++) {
            String masked = Masking.mask("x".repeat(n));
            long shown = masked.chars().filter(c -> c != '*').count();
            assertThat(shown).as("length %d", n).isLessThanOrEqualTo(n - shown);
        }
    }

    static Stream<String> everyKind() {
        return Stream.of(Fixtures.WECHAT, Fixtures.ALIPAY, Fixtures.UNIONPAY, Fixtures.ID, Fixtures.ID_WITH_X,
                Fixtures.HOSPITAL_CARD, Fixtures.EHEALTH_STATIC, Fixtures.EHEALTH_DYNAMIC, Fixtures.EVOUCHER,
                Fixtures.AGGREGATED, Fixtures.withWrongCheck("32010619900307123"));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void toStringAndMaskedNeverContainTheWholeNumberOrToken(String raw) {
        ScannedCode code = PARSER.parse(raw);
        String secret = switch (code) {
            case ScannedCode.WeChatPayCode c -> c.digits();
            case ScannedCode.AlipayCode c -> c.digits();
            case ScannedCode.UnionPayCode c -> c.digits();
            case ScannedCode.IdCard c -> c.number();
            case ScannedCode.HospitalCard c -> c.number();
            case ScannedCode.EHealthCard c -> c.cardId();
            case ScannedCode.InsuranceEVoucher c -> c.evoucherToken();
            case ScannedCode.AggregatedCode c -> c.evoucherToken();
            case ScannedCode.Unrecognized c -> throw new AssertionError("fixture not recognised: " + c);
        };

        assertThat(code.toString()).doesNotContain(secret).doesNotContain(raw);
        assertThat(code.masked()).doesNotContain(secret).doesNotContain(raw);
        assertThat(code.toString()).doesNotContain(secret.substring(4, secret.length() - 4));
    }
}
