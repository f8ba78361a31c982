package org.hospay.simulator.unionpay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The simulator's own reading of UnionPay's signature construction (no published example: channels/docs/unionpay.md). */
class UnionPayWireTest {

    @Test
    void sortedNonEmptyFieldsNestedAsCompactJsonAndALowerCaseHexDigest() {
        ObjectNode m = UnionPayWire.JSON.createObjectNode().put("txnAmt", "2350").put("orderNo", "U1").put("reserved", "")
                .put("signature", "x");
        m.putObject("termInfo").put("ip", "10.0.0.1");

        assertThat(UnionPayWire.signString(m)).isEqualTo("orderNo=U1&termInfo={\"ip\":\"10.0.0.1\"}&txnAmt=2350");
        // FIPS 180-2 Appendix B.1
        assertThat(UnionPayWire.digestHex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
