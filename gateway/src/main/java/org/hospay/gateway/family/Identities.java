package org.hospay.gateway.family;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Pattern;
import org.hospay.code.Masking;
import org.hospay.code.ScannedCode;
import org.hospay.code.ScannedCodeParser;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.LookupHash;
import org.hospay.gateway.support.SecretBox;
import org.hospay.gateway.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Identity numbers at rest and on the way in: parsed (GB 11643 check digit and birth date) before anything
 * else; stored only sealed (AES-GCM, {@link SecretBox}) beside a keyed hash for look-ups and a masked form.
 *
 * <p>The hash is a {@link LookupHash}: keyed from the current master key with its key id; look-ups match the
 * hashes of retired keys too ({@link #candidates}) until the re-seal command has re-computed them.
 */
@Component
class Identities {

    private static final Pattern NAME = Pattern.compile("^[\\p{IsHan}\\p{IsLatin}·•. ]{2,32}$");

    private final SecretBox box;
    private final LookupHash lookup;
    private final ScannedCodeParser parser;
    private final Pattern cardPattern;

    Identities(SecretBox box, GatewayProperties properties, Clock clock) {
        this.box = box;
        this.lookup = new LookupHash(box, LookupHash.IDENTITY);
        this.cardPattern = Pattern.compile(properties.codes().hospitalCardPattern());
        this.parser = new ScannedCodeParser(cardPattern, clock);
    }

    /** The number in canonical form (upper-case X), or 400 INVALID_ID_NUMBER saying what is wrong with it. */
    String idNumber(String raw) {
        if (raw == null || raw.isBlank()) throw ApiException.badRequest("INVALID_ID_NUMBER", "idNo is required");
        String text = raw.strip();
        if (text.length() != 18) throw ApiException.badRequest("INVALID_ID_NUMBER", "idNo must be the 18-character resident identity number");
        return switch (parser.parse(text)) {
            case ScannedCode.IdCard id -> {
                if (!id.valid()) throw ApiException.badRequest("INVALID_ID_NUMBER", "idNo " + id.masked() + " is not valid: "
                        + id.invalidReason().orElse("invalid"));
                yield id.number();
            }
            // 18 digits starting 10-15 that fail the ID rules read as a WeChat code: as an ID they are simply invalid.
            case ScannedCode.WeChatPayCode w -> throw ApiException.badRequest("INVALID_ID_NUMBER", "idNo " + w.masked()
                    + " is not valid: check digit or birth date does not match (GB 11643)");
            case ScannedCode.InsuranceEVoucher e -> throw notAnId(text);
            case ScannedCode.AggregatedCode a -> throw notAnId(text);
            case ScannedCode.AlipayCode a -> throw notAnId(text);
            case ScannedCode.UnionPayCode u -> throw notAnId(text);
            case ScannedCode.EHealthCard e -> throw notAnId(text);
            case ScannedCode.HospitalCard h -> throw notAnId(text);
            case ScannedCode.Unrecognized u -> throw notAnId(text);
        };
    }

    private static ApiException notAnId(String text) {
        return ApiException.badRequest("INVALID_ID_NUMBER", "idNo " + Masking.mask(text) + " is not a resident identity number");
    }

    /** A person's name as typed: 2-32 Han or Latin letters (and the middle dot of transcribed names). */
    static String name(String raw) {
        if (raw == null || !NAME.matcher(raw.strip()).matches()) {
            throw ApiException.badRequest("INVALID_NAME", "name must be 2-32 letters (Chinese or Latin)");
        }
        return raw.strip();
    }

    /** A hospital card number of this hospital's pattern ({@code hospay.codes.hospital-card-pattern}). */
    String cardNo(String raw) {
        if (raw == null || !cardPattern.matcher(raw.strip()).matches()) {
            throw ApiException.badRequest("INVALID_CARD_NO", "cardNo is not a hospital card number of this hospital");
        }
        return raw.strip();
    }

    /** The hash to store, under the current key. */
    String hash(String idNo) {
        return lookup.hash(idNo);
    }

    /** The stored hashes a row of this value may carry during a rotation (current key first). */
    java.util.List<String> candidates(String idNo) {
        return lookup.candidates(idNo);
    }

    /** Whether a stored hash is of this value, under any key of the ring. */
    boolean matches(String idNo, String storedHash) {
        return lookup.matches(idNo, storedHash);
    }

    byte[] seal(String idNo) {
        return box.seal(idNo.getBytes(StandardCharsets.UTF_8));
    }

    String open(byte[] sealed) {
        return new String(box.open(sealed), StandardCharsets.UTF_8);
    }

    static String mask(String idNo) {
        return Masking.mask(idNo);
    }

    /** 张三 → 张*, 张三丰 → 张*丰: enough for a payer to recognise their relative, too little to identify anyone. */
    static String maskName(String name) {
        if (name == null || name.isEmpty()) return name;
        int[] cps = name.codePoints().toArray();
        if (cps.length <= 2) return new String(cps, 0, 1) + "*";
        return new String(cps, 0, 1) + "*".repeat(cps.length - 2) + new String(cps, cps.length - 1, 1);
    }
}
