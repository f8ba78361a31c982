package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.hospay.code.ScannedCode.Kind;
import org.junit.jupiter.api.Test;

/**
 * A million and more random and mutated inputs: mutations of a valid code of every kind (flips,
 * insertions, deletions, truncations, splices, non-ASCII and control characters, scanner suffixes)
 * and plain random text. None may throw or give null; no reason may quote the input; and no
 * mutation of a signed code that still parses may verify. Seeded, so a failure is reproducible:
 * rerun with {@code -Dfuzz.seed=<seed in the message>}.
 */
class ScannedCodeFuzzTest {

    private static final int INPUTS = 1_200_000;

    private static final List<String> SEEDS = List.of(Fixtures.WECHAT, "104567890123456789", Fixtures.ALIPAY,
            "2587654321098765432109", Fixtures.UNIONPAY, Fixtures.ID, Fixtures.ID_WITH_X, "11010519491231002x",
            "130102200402293015", Fixtures.HOSPITAL_CARD, Fixtures.EHEALTH_STATIC, Fixtures.EHEALTH_DYNAMIC,
            Fixtures.EHEALTH_ID.toLowerCase() + ":12:20261122180459", Fixtures.EVOUCHER, Fixtures.AGGREGATED,
            Fixtures.PREVIOUS_ISSUER.issue("650100", "T".repeat(40), PayChannel.UNIONPAY, "9".repeat(32),
                    java.time.Duration.ofDays(1)));

    /** Characters a flip or insertion draws from: the codes' own alphabets, blanks, and what must be refused. */
    private static final String ASCII_POOL = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz.:-_ /+*%$HSA";
    private static final String HOSTILE_POOL = "\r\n\t\u0000\u0007\u001B\u007F\u0085\u00A0\u200B\uFEFF\u3000"
            + "\uFF10\uFF11\uFF19\uFF38\u0417\u041E\u0661\u0966\u00D7\u2024\uFF0E\uFF1A\uD800\uDC00";

    @Test
    void noInputThrowsReturnsNullQuotesItselfOrForgesASignature() {
        long seed = Long.getLong("fuzz.seed", 20261122L);
        SplittableRandom random = new SplittableRandom(seed);
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        int signedMutantsChecked = 0;
        StringBuilder input = new StringBuilder(700);

        for (int n = 0; n < INPUTS; n++) {
            input.setLength(0);
            String seedCode = null;
            if (random.nextInt(10) == 0) {
                randomText(random, input);
            } else {
                seedCode = SEEDS.get(random.nextInt(SEEDS.size()));
                input.append(seedCode);
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    mutate(random, input);
                }
            }
            String raw = input.toString();
            ScannedCode code;
            try {
                code = Fixtures.PARSER.parse(raw);
                ScannedCodePropertiesTest.assertWellBehaved(code);
                assertNoEcho(raw, code);
                if (code instanceof ScannedCode.SignedCode signed && !raw.strip().equals(seedCode)
                        && signedMutantsChecked < 20_000) {
                    signedMutantsChecked++;
                    assertThat(Fixtures.VERIFIER.verify(signed)).isInstanceOf(Verification.Rejected.class);
                }
            } catch (Throwable e) {
                throw new AssertionError("input #" + n + " of seed " + seed + " (code points "
                        + raw.codePoints().mapToObj(Integer::toHexString).toList() + ")", e);
            }
            kinds.merge(code.kind(), 1, Integer::sum);
        }

        // Every kind was reached, so every branch of the parser saw mutated input.
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(Kind.values());
        assertThat(signedMutantsChecked).isGreaterThan(1_000);
    }

    private static void assertNoEcho(String raw, ScannedCode code) {
        String text = raw.strip();
        if (code instanceof ScannedCode.Unrecognized u && text.length() >= 10) {
            assertThat(u.reason()).doesNotContain(text);
        }
        code.invalidReason().ifPresent(reason -> {
            if (text.length() >= 10) {
                assertThat(reason).doesNotContain(text.substring(text.length() / 2 - 4, text.length() / 2 + 4));
            }
        });
    }

    private static void mutate(SplittableRandom random, StringBuilder s) {
        int length = s.length();
        int at = length == 0 ? 0 : random.nextInt(length);
        switch (random.nextInt(9)) {
            case 0, 1 -> { // flip
                if (length > 0) {
                    s.setCharAt(at, pick(random));
                }
            }
            case 2 -> s.insert(random.nextInt(length + 1), pick(random));
            case 3 -> {
                if (length > 0) {
                    s.deleteCharAt(at);
                }
            }
            case 4 -> s.setLength(random.nextInt(length + 1)); // truncate
            case 5 -> s.insert(random.nextInt(length + 1), HOSTILE_POOL.charAt(random.nextInt(HOSTILE_POOL.length())));
            case 6 -> { // splice part of another code in
                String other = SEEDS.get(random.nextInt(SEEDS.size()));
                int from = random.nextInt(other.length());
                s.insert(random.nextInt(length + 1), other, from, from + random.nextInt(other.length() - from + 1));
            }
            case 7 -> s.append(List.of("\r", "\n", "\r\n", "\t", " ", "  ").get(random.nextInt(6)));
            case 8 -> { // change case of one character
                if (length > 0) {
                    char c = s.charAt(at);
                    s.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static char pick(SplittableRandom random) {
        return random.nextInt(8) == 0
                ? HOSTILE_POOL.charAt(random.nextInt(HOSTILE_POOL.length()))
                : ASCII_POOL.charAt(random.nextInt(ASCII_POOL.length()));
    }

    private static void randomText(SplittableRandom random, StringBuilder s) {
        int length = random.nextInt(10) == 0 ? random.nextInt(600) : random.nextInt(40);
        for (int i = 0; i < length; i++) {
            s.append(switch (random.nextInt(4)) {
                case 0 -> (char) ('0' + random.nextInt(10));
                case 1 -> (char) (0x20 + random.nextInt(0x5F));
                case 2 -> (char) random.nextInt(0x10000);
                default -> pick(random);
            });
        }
    }
}
