package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    static String canonical(String json) {
        return new String(CanonicalJson.bytes(Envelope.JSON.readTree(json)));
    }

    @Test
    void keyOrderWhitespaceAndTrailingZerosDoNotChangeTheSignedBytes() {
        assertThat(canonical("{ \"b\" : 12.50, \"a\" : [1, {\"y\":1E+2, \"x\":0.00}] }"))
                .isEqualTo(canonical("{\"a\":[1,{\"x\":0,\"y\":100}],\"b\":12.5}"))
                .isEqualTo("{\"a\":[1,{\"x\":0,\"y\":100}],\"b\":12.5}");
    }

    @Test
    void valuesChangeTheSignedBytes() {
        assertThat(canonical("{\"a\":\"1\"}")).isNotEqualTo(canonical("{\"a\":1}"));
        assertThat(canonical("{\"a\":12.51}")).isNotEqualTo(canonical("{\"a\":12.5}"));
    }

    @Test
    void nonAsciiIsWrittenAsItselfAndQuotesAndControlsEscaped() {
        assertThat(canonical("{\"n\":\"张三 \\\"\\u0001\"}")).isEqualTo("{\"n\":\"张三 \\\"\\u0001\"}");
    }
}
