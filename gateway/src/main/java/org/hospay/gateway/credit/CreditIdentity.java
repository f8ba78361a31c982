package org.hospay.gateway.credit;

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
 * Identity numbers of credit patients: parsed (GB 11643 check digit and birth date) before anything else;
 * stored sealed ({@link SecretBox}) beside a keyed hash for look-ups ({@link LookupHash}: under the current master
 * key with its id, so a database copy cannot test guessed numbers and the key can rotate) and a masked form.
 */
@Component
class CreditIdentity {

    private static final Pattern NAME = Pattern.compile("^[\\p{IsHan}\\p{IsLatin}·•. ]{2,32}$");

    private final SecretBox box;
    private final LookupHash lookup;
    private final ScannedCodeParser parser;
    private final Pattern cardPattern;

    CreditIdentity(SecretBox box, GatewayProperties properties, Clock clock) {
        this.box = box;
        // Hashes written before key ids were keyed from whichever master key was current: candidates() tries each.
        this.lookup = new LookupHash(box, LookupHash.CREDIT_IDENTITY);
        this.cardPattern = Pattern.compile(properties.codes().hospitalCardPattern());
        this.parser = new ScannedCodeParser(cardPattern, clock);
    }

    /** The number in canonical form, or 400 INVALID_ID_NUMBER. */
    String idNumber(String raw) {
        if (raw == null || raw.strip().length() != 18) {
            throw ApiException.badRequest("INVALID_ID_NUMBER", "idNo must be the 18-character resident identity number");
        }
        if (parser.parse(raw.strip()) instanceof ScannedCode.IdCard id && id.valid()) return id.number();
        throw ApiException.badRequest("INVALID_ID_NUMBER", "idNo " + Masking.mask(raw.strip()) + " is not a valid resident identity number");
    }

    static String name(String raw) {
        if (raw == null || !NAME.matcher(raw.strip()).matches()) {
            throw ApiException.badRequest("INVALID_NAME", "name must be 2-32 letters (Chinese or Latin)");
        }
        return raw.strip();
    }

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

    byte[] seal(String idNo) {
        return box.seal(idNo.getBytes(StandardCharsets.UTF_8));
    }

    String open(byte[] sealed) {
        return new String(box.open(sealed), StandardCharsets.UTF_8);
    }

    static String mask(String idNo) {
        return Masking.mask(idNo);
    }
}
