package org.hospay.loadtest;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Knobs of a run: a system property {@code loadtest.peak.rate} or, because the Gatling plugin forks
 * its JVM with Maven's environment but not its -D options, the variable {@code LOADTEST_PEAK_RATE}.
 * Every value is checked here, and a bad one names itself.
 */
final class Settings {

    private Settings() {}

    static String string(String name, String fallback) {
        String v = System.getProperty("loadtest." + name);
        if (v == null || v.isBlank()) v = System.getenv("LOADTEST_" + name.toUpperCase(Locale.ROOT).replace('.', '_'));
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    static double number(String name, double fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException("negative or not finite");
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("loadtest." + name + " must be a number >= 0, was '" + v + "'", e);
        }
    }

    static int integer(String name, int fallback) {
        double d = number(name, fallback);
        if (d != Math.rint(d)) throw new IllegalArgumentException("loadtest." + name + " must be a whole number, was " + d);
        return (int) d;
    }

    static boolean flag(String name, boolean fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("loadtest." + name + " must be true or false, was '" + v + "'");
        };
    }

    static Path path(String name, String fallback) {
        return Path.of(string(name, fallback)).toAbsolutePath().normalize();
    }
}
