package org.hospay.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.hospay.gateway.web.ApiException;
import org.junit.jupiter.api.Test;

/** The dynamic credit code (docs/api.md §6.4): what verifies, and every way a code is refused. */
class CreditCodesTest {

    private static final String KEY = "REVNTy1PTkxZLWNyZWRpdC1jb2RlLWtleS1ub3Qtc2VjcmV0IQ==";
    private static final Instant NOW = Instant.parse("2031-03-10T01:00:00Z");

    private static CreditProperties props(String key) {
        return new CreditProperties("h", 100_000, 5_000_000, 7, 5, 3, 3, 100_000, Duration.ofSeconds(60), key, Duration.ofSeconds(30),
                Duration.ofMinutes(5), ZoneId.of("Asia/Shanghai"), null, java.util.Map.of(), java.util.Map.of(),
                new CreditProperties.Bank(URI.create("http://localhost"), true, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    private final CreditCodes codes = new CreditCodes(props(KEY));

    private static String code(ApiException e) {
        return e.code();
    }

    @Test
    void aMintedCodeVerifiesToItsAccountUntilItExpires() {
        UUID account = UUID.randomUUID();
        CreditCodes.Minted m = codes.mint(account, NOW.plusSeconds(60));
        assertThat(m.code()).startsWith("HPCR1.").matches("^HPCR1\\.[0-9a-f]{32}\\.\\d+\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{22}$");
        assertThat(CreditCodes.looksLikeCode(m.code())).isTrue();
        CreditCodes.Verified v = codes.verify(m.code(), NOW.plusSeconds(59));
        assertThat(v.accountId()).isEqualTo(account);
        assertThat(v.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(codes.mint(account, NOW.plusSeconds(60)).code()).as("a fresh nonce each time").isNotEqualTo(m.code());
    }

    @Test
    void expiredTamperedForeignOrMalformedCodesAreRefusedWithTheirOwnCode() {
        String c = codes.mint(UUID.randomUUID(), NOW.plusSeconds(60)).code();
        assertThatThrownBy(() -> codes.verify(c, NOW.plusSeconds(60))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(code(e)).isEqualTo("CREDIT_CODE_EXPIRED"));
        String otherAccount = c.substring(0, 6) + (c.charAt(6) == 'a' ? 'b' : 'a') + c.substring(7);
        assertThatThrownBy(() -> codes.verify(otherAccount, NOW)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(code(e)).isEqualTo("CREDIT_CODE_INVALID"));
        String laterExpiry = c.replaceFirst("\\.(\\d+)\\.", "." + NOW.plusSeconds(3600).getEpochSecond() + ".");
        assertThatThrownBy(() -> codes.verify(laterExpiry, NOW)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(code(e)).isEqualTo("CREDIT_CODE_INVALID"));
        String otherKey = new CreditCodes(props("T1RIRVItS0VZLW9mLWFub3RoZXItaG9zcGl0YWwtMzItYnl0ZXM=")).mint(UUID.randomUUID(), NOW.plusSeconds(60)).code();
        assertThatThrownBy(() -> codes.verify(otherKey, NOW)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(code(e)).isEqualTo("CREDIT_CODE_INVALID"));
        for (String bad : new String[] {"HPCR1.", "HPCR1.abc.1.2.3", c + "x", c.toUpperCase()}) {
            assertThatThrownBy(() -> codes.verify(bad, NOW)).as(bad).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(code(e)).isEqualTo("CREDIT_CODE_INVALID"));
        }
    }

    @Test
    void withoutAKeyNoCodeIsMintedOrAccepted() {
        CreditCodes none = new CreditCodes(props(""));
        String c = codes.mint(UUID.randomUUID(), NOW.plusSeconds(60)).code();
        assertThatThrownBy(() -> none.verify(c, NOW)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(code(e)).isEqualTo("CREDIT_CODE_INVALID"));
        assertThatThrownBy(() -> none.mint(UUID.randomUUID(), NOW)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(code(e)).isEqualTo("CREDIT_CODES_DISABLED"));
        assertThat(CreditCodes.looksLikeCode("134567890123456789")).isFalse();
    }
}
