package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The SM2 envelope signature on recorded messages, both ways: requests signed by the (DEMO) hospital
 * key, answers by the (DEMO) platform key. One changed byte anywhere in what is signed fails.
 */
class EnvelopeSignatureTest {

    /** DEMO ONLY: the public key of the demo platform key {@code demo-2026} (aggregated-code DemoKeys). */
    static final PublicKey DEMO_PLATFORM = Sm2Keys.publicKey("045a49dd3e6a5886c1d1fb97d14325c2659f44180a40baddf07d9216905389b48e"
            + "28aafe958abe0eb32c4881bebeff943fb8dc24b4d59ef8a3518e9fff339655a6");

    /** Changes the first digit after {@code marker}: the JSON stays well-formed, only the signature can tell. */
    static JsonNode oneByteChanged(byte[] message, String marker) {
        String text = new String(message, StandardCharsets.UTF_8);
        int i = text.indexOf(marker) + marker.length();
        while (!Character.isDigit(text.charAt(i))) i++;
        char changed = text.charAt(i) == '9' ? '8' : (char) (text.charAt(i) + 1);
        return Envelope.JSON.readTree(text.substring(0, i) + changed + text.substring(i + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1101-evoucher", "2207-ok", "2208-ok", "2601-undone", "3202-ok", "6202-ok", "1101-person-not-found"})
    void aRecordedAnswerVerifiesWithThePlatformKeyAndNotOnceAByteChanged(String fixture) {
        byte[] answer = Fixtures.bytes(fixture);

        assertThat(Envelope.verify(Envelope.JSON.readTree(answer), DEMO_PLATFORM)).isTrue();
        assertThat(Envelope.verify(Envelope.JSON.readTree(answer), DemoOnlyHospitalSm2Key.publicKey())).isFalse();
        assertThat(Envelope.verify(oneByteChanged(answer, "\"output\""), DEMO_PLATFORM)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1101-evoucher", "2204-ok", "2207-ok", "2601-undone", "6203-ok"})
    void aRecordedRequestVerifiesWithTheHospitalKeyAndNotOnceAByteChanged(String fixture) {
        byte[] request = Fixtures.bytes(fixture + ".request");

        assertThat(Envelope.verify(Envelope.JSON.readTree(request), DemoOnlyHospitalSm2Key.publicKey())).isTrue();
        assertThat(Envelope.verify(oneByteChanged(request, "\"input\""), DemoOnlyHospitalSm2Key.publicKey())).isFalse();
        assertThat(Envelope.verify(oneByteChanged(request, "\"msgid\""), DemoOnlyHospitalSm2Key.publicKey())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2207-ok"})
    void aDowngradedOrStrippedSignatureDoesNotVerify(String fixture) {
        var answer = (tools.jackson.databind.node.ObjectNode) Fixtures.envelope(fixture);

        assertThat(Envelope.verify(answer.deepCopy().put("signtype", "NONE"), DEMO_PLATFORM)).isFalse();
        assertThat(Envelope.verify(answer.deepCopy().without("cainfo"), DEMO_PLATFORM)).isFalse();
        assertThat(Envelope.verify(answer.deepCopy().put("cainfo", "not base64!"), DEMO_PLATFORM)).isFalse();
    }
}
