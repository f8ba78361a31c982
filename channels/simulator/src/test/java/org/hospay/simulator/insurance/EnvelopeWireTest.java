package org.hospay.simulator.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The simulator's own canonical form of an envelope (channels/docs/insurance.md, "Signature (choice)"), written out by hand. */
class EnvelopeWireTest {

    @Test
    void keysSortedNoWhitespaceNumbersWithoutTrailingZerosOnlyQuotesBackslashesAndControlsEscaped() {
        ObjectNode env = EnvelopeWire.JSON.createObjectNode().put("msgid", "M").put("infno", "2207").put("cainfo", "dropped");
        env.putObject("input").putObject("data").put("psn_name", "张三").put("medfee_sumamt", new BigDecimal("12.50"))
                .put("zero", new BigDecimal("0.00")).put("note", "a\"b\\c\n");
        env.remove("cainfo");

        assertThat(new String(EnvelopeWire.canonical(env), StandardCharsets.UTF_8)).isEqualTo(
                "{\"infno\":\"2207\",\"input\":{\"data\":{\"medfee_sumamt\":12.5,\"note\":\"a\\\"b\\\\c\\u000a\",\"psn_name\":\"张三\","
                        + "\"zero\":0}},\"msgid\":\"M\"}");
    }

    @Test
    void aMsgidIsHospitalCodeTimeAndSequence() {
        assertThat(EnvelopeWire.wellFormedMsgid("H37020200001202611240930120007")).isTrue();
        assertThat(EnvelopeWire.wellFormedMsgid("H3702020000120261124093012000")).isFalse();
    }
}
