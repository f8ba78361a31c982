package org.hospay.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** docs/api.md §3: the operator line is appended only when there is an operator; without one nothing changes. */
class RequestSignatureTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private static String hmac(String canonical) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withoutAnOperatorTheStringSignedIsTheFiveLinesOfBefore() throws Exception {
        String five = "POST\n/api/v1/payments\n1700000000\nn-1\n" + RequestSignature.sha256Hex(BODY);
        assertThat(RequestSignature.sign(SECRET, "POST", "/api/v1/payments", "1700000000", "n-1", BODY)).isEqualTo(hmac(five));
        assertThat(RequestSignature.sign(SECRET, "POST", "/api/v1/payments", "1700000000", "n-1", BODY, null)).isEqualTo(hmac(five));
    }

    @Test
    void anOperatorIsASixthLine() throws Exception {
        String six = "POST\n/api/v1/payments\n1700000000\nn-1\n" + RequestSignature.sha256Hex(BODY) + "\nC0042";
        String signed = RequestSignature.sign(SECRET, "POST", "/api/v1/payments", "1700000000", "n-1", BODY, "C0042");
        assertThat(signed).isEqualTo(hmac(six));
        assertThat(signed).isNotEqualTo(RequestSignature.sign(SECRET, "POST", "/api/v1/payments", "1700000000", "n-1", BODY, "C0043"));
        assertThat(signed).isNotEqualTo(RequestSignature.sign(SECRET, "POST", "/api/v1/payments", "1700000000", "n-1", BODY));
    }

    @Test
    void operatorIdsAreStaffNumbersNothingElse() {
        assertThat(TerminalAuthentication.OPERATOR.matcher("C0042").matches()).isTrue();
        assertThat(TerminalAuthentication.OPERATOR.matcher("fin.li-2_b").matches()).isTrue();
        assertThat(TerminalAuthentication.OPERATOR.matcher("").matches()).isFalse();
        assertThat(TerminalAuthentication.OPERATOR.matcher("a b").matches()).isFalse();
        assertThat(TerminalAuthentication.OPERATOR.matcher("a\nb").matches()).isFalse();
        assertThat(TerminalAuthentication.OPERATOR.matcher("x".repeat(65)).matches()).isFalse();
    }
}
