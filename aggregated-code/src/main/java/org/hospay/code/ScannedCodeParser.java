package org.hospay.code;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one entry point from a window scanner's text to a {@link ScannedCode}. Never throws, never
 * returns null: anything it cannot place is an {@link ScannedCode.Unrecognized} with a reason that
 * quotes no more of the input than a code point, a length or a two-digit prefix.
 *
 * <p>The rules, their order and the WeChat/ID ambiguity are specified in the module README. In short,
 * after scanner hygiene the first matching rule wins: {@code HSA} code, e-health card, payment code
 * (an 18-digit string with prefix 11–15 that is a fully valid ID number is an ID card), valid ID
 * number, hospital card pattern, ID-shaped but invalid number, nothing.
 *
 * <p>Thread-safe and allocation-light: a payment code costs one pass over its characters and one
 * record.
 */
public final class ScannedCodeParser {

    /** Longest input looked at; a scanner never produces more for any supported code. */
    public static final int MAX_INPUT_LENGTH = 512;

    static final int EHEALTH_ID_LENGTH = 64;
    static final int EHEALTH_VALIDITY_DIGITS = 14;

    private static final ScannedCode NO_INPUT = new ScannedCode.Unrecognized("no input");
    private static final ScannedCode BLANK = new ScannedCode.Unrecognized("empty or blank input");
    private static final Optional<String> EHEALTH_EXPIRED = Optional.of("dynamic e-health QR code has expired");
    private static final Optional<String> EHEALTH_NOT_A_TIME =
            Optional.of("dynamic e-health QR validity is not a calendar date-time");

    private final Pattern hospitalCardPattern;
    private final Clock clock;

