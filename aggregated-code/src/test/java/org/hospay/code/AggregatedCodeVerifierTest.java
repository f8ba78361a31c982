package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hospay.code.Fixtures.CLOCK;
import static org.hospay.code.Fixtures.NOW;
import static org.hospay.code.Fixtures.PARSER;
import static org.hospay.code.Fixtures.signed;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hospay.code.ScannedCode.Kind;
import org.hospay.code.Verification.Reason;
import org.hospay.code.Verification.Rejected;
import org.hospay.code.Verification.Verified;
import org.junit.jupiter.api.Test;

class AggregatedCodeVerifierTest {

    private static final PublicKey CURRENT_KEY = DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic();
    private static final PublicKey PREVIOUS_KEY = DemoKeys.platformKeyPair(DemoKeys.PREVIOUS).getPublic();

    private static AggregatedCodeVerifier verifierAt(Instant now) {
        return new AggregatedCodeVerifier(DemoKeys.platformPublicKeys(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Reason rejection(Verification verification) {
        assertThat(verification).isInstanceOf(Rejected.class);
        return ((Rejected) verification).reason();
    }

    @Test
    void aFreshCodeFromTheCurrentKeyVerifies() {
        var code = signed(Fixtures.AGGREGATED);

        assertThat(Fixtures.VERIFIER.verify(code)).isEqualTo(new Verified(code));
        assertThat(Fixtures.VERIFIER.verify(signed(Fixtures.EVOUCHER))).isInstanceOf(Verified.class);
    }

    @Test
    void aCodeVerifiesUntilOneSecondBeforeExpiryAndIsExpiredFromExpiryOn() {
        var code = signed(Fixtures.AGGREGATED); // expires NOW + 300 s

        assertThat(verifierAt(NOW.plusSeconds(299)).verify(code)).isInstanceOf(Verified.class);
        assertThat(rejection(verifierAt(NOW.plusSeconds(300)).verify(code))).isEqualTo(Reason.EXPIRED);
        assertThat(rejection(verifierAt(NOW.plusSeconds(301)).verify(code))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void aCodeIssuedWithinTheClockSkewAheadVerifiesAndBeyondItIsNotYetValid() {
        var code = signed(Fixtures.AGGREGATED); // issued NOW

        assertThat(verifierAt(NOW.minus(AggregatedCodeVerifier.MAX_CLOCK_SKEW)).verify(code))
                .isInstanceOf(Verified.class);
        Verification early = verifierAt(NOW.minus(AggregatedCodeVerifier.MAX_CLOCK_SKEW).minusSeconds(1)).verify(code);
        assertThat(rejection(early)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void anUnknownKeyIdIsRejectedBeforeAnyCryptography() {
        var verifier = new AggregatedCodeVerifier(Map.of("other-key", CURRENT_KEY), CLOCK);

        Verification verification = verifier.verify(signed(Fixtures.AGGREGATED));

        assertThat(rejection(verification)).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(((Rejected) verification).message()).isEqualTo("platform key 'DEMO-2026' is not configured");
    }

    @Test
    void keyIdsAreCaseInsensitive() {
        var verifier = new AggregatedCodeVerifier(Map.of("Demo-2026", CURRENT_KEY), CLOCK);

        assertThat(verifier.verify(signed(Fixtures.AGGREGATED))).isInstanceOf(Verified.class);
    }

    @Test
    void thePreviousKeyVerifiesWhileConfiguredAndNotAfterRemoval() {
        var fromPrevious = signed(Fixtures.PREVIOUS_ISSUER.issue("440300", "T-ROTATE", PayChannel.ALIPAY, null,
                Duration.ofMinutes(5)));
        var both = new AggregatedCodeVerifier(Map.of(DemoKeys.CURRENT, CURRENT_KEY, DemoKeys.PREVIOUS, PREVIOUS_KEY), CLOCK);
        var currentOnly = new AggregatedCodeVerifier(Map.of(DemoKeys.CURRENT, CURRENT_KEY), CLOCK);

        assertThat(fromPrevious.keyId()).isEqualTo("DEMO-2025");
        assertThat(both.verify(fromPrevious)).isInstanceOf(Verified.class);
        assertThat(both.verify(signed(Fixtures.AGGREGATED))).isInstanceOf(Verified.class);
        assertThat(rejection(currentOnly.verify(fromPrevious))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void aCodeSignedByOneKeyButNamingAnotherHasABadSignature() {
        String fromPrevious = Fixtures.PREVIOUS_ISSUER.issue("440300", "T-SWAP", null, null, Duration.ofMinutes(5));
        String relabelled = fromPrevious.replace(".DEMO-2025.", ".DEMO-2026.");

        assertThat(rejection(Fixtures.VERIFIER.verify(signed(relabelled)))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void changingAnyOneCharacterNeverVerifies() {
        String text = Fixtures.AGGREGATED;
        int signatureStart = text.lastIndexOf('.') + 1;
        List<Integer> reachedTheSignatureCheck = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            String changed = text.substring(0, i) + sameClassOther(text.charAt(i)) + text.substring(i + 1);
            ScannedCode code = PARSER.parse(changed);
            if (code instanceof ScannedCode.SignedCode s) {
                Verification verification = Fixtures.VERIFIER.verify(s);
                // A key id changed into another configured id (DEMO-2026 -> DEMO-2025) is a bad signature.
                boolean unknownId = !DemoKeys.platformPublicKeys().keySet().stream()
                        .anyMatch(id -> id.equalsIgnoreCase(s.keyId()));
                assertThat(rejection(verification)).as("position %d", i)
                        .isEqualTo(unknownId ? Reason.UNKNOWN_KEY : Reason.BAD_SIGNATURE);
                reachedTheSignatureCheck.add(i);
            } else {
                assertThat(code.kind()).as("position %d", i).isEqualTo(Kind.UNRECOGNIZED);
            }
        }
        // Region, token, authorisation, nonce, key id and all signature characters but the last (whose
        // low bits are fixed) still parse after a same-class change, so they must have reached the check.
        List<Integer> mustReach = new ArrayList<>();
        String[] fields = text.substring(HsaFormat.PREFIX.length()).split("\\.", -1);
        int start = HsaFormat.PREFIX.length();
        for (int f = 0; f < fields.length; f++) {
            boolean times = f == 4 || f == 5;
            boolean channel = f == 2;
            int end = start + fields[f].length() - (f == 8 ? 1 : 0);
            for (int i = start; i < end && !times && !channel; i++) {
                mustReach.add(i);
            }
            start += fields[f].length() + 1;
        }
        assertThat(reachedTheSignatureCheck).containsAll(mustReach);
        assertThat(mustReach).hasSizeGreaterThan(Sm2.RAW_SIGNATURE_LENGTH);
    }

    @Test
    void oneSignatureCharacterChangedIsABadSignature() {
        String text = Fixtures.AGGREGATED;
        int at = text.lastIndexOf('.') + 10;
        String changed = text.substring(0, at) + sameClassOther(text.charAt(at)) + text.substring(at + 1);

        assertThat(rejection(Fixtures.VERIFIER.verify(signed(changed)))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void oneFieldCharacterChangedIsABadSignature() {
        String text = Fixtures.AGGREGATED;
        String changed = text.replace("PAYAUTH-0001", "PAYAUTH-0002");

        assertThat(rejection(Fixtures.VERIFIER.verify(signed(changed)))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void anExpiredForgeryIsReportedAsABadSignatureNotAsExpired() {
        String text = Fixtures.AGGREGATED;
        String changed = text.replace("PAYAUTH-0001", "PAYAUTH-0002");

        assertThat(rejection(verifierAt(NOW.plus(Duration.ofDays(2))).verify(signed(changed))))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void theConstructorRefusesBadConfigurationNamingTheId() {
        assertThatThrownBy(() -> new AggregatedCodeVerifier(Map.of("bad id!", CURRENT_KEY), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad id!'");
        assertThatThrownBy(() -> new AggregatedCodeVerifier(Map.of("a", CURRENT_KEY, "A", PREVIOUS_KEY), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configured twice");
        PublicKey rsa = rsaKey();
        assertThatThrownBy(() -> new AggregatedCodeVerifier(Map.of("rsa-1", rsa), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rsa-1'");
    }

    @Test
    void aRejectionMessageNeverQuotesTheToken() {
        String text = Fixtures.AGGREGATED.replace("PAYAUTH-0001", "PAYAUTH-0002");

        Verification verification = Fixtures.VERIFIER.verify(signed(text));

        assertThat(((Rejected) verification).message()).doesNotContain("EC-1101-0002-WXYZ");
    }

    /** Another character that keeps the text parseable where possible: digit for digit, base32 for base32. */
    static char sameClassOther(char c) {
        if (c >= '0' && c <= '9') {
            return c == '5' ? '6' : '5';
        }
        if (c >= 'A' && c <= 'Z') {
            return c == 'M' ? 'N' : 'M';
        }
        return c == '-' ? 'Q' : '-';
    }

    private static PublicKey rsaKey() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return generator.generateKeyPair().getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
