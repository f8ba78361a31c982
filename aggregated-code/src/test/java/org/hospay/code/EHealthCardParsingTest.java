package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.EHEALTH_ID;
import static org.hospay.code.Fixtures.PARSER;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.hospay.code.ScannedCode.EHealthCard;
import org.hospay.code.ScannedCode.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EHealthCardParsingTest {

    @Test
    void theStaticFormIsIdColonType() {
        ScannedCode code = PARSER.parse(Fixtures.EHEALTH_STATIC);

        assertThat(code).isEqualTo(new EHealthCard(EHEALTH_ID, "1", Optional.empty(), Optional.empty()));
        assertThat(((EHealthCard) code).dynamic()).isFalse();
        assertThat(code.valid()).isTrue();
    }

    @Test
    void theDynamicFormCarriesItsValidityInChinaTime() {
        ScannedCode code = PARSER.parse(Fixtures.EHEALTH_DYNAMIC);

        assertThat(code).isEqualTo(new EHealthCard(EHEALTH_ID, "1",
                Optional.of(Instant.parse("2026-11-22T10:05:00Z")), Optional.empty()));
        assertThat(((EHealthCard) code).dynamic()).isTrue();
    }

    @Test
    void aDynamicCardIsValidUpToOneSecondBeforeItsValidityAndExpiredFromIt() {
        var clock = new Fixtures.MutableClock(Instant.parse("2026-11-22T10:04:59Z"));
        var parser = new ScannedCodeParser(Fixtures.HOSPITAL_CARDS, clock);

        assertThat(parser.parse(Fixtures.EHEALTH_DYNAMIC).valid()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        ScannedCode expired = parser.parse(Fixtures.EHEALTH_DYNAMIC);
        assertThat(expired.kind()).isEqualTo(Kind.EHEALTH_CARD);
        assertThat(expired.invalidReason()).hasValue("dynamic e-health QR code has expired");
    }

    @Test
    void anImpossibleValidityIsRecognisedButInvalid() {
        ScannedCode code = PARSER.parse(EHEALTH_ID + ":1:20270229120000");

        assertThat(code.kind()).isEqualTo(Kind.EHEALTH_CARD);
        assertThat(code.invalidReason()).hasValue("dynamic e-health QR validity is not a calendar date-time");
    }

    @Test
    void theIdIsHexInEitherCaseAndKeptUpperCase() {
        ScannedCode code = PARSER.parse(EHEALTH_ID.toLowerCase() + ":12");

        assertThat(code).isEqualTo(new EHealthCard(EHEALTH_ID, "12", Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            ":1",                    // no id
            "E1D10AAC:1",            // id too short
            "{ID}0:1",               // id too long
            "{ID}:",                 // no type
            "{ID}:123",              // type of three digits
            "{ID}:A",                // type not digits
            "{ID}:1:2026112218050",  // validity of 13 digits
            "{ID}:1:202611221805000",
            "{ID}:1:",
            "{ID}:1:20261122180500:9"})
    void anythingElseIsNotAnEHealthCard(String template) {
        String text = template.replace("{ID}", EHEALTH_ID);

        ScannedCode code = PARSER.parse(text);

        assertThat(code.kind()).isEqualTo(Kind.UNRECOGNIZED);
        assertThat(code.invalidReason()).get().asString().doesNotContain(EHEALTH_ID.substring(0, 8));
    }

    @Test
    void aNonHexIdIsNotAnEHealthCard() {
        assertThat(PARSER.parse("G" + EHEALTH_ID.substring(1) + ":1").kind()).isEqualTo(Kind.UNRECOGNIZED);
    }

    @Test
    void theMaskedFormHidesTheId() {
        ScannedCode code = PARSER.parse(Fixtures.EHEALTH_DYNAMIC);

        assertThat(code.masked()).startsWith("E1D1").endsWith("BB18:1").doesNotContain(EHEALTH_ID.substring(4, 60));
        assertThat(code.toString()).doesNotContain(EHEALTH_ID.substring(4, 60));
    }
}
