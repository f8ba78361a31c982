package org.hospay.code;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * GB 11643-1999 resident identity numbers: 6-digit region, 8-digit birth date, 3-digit sequence and
 * an ISO 7064 MOD 11-2 check character ({@code 0–9} or {@code X}).
 */
final class IdCardRules {

    static final int LENGTH = 18;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    /** Province-level prefixes of GB/T 2260 (11 Beijing … 82 Macao); anything else is not a real region. */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
            "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65", "71", "81", "82");

    /** Earliest birth year accepted: older numbers are not plausible for a living patient. */
    private static final int MIN_YEAR = 1880;

    private IdCardRules() {
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
     * Why an 18-character candidate (17 ASCII digits and a final digit or upper-case {@code X}) is
     * not a valid number, judged against {@code today}; empty when it is valid.
     */
    static Optional<String> problem(String number, LocalDate today) {
        if (!PROVINCES.contains(number.substring(0, 2))) {
            return Optional.of("unknown region " + number.substring(0, 2) + "xxxx");
        }
        if (number.startsWith("0000", 2)) {
            return Optional.of("region code has no city or county");
        }
        LocalDate birth;
        try {
            birth = parseBirthDate(number);
        } catch (DateTimeException e) {
            return Optional.of("birth date is not a calendar date");
        }
        if (birth.getYear() < MIN_YEAR || birth.isAfter(today)) {
            return Optional.of("birth date outside " + MIN_YEAR + "..today");
        }
        if (checkCharacter(number) != number.charAt(17)) {
            return Optional.of("check digit does not match (GB 11643)");
        }
        return Optional.empty();
    }

    /** The birth date of a number whose shape was checked. */
    static LocalDate birthDate(String number) {
        return parseBirthDate(number);
    }

    private static LocalDate parseBirthDate(String number) {
        int year = Integer.parseInt(number, 6, 10, 10);
        int month = Integer.parseInt(number, 10, 12, 10);
        int day = Integer.parseInt(number, 12, 14, 10);
        return LocalDate.of(year, month, day);
    }
}
