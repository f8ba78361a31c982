package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.PARSER;
import static org.hospay.code.Fixtures.withCheck;
import static org.hospay.code.Fixtures.withWrongCheck;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hospay.code.ScannedCode.IdCard;
import org.hospay.code.ScannedCode.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdCardParsingTest {

    @Test
    void aValidNumberIsAnIdCardWithItsBirthDate() {
        ScannedCode code = PARSER.parse(Fixtures.ID);

        assertThat(code).isEqualTo(new IdCard(Fixtures.ID, Optional.empty()));
        assertThat(code.valid()).isTrue();
        assertThat(((IdCard) code).birthDate()).hasValue(LocalDate.of(1988, 2, 29));
    }

    @Test
    void aNumberWhoseCheckCallsForXIsValidWithX() {
        assertThat(PARSER.parse("32010619900307104X").valid()).isTrue();
    }

    @Test
    void anUpperCaseXCheckCharacterIsValid() {
        ScannedCode code = PARSER.parse(Fixtures.ID_WITH_X);

        assertThat(code).isEqualTo(new IdCard("11010519491231002X", Optional.empty()));
    }

    @Test
    void aLowerCaseXIsNormalisedToUpperCase() {
        ScannedCode code = PARSER.parse("11010519491231002x");

        assertThat(code).isEqualTo(new IdCard("11010519491231002X", Optional.empty()));
    }

    @Test
    void aDigitWhereTheCheckCallsForXIsABadCheckDigit() {
        // Not a prefix 11-15 number: those would be WeChat codes when invalid (WeChatOrIdAmbiguityTest).
        ScannedCode code = PARSER.parse("320106199003071040");

        assertThat(code.kind()).isEqualTo(Kind.ID_CARD);
        assertThat(code.invalidReason()).hasValue("check digit does not match (GB 11643)");
    }

    @Test
    void anXWhereTheCheckCallsForADigitIsABadCheckDigit() {
        ScannedCode code = PARSER.parse("44030419880229123X");

        assertThat(code.kind()).isEqualTo(Kind.ID_CARD);
        assertThat(code.invalidReason()).hasValue("check digit does not match (GB 11643)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"44030419880229123", "44030420000229123", "44030420240229123"})
    void twentyNinthOfFebruaryIsADateInALeapYear(String first17) {
        assertThat(PARSER.parse(withCheck(first17)).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"44030419890229123", "44030419000229123", "44030420230229123"})
    void twentyNinthOfFebruaryIsNotADateInOtherYearsIncludingNineteenHundred(String first17) {
        ScannedCode code = PARSER.parse(withCheck(first17));

        assertThat(code.kind()).isEqualTo(Kind.ID_CARD);
        assertThat(code.invalidReason()).hasValue("birth date is not a calendar date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"44030419881301123", "44030419880001123", "44030419880431123", "44030419880100123"})
    void impossibleMonthsAndDaysAreNotDates(String first17) {
        assertThat(PARSER.parse(withCheck(first17)).invalidReason()).hasValue("birth date is not a calendar date");
    }

    @Test
    void aBirthDateOfTodayIsValidAndTomorrowIsNot() {
        // Fixtures.NOW is 2026-11-22 in China.
        assertThat(PARSER.parse(withCheck("44030420261122001")).valid()).isTrue();
        assertThat(PARSER.parse(withCheck("44030420261123001")).invalidReason())
                .hasValue("birth date outside 1900..today");
    }

    @Test
    void birthYearsBeforeNineteenHundredAreNotPlausible() {
        assertThat(PARSER.parse(withCheck("11010519000101001")).valid()).isTrue();
        assertThat(PARSER.parse(withCheck("44030418991231001")).invalidReason())
                .hasValue("birth date outside 1900..today");
    }

    @ParameterizedTest
    @ValueSource(strings = {"16", "20", "39", "99"})
    void aNumberFromNoProvinceIsAnUnknownRegion(String province) {
        assertThat(PARSER.parse(withCheck(province + "030419880229123")).invalidReason())
                .hasValue("unknown region " + province + "xxxx");
    }

    @Test
    void aProvinceWithoutCityOrCountyIsNotARealRegion() {
        assertThat(PARSER.parse(withCheck("44000019880229123")).invalidReason())
                .hasValue("region code has no city or county");
    }

    @ParameterizedTest
    @ValueSource(strings = {"81", "82", "83"})
    void hongKongMacaoAndTaiwanResidencePermitsUseWholeRegionCodes(String province) {
        assertThat(PARSER.parse(withCheck(province + "000019900101123")).valid()).isTrue();
    }

    @Test
    void aBadCheckDigitIsRecognisedButInvalidAndMasked() {
        String wrong = withWrongCheck("32010619900307123");

        ScannedCode code = PARSER.parse(wrong);

        assertThat(code.kind()).isEqualTo(Kind.ID_CARD);
        assertThat(code.valid()).isFalse();
        assertThat(((IdCard) code).birthDate()).isEmpty();
        assertThat(code.toString()).doesNotContain(wrong).contains("3201**********");
    }

    @Test
    void aHospitalCardOfIdShapeWinsOnlyOverAnInvalidIdNumber() {
        var parser = new ScannedCodeParser(Pattern.compile("\\d{17}[0-9X]"), Fixtures.CLOCK);
        String invalid = withWrongCheck("32010619900307123");

        assertThat(parser.parse(Fixtures.ID).kind()).isEqualTo(Kind.ID_CARD);
        assertThat(parser.parse(invalid).kind()).isEqualTo(Kind.HOSPITAL_CARD);
    }

    @Test
    void seventeenDigitsAndAnotherLetterAreNotAnIdNumber() {
        assertThat(PARSER.parse("44030419880229123Y").kind()).isEqualTo(Kind.UNRECOGNIZED);
    }
}
