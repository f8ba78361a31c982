package org.hospay.code;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * GB 11643-1999 resident identity numbers: 6-digit region, 8-digit birth date, 3-digit sequence and
 * an ISO 7064 MOD 11-2 check character ({@code 0–9} or {@code X}).
 *
 * <p>Written with integer arithmetic rather than {@link LocalDate} parsing because the parser runs
 * these rules on every WeChat code with prefix 11–15 (the ambiguity rule), millions of times a second
 * in the benchmark; the clock is read only for the rare candidate that passes every other rule.
 */
final class IdCardRules {

    static final int LENGTH = 18;

    /** Birth dates are calendar dates in China; no daylight saving since 1991. */
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    /**
     * Earliest birth year accepted. The oldest living people were born after 1900, and every year
     * of range admitted makes a random WeChat code likelier to pass as an ID number (README).
     */
    static final int MIN_YEAR = 1900;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    /** Province-level prefixes of GB/T 2260 (11 Beijing … 65 Xinjiang, 71 Taiwan, 81–83 residence permits). */
    private static final boolean[] PROVINCE = new boolean[100];

    static {
        for (int p : new int[] {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}) {
            PROVINCE[p] = true;
        }
    }

    // Constant reasons: the parser's hot path must not build strings for the common rejection.
    private static final Optional<String> NO_CITY = Optional.of("region code has no city or county");
    private static final Optional<String> NOT_A_DATE = Optional.of("birth date is not a calendar date");
    private static final Optional<String> IMPLAUSIBLE_YEAR =
            Optional.of("birth date outside " + MIN_YEAR + "..today");
    private static final Optional<String> BAD_CHECK = Optional.of("check digit does not match (GB 11643)");

    private IdCardRules() {
    }

    /** 17 ASCII digits followed by an ASCII digit, {@code X} or {@code x}. */
    static boolean hasShape(CharSequence s) {
        if (s.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        char last = s.charAt(LENGTH - 1);
        return isDigit(last) || last == 'X' || last == 'x';
    }

    /** The check character the first 17 digits call for. */
    static char checkCharacter(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /**
     * Why a number of the right shape (see {@link #hasShape}, with an upper-case {@code X}) is not a
     * valid number; empty when it is valid. The clock gives "today" in China, read only when needed.
     */
    static Optional<String> problem(String number, Clock clock) {
        int province = digit(number, 0) * 10 + digit(number, 1);
        if (!PROVINCE[province]) {
            return Optional.of("unknown region " + number.substring(0, 2) + "xxxx");
        }
        // 810000/820000/830000 are the whole-region codes of Hong Kong, Macao and Taiwan residence permits.
        if (number.startsWith("0000", 2) && province < 81) {
            return NO_CITY;
        }
        int year = digit(number, 6) * 1000 + digit(number, 7) * 100 + digit(number, 8) * 10 + digit(number, 9);
        int month = digit(number, 10) * 10 + digit(number, 11);
        int day = digit(number, 12) * 10 + digit(number, 13);
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return NOT_A_DATE;
        }
        if (year < MIN_YEAR) {
            return IMPLAUSIBLE_YEAR;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), CHINA);
        if (year * 10_000 + month * 100 + day > today.getYear() * 10_000 + today.getMonthValue() * 100
                + today.getDayOfMonth()) {
            return IMPLAUSIBLE_YEAR;
        }
        if (checkCharacter(number) != number.charAt(17)) {
            return BAD_CHECK;
        }
        return Optional.empty();
    }

    /** The birth date of a number that passed {@link #problem}. */
    static LocalDate birthDate(String number) {
        return LocalDate.of(Integer.parseInt(number, 6, 10, 10), Integer.parseInt(number, 10, 12, 10),
                Integer.parseInt(number, 12, 14, 10));
    }

    static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digit(String s, int i) {
        return s.charAt(i) - '0';
    }
}