    /**
     * @param hospitalCardPattern the hospital's own card numbers, matched against the whole text; it
     *                            never overrides a payment code, code or valid ID number, so a
     *                            pattern with a letter or fixed prefix is best
     * @param clock               "now" for dynamic e-health cards and "today" for ID birth dates
     */
    public ScannedCodeParser(Pattern hospitalCardPattern, Clock clock) {
        this.hospitalCardPattern = Objects.requireNonNull(hospitalCardPattern, "hospitalCardPattern");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What {@code raw} is; see the class comment. */
    public ScannedCode parse(String raw) {
        if (raw == null) {
            return NO_INPUT;
        }
        if (raw.length() > MAX_INPUT_LENGTH) {
            return new ScannedCode.Unrecognized(
                    "input is " + raw.length() + " characters, over the limit of " + MAX_INPUT_LENGTH);
        }
        String text = strip(raw);
        if (text.isEmpty()) {
            return BLANK;
        }
        boolean allDigits = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return new ScannedCode.Unrecognized(describeNonPrintable(text, i));
            }
            if (c < '0' || c > '9') {
                allDigits = false;
            }
        }
        if (allDigits) {
            ScannedCode payment = paymentCode(text);
            if (payment != null) {
                return payment;
            }
        } else if (HsaFormat.isFamily(text)) {
            return HsaFormat.parse(text);
        } else if (isEHealthShape(text)) {
            return eHealthCard(text);
        }
        return identityOrHospitalCard(text, allDigits);
    }

    /**
     * Drops the line end and tab a keyboard-wedge scanner appends and blanks around the text. Nothing
     * else is removed or changed: a misread character must fail, not be repaired.
     */
    private static String strip(String raw) {
        int end = raw.length();
        while (end > 0) {
            char c = raw.charAt(end - 1);
            if (c != '\r' && c != '\n' && c != '\t' && c != ' ') {
                break;
            }
            end--;
        }
        int start = 0;
        while (start < end && raw.charAt(start) == ' ') {
            start++;
        }
        return start == 0 && end == raw.length() ? raw : raw.substring(start, end);
    }

    private static String describeNonPrintable(String text, int index) {
        int cp = text.codePointAt(index);
        String what;
        if (Character.isISOControl(cp)) {
            what = "control character";
        } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
            what = "full-width form of an ASCII character";
        } else if (Character.isDigit(cp)) {
            what = "non-ASCII digit";
        } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            what = "unpaired surrogate";
        } else if (Character.getType(cp) == Character.FORMAT || Character.isWhitespace(cp)
                || Character.isSpaceChar(cp)) {
            what = "invisible or space character";
        } else {
            what = "non-ASCII character (possible look-alike)";
        }
        return String.format("%s U+%04X at index %d; scanned codes are printable ASCII and are never repaired",
                what, cp, index);
    }

    /** WeChat, Alipay or UnionPay for an all-digit text, or null when none of their rules match. */
    private ScannedCode paymentCode(String digits) {
        int n = digits.length();
        if (n < 16) {
            return null;
        }
        int prefix = (digits.charAt(0) - '0') * 10 + (digits.charAt(1) - '0');
        if (n == 18 && prefix >= 10 && prefix <= 15) {
            // The ambiguity rule (README): a fully valid ID number beats the WeChat reading.
            if (prefix >= 11 && IdCardRules.problem(digits, clock).isEmpty()) {
                return new ScannedCode.IdCard(digits, Optional.empty());
            }
            return new ScannedCode.WeChatPayCode(digits);
        }
        if (n <= 24 && prefix >= 25 && prefix <= 30) {
            return new ScannedCode.AlipayCode(digits);
        }
        if (n == 19 && prefix == 62) {
            return new ScannedCode.UnionPayCode(digits);
        }
        return null;
    }

    private ScannedCode identityOrHospitalCard(String text, boolean allDigits) {
        if (IdCardRules.hasShape(text)) {
            String number = text.charAt(IdCardRules.LENGTH - 1) == 'x'
                    ? text.substring(0, IdCardRules.LENGTH - 1) + 'X'
                    : text;
            Optional<String> problem = IdCardRules.problem(number, clock);
            if (problem.isPresent() && hospitalCardPattern.matcher(text).matches()) {
                return new ScannedCode.HospitalCard(text);
            }
            return new ScannedCode.IdCard(number, problem);
        }
        if (hospitalCardPattern.matcher(text).matches()) {
            return new ScannedCode.HospitalCard(text);
        }
        return new ScannedCode.Unrecognized(noRuleMatches(text, allDigits));
    }

    private static String noRuleMatches(String text, boolean allDigits) {
        int n = text.length();
        if (allDigits) {
            // The prefix only for texts long enough that it is not most of the input.
            return n + " digits" + (n >= 8 ? " with prefix " + text.substring(0, 2) : "")
                    + " match no code: WeChat is 18 digits 10-15, Alipay 16-24 digits 25-30,"
                    + " UnionPay 19 digits 62, an ID number 18 characters";
        }
        if (text.indexOf(':') >= 0) {
            return n + " characters with ':' but not an e-health card (" + EHEALTH_ID_LENGTH
                    + " hex digits ':' type [':' validity]) or an HSA code";
        }
        return n + " characters match no code shape and not the hospital card pattern";
    }

    /** {@code ID:TYPE} or {@code ID:TYPE:VALIDITY}: 64 hex digits, 1–2 digits, 14 digits. */
    static boolean isEHealthShape(String text) {
        int n = text.length();
        int typeStart = EHEALTH_ID_LENGTH + 1;
        if (n < typeStart + 1 || text.charAt(EHEALTH_ID_LENGTH) != ':') {
            return false;
        }
        for (int i = 0; i < EHEALTH_ID_LENGTH; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        int typeEnd = text.indexOf(':', typeStart);
        if (typeEnd < 0) {
            typeEnd = n;
        } else if (n - typeEnd - 1 != EHEALTH_VALIDITY_DIGITS || !digits(text, typeEnd + 1, n)) {
            return false;
        }
        int typeLength = typeEnd - typeStart;
        return typeLength >= 1 && typeLength <= 2 && digits(text, typeStart, typeEnd);
    }

    private ScannedCode eHealthCard(String text) {
        String cardId = text.substring(0, EHEALTH_ID_LENGTH).toUpperCase(Locale.ROOT);
        int typeStart = EHEALTH_ID_LENGTH + 1;
        int typeEnd = text.indexOf(':', typeStart);
        if (typeEnd < 0) {
            return new ScannedCode.EHealthCard(cardId, text.substring(typeStart), Optional.empty(), Optional.empty());
        }
        String qrType = text.substring(typeStart, typeEnd);
        Instant validUntil;
        try {
            int v = typeEnd + 1;
            validUntil = LocalDateTime.of(
                    Integer.parseInt(text, v, v + 4, 10), Integer.parseInt(text, v + 4, v + 6, 10),
                    Integer.parseInt(text, v + 6, v + 8, 10), Integer.parseInt(text, v + 8, v + 10, 10),
                    Integer.parseInt(text, v + 10, v + 12, 10), Integer.parseInt(text, v + 12, v + 14, 10))
                    .toInstant(IdCardRules.CHINA);
        } catch (DateTimeException e) {
            return new ScannedCode.EHealthCard(cardId, qrType, Optional.empty(), EHEALTH_NOT_A_TIME);
        }
        Optional<String> problem = clock.instant().isBefore(validUntil) ? Optional.empty() : EHEALTH_EXPIRED;
        return new ScannedCode.EHealthCard(cardId, qrType, Optional.of(validUntil), problem);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
