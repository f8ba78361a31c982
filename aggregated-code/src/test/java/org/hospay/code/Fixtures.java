package org.hospay.code;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/** Shared test data: a fixed "now", a parser, the demo platform keys and well-formed codes of every kind. */
final class Fixtures {

    /** 2026-11-22 18:00 in China. */
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Pattern HOSPITAL_CARDS = Pattern.compile("HC\\d{8}");
    static final ScannedCodeParser PARSER = new ScannedCodeParser(HOSPITAL_CARDS, CLOCK);

    static final String WECHAT = "134567890123456789";
    static final String ALIPAY = "28763443825664394";
    static final String UNIONPAY = "6223123412341234123";
    static final String ID_WITH_X = "11010519491231002X";
    static final String ID = "440304198802291234";
    static final String HOSPITAL_CARD = "HC00012345";
    static final String EHEALTH_ID = "E1D10AAC73D0B947060B099128732C969A6EF97A6014BF41B3D19EEF9A4FBB18";
    static final String EHEALTH_STATIC = EHEALTH_ID + ":1";
    /** Valid until 2026-11-22 18:05:00 in China, five minutes after {@link #NOW}. */
    static final String EHEALTH_DYNAMIC = EHEALTH_ID + ":1:20261122180500";

    static final AggregatedCodeIssuer CURRENT_ISSUER = issuer(DemoKeys.CURRENT, CLOCK);
    static final AggregatedCodeIssuer PREVIOUS_ISSUER = issuer(DemoKeys.PREVIOUS, CLOCK);
    static final AggregatedCodeVerifier VERIFIER =
            new AggregatedCodeVerifier(DemoKeys.platformPublicKeys(), CLOCK);

    static final String EVOUCHER =
            CURRENT_ISSUER.issue("440300", "EC-4403-0001-ABCD", null, null, Duration.ofMinutes(5));
    static final String AGGREGATED =
            CURRENT_ISSUER.issue("110100", "EC-1101-0002-WXYZ", PayChannel.WECHAT, "PAYAUTH-0001",
                    Duration.ofMinutes(5));

    private Fixtures() {
    }

    static AggregatedCodeIssuer issuer(String keyId, Clock clock) {
        return new AggregatedCodeIssuer(keyId, DemoKeys.platformKeyPair(keyId).getPrivate(), clock);
    }

    /** The first 17 digits followed by the GB 11643 check character they call for. */
    static String withCheck(String first17) {
        return first17 + IdCardRules.checkCharacter(first17);
    }

    /** The same number with a different (wrong) check character. */
    static String withWrongCheck(String first17) {
        char right = IdCardRules.checkCharacter(first17);
        return first17 + (right == '0' ? '1' : '0');
    }

    static ScannedCode.SignedCode signed(String text) {
        return (ScannedCode.SignedCode) PARSER.parse(text);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
