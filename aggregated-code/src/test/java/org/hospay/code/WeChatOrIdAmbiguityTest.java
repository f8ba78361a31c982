package org.hospay.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.code.Fixtures.PARSER;
import static org.hospay.code.Fixtures.withCheck;
import static org.hospay.code.Fixtures.withWrongCheck;

import java.time.LocalDate;
import java.util.SplittableRandom;

import org.hospay.code.ScannedCode.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An 18-digit string with prefix 11–15 may be a WeChat code or a North-China ID number (Beijing,
 * Tianjin, Hebei, Shanxi, Inner Mongolia). It is an ID card only when it passes every ID rule.
 */
class WeChatOrIdAmbiguityTest {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002", "12010219800101123", "13010220040229301",
            "14010119700615456", "15010219991231789"})
    void aFullyValidNorthChinaIdNumberIsAnIdCard(String first17) {
        assertThat(PARSER.parse(withCheck(first17)).kind()).isEqualTo(Kind.ID_CARD);
    }

    @Test
    void failingAnyIdRuleMakesItAWeChatCode() {
        assertThat(PARSER.parse(withWrongCheck("13010220040229301")).kind()).isEqualTo(Kind.WECHAT_PAY_CODE);
        assertThat(PARSER.parse(withCheck("13010220050229301")).kind()).isEqualTo(Kind.WECHAT_PAY_CODE);
        assertThat(PARSER.parse(withCheck("13000020040229301")).kind()).isEqualTo(Kind.WECHAT_PAY_CODE);
        assertThat(PARSER.parse(withCheck("13010218990101300")).kind()).isEqualTo(Kind.WECHAT_PAY_CODE);
    }

    @Test
    void prefixTenIsNeverAProvinceSoAlwaysWeChat() {
        assertThat(PARSER.parse(withCheck("10010519491231002")).kind()).isEqualTo(Kind.WECHAT_PAY_CODE);
    }

    @Test
    void theExactChanceThatARandomWeChatCodeIsTakenForAnIdNumberIsAboutOneIn23700() {
        double p = exactProbability(LocalDate.of(2026, 11, 22));

        // The README states 4.213e-5 (1 in 23,700) for prefixes 11-15 as of 2026-11-22.
        assertThat(p).isBetween(4.2125e-5, 4.2135e-5);
    }

    @Test
    void theParserAgreesWithTheComputedChanceOnRandomCodes() {
        SplittableRandom random = new SplittableRandom(20261122);
        int samples = 2_000_000;
        int asId = 0;
        char[] digits = new char[18];
        for (int n = 0; n < samples; n++) {
            digits[0] = '1';
            digits[1] = (char) ('1' + random.nextInt(5));
            for (int i = 2; i < 18; i++) {
                digits[i] = (char) ('0' + random.nextInt(10));
            }
            if (PARSER.parse(new String(digits)).kind() == Kind.ID_CARD) {
                asId++;
            }
        }
        // Expected 84 (4.213e-5 * 2e6); a Poisson count lies within +-5 sigma (~46) with near certainty.
        assertThat(asId).isBetween(84 - 46, 84 + 46);
    }

    /**
     * P(a uniformly random 16-digit tail after a prefix in 11–15 passes every ID rule), computed
     * exactly: the check character depends only on the weighted digit sum modulo 11, so count the
     * residues of each independent part (region, birth date, sequence) and combine them.
     */
    static double exactProbability(LocalDate today) {
        long[] region = new long[11];
        for (int r = 1; r < 10_000; r++) { // 0000 is refused
            region[weighted(r, 4, 2)]++;
        }
        long[] date = new long[11];
        for (LocalDate d = LocalDate.of(IdCardRules.MIN_YEAR, 1, 1); !d.isAfter(today); d = d.plusDays(1)) {
            int yyyymmdd = d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
            date[weighted(yyyymmdd, 8, 6)]++;
        }
        long[] sequence = new long[11];
        for (int s = 0; s < 1000; s++) {
            sequence[weighted(s, 3, 14)]++;
        }
        long[] rest = convolve(convolve(region, date), sequence);
        double total = 0;
        for (int prefix = 11; prefix <= 15; prefix++) {
            int head = (WEIGHTS[0] * (prefix / 10) + WEIGHTS[1] * (prefix % 10)) % 11;
            long passing = 0;
            for (int r = 0; r < 11; r++) {
                // Residue 2 calls for 'X', which no all-digit string has; any other calls for one digit of ten.
                if ((head + r) % 11 != 2) {
                    passing += rest[r];
                }
            }
            total += passing / 1e16; // 10^15 for digits 2-16, times 10 for the last digit
        }
        return total / 5;
    }

    private static int weighted(int value, int width, int firstPosition) {
        int sum = 0;
        for (int i = width - 1; i >= 0; i--) {
            sum += (value % 10) * WEIGHTS[firstPosition + i];
            value /= 10;
        }
        return sum % 11;
    }

    private static long[] convolve(long[] a, long[] b) {
        long[] c = new long[11];
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                c[(i + j) % 11] += a[i] * b[j];
            }
        }
        return c;
    }
}
