package org.hospay.gateway.nfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NfcSessionsTest {

    @Test
    void aTagUidIsFourToTenBytesOfHexWithOptionalColons() {
        assertThat(NfcSessions.validTag("04A1B2C3")).isTrue();
        assertThat(NfcSessions.validTag("04:a1:b2:c3:d4:e5:f6")).isTrue();
        assertThat(NfcSessions.validTag("04A1B2")).as("3 bytes").isFalse();
        assertThat(NfcSessions.validTag("04A1B2C3D")).as("odd digits").isFalse();
        assertThat(NfcSessions.validTag("04A1B2C3D4E5F60718293A")).as("11 bytes").isFalse();
        assertThat(NfcSessions.validTag("zzzzzzzz")).isFalse();
        assertThat(NfcSessions.validTag(null)).isFalse();
    }

    @Test
    void aTagUidIsShownWithOnlyItsEnds() {
        assertThat(NfcSessions.maskTag("04:a1:b2:c3:d4:e5:f6")).isEqualTo("04**********F6");
        assertThat(NfcSessions.maskTag("04A1B2C3")).isEqualTo("04****C3");
    }

    @Test
    void anUnknownAnswerFromTheRedeemScriptIsNamedAsSuch() {
        assertThat(NfcSessions.Verdict.of("USED")).isEqualTo(NfcSessions.Verdict.USED);
        assertThat(NfcSessions.Verdict.of("SOMETHING_NEW")).isEqualTo(NfcSessions.Verdict.UNEXPECTED);
        assertThat(NfcSessions.Verdict.of(null)).isEqualTo(NfcSessions.Verdict.UNEXPECTED);
    }

    @Test
    void badSessionSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new NfcProperties(Duration.ofMillis(500), Duration.ofMinutes(15)))
                .hasMessageContaining("hospay.nfc.session-ttl").hasMessageContaining("PT0.5S");
        assertThatThrownBy(() -> new NfcProperties(Duration.ofHours(1), Duration.ofMinutes(15))).hasMessageContaining("PT1H");
        assertThatThrownBy(() -> new NfcProperties(Duration.ofMinutes(2), Duration.ZERO)).hasMessageContaining("session-retention");
    }
}
