package org.hospay.gateway.credit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hospay.gateway.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * The dynamic credit code the mini-program shows (docs/api.md, "Dynamic credit code"):
 * {@code HPCR1.<account id, 32 hex>.<expiry, unix seconds>.<nonce, 16 hex>.<signature>}, the signature being
 * base64url (no padding) of the first 16 bytes of HMAC-SHA256(code key, everything before the last dot). Pure:
 * minting and verifying need no I/O; single use is the nonce's claim in {@link CreditStore}.
 */
@Component
class CreditCodes {

    static final String PREFIX = "HPCR1.";
    private static final Pattern FORMAT = Pattern.compile("^HPCR1\\.([0-9a-f]{32})\\.(\\d{1,12})\\.([0-9a-f]{16})\\.([A-Za-z0-9_-]{22})$");
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    CreditCodes(CreditProperties props) {
        this.key = props.codeKey() == null || props.codeKey().isBlank() ? null
                : new SecretKeySpec(Base64.getDecoder().decode(props.codeKey()), "HmacSHA256");
        if (key != null && key.getEncoded().length < 32) throw new IllegalArgumentException("hospay.credit.code-key must be 32 bytes (base64)");
    }

    record Minted(String code, Instant expiresAt) {}

    record Verified(UUID accountId, String nonce, Instant expiresAt) {}

    static boolean looksLikeCode(String raw) {
        return raw != null && raw.strip().startsWith(PREFIX);
    }

    Minted mint(UUID accountId, Instant expiresAt) {
        if (key == null) throw ApiException.unavailable("CREDIT_CODES_DISABLED", "no credit code key is configured (hospay.credit.code-key)");
        byte[] n = new byte[8];
        random.nextBytes(n);
        String body = PREFIX + accountId.toString().replace("-", "") + "." + expiresAt.getEpochSecond() + "." + HEX.formatHex(n);
        return new Minted(body + "." + sign(body), expiresAt);
    }

    /** The code's account, nonce and expiry; 400 CREDIT_CODE_INVALID (format, signature) or CREDIT_CODE_EXPIRED. */
    Verified verify(String raw, Instant now) {
        if (key == null) throw ApiException.badRequest("CREDIT_CODE_INVALID", "credit codes are not accepted here (no code key configured)");
        Matcher m = FORMAT.matcher(raw.strip());
        if (!m.matches()) throw ApiException.badRequest("CREDIT_CODE_INVALID", "not a well-formed dynamic credit code");
        String text = raw.strip();
        String body = text.substring(0, text.lastIndexOf('.'));
        if (!MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII), m.group(4).getBytes(StandardCharsets.US_ASCII))) {
            throw ApiException.badRequest("CREDIT_CODE_INVALID", "the credit code's signature does not verify");
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(m.group(2)));
        if (!now.isBefore(expires)) throw ApiException.badRequest("CREDIT_CODE_EXPIRED", "the credit code expired; refresh it in the mini-program");
        String hex = m.group(1);
        UUID account = UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
        return new Verified(account, m.group(3), expires);
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
