package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.hospay.code.ScannedCode.AggregatedCode;
import org.hospay.code.ScannedCode.SignedCode;
import org.hospay.code.Verification.Reason;
import org.hospay.code.Verification.Rejected;
import org.hospay.code.Verification.Verified;

class ScannedCodePropertiesTest {

    private static final String WORD_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

    @Property(tries = 5_000)
    void parsingAnyStringNeitherThrowsNorReturnsNull(@ForAll @StringLength(max = 600) String raw) {
        assertWellBehaved(Fixtures.PARSER.parse(raw));
    }

    @Property(tries = 5_000)
    void parsingCodeLikeStringsNeitherThrowsNorReturnsNull(@ForAll("codeLike") String raw) {
        assertWellBehaved(Fixtures.PARSER.parse(raw));
    }

    static void assertWellBehaved(ScannedCode code) {
        assertThat(code).isNotNull();
        assertThat(code.kind()).isNotNull();
        assertThat(code.masked()).isNotNull();
        assertThat(code.toString()).isNotNull();
        assertThat(code.valid()).isEqualTo(code.invalidReason().isEmpty());
        if (code instanceof ScannedCode.Unrecognized) {
            assertThat(code.valid()).isFalse();
        }
    }

    @Provide
    Arbitrary<String> codeLike() {
        return Arbitraries.strings().withChars("0123456789Xx:.-ABCDEFHSQW \r\n\t\u3000\uFF11")
                .ofMinLength(0).ofMaxLength(260);
    }

    /** The fields an issuer is given, and the instant it issues at. */
    record Mint(String keyId, String region, String token, PayChannel channel, String auth, long validitySeconds,
                Instant issuedAt) {
    }

    @Provide
    Arbitrary<Mint> mints() {
        Arbitrary<String> keyIds = Arbitraries.of(DemoKeys.CURRENT, DemoKeys.PREVIOUS);
        Arbitrary<String> regions = Arbitraries.strings().numeric().ofLength(6);
        Arbitrary<String> tokens = Arbitraries.strings().withChars(WORD_CHARS).ofMinLength(1).ofMaxLength(40);
        Arbitrary<PayChannel> channels = Arbitraries.of(PayChannel.class).injectNull(0.3);
        Arbitrary<String> auths = Arbitraries.strings().withChars(WORD_CHARS).ofMinLength(1).ofMaxLength(32)
                .injectNull(0.3);
        Arbitrary<Long> validities = Arbitraries.longs().between(1, AggregatedCodeIssuer.MAX_VALIDITY.toSeconds());
        Arbitrary<Instant> instants = Arbitraries.longs()
                .between(HsaFormat.EPOCH_MIN, HsaFormat.EPOCH_MAX - AggregatedCodeIssuer.MAX_VALIDITY.toSeconds())
                .map(Instant::ofEpochSecond);
        return Combinators.combine(keyIds, regions, tokens, channels, auths, validities, instants)
                .as((keyId, region, token, channel, auth, validity, at) ->
                        new Mint(keyId, region, token, channel, channel == null ? null : auth, validity, at));
    }

    @Property(tries = 300)
    void everyMintedCodeParsesBackToItsFieldsAndVerifiesUntilItExpires(@ForAll("mints") Mint mint) {
        Clock atIssue = Clock.fixed(mint.issuedAt(), ZoneOffset.UTC);
        String text = Fixtures.issuer(mint.keyId(), atIssue).issue(mint.region(), mint.token(), mint.channel(),
                mint.auth(), Duration.ofSeconds(mint.validitySeconds()));

        ScannedCode parsed = new ScannedCodeParser(Fixtures.HOSPITAL_CARDS, atIssue).parse(text);

        assertThat(parsed).isInstanceOf(SignedCode.class);
        SignedCode code = (SignedCode) parsed;
        assertThat(code.kind()).isEqualTo(mint.channel() == null
                ? ScannedCode.Kind.INSURANCE_EVOUCHER : ScannedCode.Kind.AGGREGATED_CODE);
        assertThat(code.regionCode()).isEqualTo(mint.region());
        assertThat(code.evoucherToken()).isEqualTo(mint.token());
        assertThat(code.issuedAt()).isEqualTo(mint.issuedAt());
        assertThat(code.expiresAt()).isEqualTo(mint.issuedAt().plusSeconds(mint.validitySeconds()));
        assertThat(code.keyId()).isEqualToIgnoringCase(mint.keyId());
        if (code instanceof AggregatedCode aggregated) {
            assertThat(aggregated.channel()).isEqualTo(mint.channel());
            assertThat(aggregated.paymentAuth()).isEqualTo(java.util.Optional.ofNullable(mint.auth()));
        }
        assertThat(text.length()).isLessThanOrEqualTo(HsaFormat.MAX_LENGTH);

        var keys = DemoKeys.platformPublicKeys();
        Instant lastValidSecond = code.expiresAt().minusSeconds(1);
        assertThat(new AggregatedCodeVerifier(keys, atIssue).verify(code)).isEqualTo(new Verified(code));
        assertThat(new AggregatedCodeVerifier(keys, Clock.fixed(lastValidSecond, ZoneOffset.UTC)).verify(code))
                .isInstanceOf(Verified.class);
        Verification expired = new AggregatedCodeVerifier(keys, Clock.fixed(code.expiresAt(), ZoneOffset.UTC))
                .verify(code);
        assertThat(((Rejected) expired).reason()).isEqualTo(Reason.EXPIRED);
    }
}
