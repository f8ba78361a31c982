package org.hospay.code;

/**
 * The one masking rule for identity numbers, card numbers, payment codes and tokens (API.md:
 * {@code 3702**********1234}): the first four and last four characters kept, the rest starred.
 * Short values keep less, so a mask never reveals more than half of what it hides.
 */
public final class Masking {

    private Masking() {
    }

    /** Null stays null; up to 4 characters are all starred; up to 8 keep the first two. */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int n = value.length();
        if (n <= 4) {
            return "*".repeat(n);
        }
        if (n <= 8) {
            return value.substring(0, 2) + "*".repeat(n - 2);
        }
        return value.substring(0, 4) + "*".repeat(n - 8) + value.substring(n - 4);
    }
}
