package org.hospay.code;

/**
 * The one masking rule for identity numbers, card numbers, payment codes and tokens (docs/api.md §1:
 * {@code 3702**********1234}): at most the first four and last four characters kept, the rest
 * starred, and never more characters shown than hidden.
 */
public final class Masking {

    private Masking() {
    }

    /**
     * Null stays null; up to 4 characters are all starred; otherwise {@code min(4, n/4)} characters
     * are kept at each end (5–7 → 1, 8–11 → 2, 12–15 → 3, 16 or more → 4).
     */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int n = value.length();
        if (n <= 4) {
            return "*".repeat(n);
        }
        int keep = Math.min(4, n / 4);
        return value.substring(0, keep) + "*".repeat(n - 2 * keep) + value.substring(n - keep);
    }
}
