package org.hospay.gateway.support;

/** Masks identity numbers, card numbers and payment codes for logs and responses: first 4 and last 4 kept. */
public final class Masking {

    private Masking() {}

    public static String mask(String value) {
        if (value == null) return null;
        int n = value.length();
        if (n <= 4) return "*".repeat(n);
        if (n <= 8) return value.substring(0, 2) + "*".repeat(n - 2);
        return value.substring(0, 4) + "*".repeat(n - 8) + value.substring(n - 4);
    }
}
