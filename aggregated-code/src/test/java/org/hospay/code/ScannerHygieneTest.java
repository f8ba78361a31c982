package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.PARSER;

import org.hospay.code.ScannedCode.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a keyboard-wedge scanner adds is removed; anything it might have misread is refused, never repaired. */
class ScannerHygieneTest {

    @Test
    void nullIsUnrecognised() {
        ScannedCode code = PARSER.parse(null);

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).hasValue("no input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\r\n", "\t", " \r\n\t "})
    void emptyAndBlankInputAreUnrecognised(String raw) {
        ScannedCode code = PARSER.parse(raw);

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).hasValue("empty or blank input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\r\n", "\t", " ", "\r\n\t", "  \n"})
    void theLineEndTabAndBlanksAScannerAppendsAreStripped(String suffix) {
        assertThat(PARSER.parse(Fixtures.WECHAT + suffix)).isEqualTo(PARSER.parse(Fixtures.WECHAT));
        assertThat(PARSER.parse(Fixtures.AGGREGATED + suffix)).isEqualTo(PARSER.parse(Fixtures.AGGREGATED));
    }

    @Test
    void leadingBlanksAreStripped() {
        assertThat(PARSER.parse("  " + Fixtures.ID).kind()).isEqualTo(Kind.ID_CARD);
    }

    @Test
    void fiveHundredTwelveCharactersAreLookedAtAndFiveHundredThirteenRefused() {
        String atLimit = "A".repeat(512);
        String overLimit = "A".repeat(513);

        assertThat(PARSER.parse(atLimit).invalidReason()).get().asString().startsWith("512 characters match no");
        assertThat(PARSER.parse(overLimit).invalidReason())
                .hasValue("input is 513 characters, over the limit of 512");
    }

    @Test
    void theLimitCountsWhatTheScannerSentBeforeStripping() {
        String padded = Fixtures.WECHAT + " ".repeat(513 - Fixtures.WECHAT.length());

        assertThat(PARSER.parse(padded).kind()).isEqualTo(Kind.UNRECOGNIZED);
    }

    @ParameterizedTest
    @CsvSource({"0, 0000", "7, 0007", "9, 0009", "10, 000A", "13, 000D", "27, 001B", "127, 007F", "133, 0085",
            "159, 009F"})
    void aControlCharacterInsideTheTextIsRefusedByCodePoint(int codePoint, String hex) {
        String raw = Fixtures.WECHAT.substring(0, 9) + (char) codePoint + Fixtures.WECHAT.substring(9);

        ScannedCode code = PARSER.parse(raw);

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).get().asString()
                .startsWith("control character U+" + hex + " at index 9");
    }

    @Test
    void aLeadingTabIsAControlCharacterNotABlank() {
        assertThat(PARSER.parse("\t" + Fixtures.WECHAT).invalidReason()).get().asString()
                .startsWith("control character U+0009 at index 0");
    }

    @Test
    void fullWidthDigitsAreRefusedNotNormalised() {
        String fullWidth = "１３４５６７８９０１２３４５６７８９";

        ScannedCode code = PARSER.parse(fullWidth);

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).get().asString()
                .startsWith("full-width form of an ASCII character U+FF11 at index 0");
    }

    @Test
    void oneFullWidthDigitAmongAsciiDigitsIsRefused() {
        String raw = Fixtures.WECHAT.substring(0, 17) + '９';

        assertThat(PARSER.parse(raw).invalidReason()).get().asString()
                .startsWith("full-width form of an ASCII character U+FF19 at index 17");
    }

    @ParameterizedTest
    @CsvSource({
            "'\u0661', 0661, non-ASCII digit",                        // Arabic-Indic one
            "'\u0969', 0969, non-ASCII digit",                        // Devanagari three
            "'\u0417', 0417, non-ASCII character (possible look-alike)", // Cyrillic Ze, looks like 3
            "'\u041E', 041E, non-ASCII character (possible look-alike)", // Cyrillic O, looks like 0
            "'\u0031\u0332', 0332, non-ASCII character (possible look-alike)", // 1 + combining underline
            "'\u200B', 200B, invisible or space character",           // zero-width space
            "'\uFEFF', FEFF, invisible or space character",           // byte-order mark
            "'\u3000', 3000, invisible or space character",           // ideographic space
            "'\u00A0', 00A0, invisible or space character"})          // no-break space
    void unicodeLookAlikesAndInvisibleCharactersAreRefusedByCodePoint(String inserted, String hex, String what) {
        String raw = "1345" + inserted + "67890123456789";

        ScannedCode code = PARSER.parse(raw);

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).get().asString().startsWith(what + " U+" + hex + " at index");
    }

    @Test
    void aSupplementaryLookAlikeIsNamedByItsWholeCodePoint() {
        String mathematicalBoldOne = new String(Character.toChars(0x1D7CF));

        assertThat(PARSER.parse("134" + mathematicalBoldOne + "5").invalidReason()).get().asString()
                .startsWith("non-ASCII digit U+1D7CF at index 3");
    }

    @Test
    void anUnpairedSurrogateIsRefused() {
        assertThat(PARSER.parse("134\uD800").invalidReason()).get().asString()
                .startsWith("unpaired surrogate U+D800 at index 3");
    }

    @Test
    void aBlankInsideTheTextIsKeptAndSoMatchesNothing() {
        assertThat(PARSER.parse("134567890 123456789").kind()).isEqualTo(Kind.UNRECOGNIZED);
    }
}
