package org.hospay.gateway.nfc;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * NFC checkout sessions.
 *
 * @param sessionTtl how long a tap's session can be paid with (the patient is at the window now)
 * @param sessionRetention how long a used or expired session is remembered afterwards, so a late
 *                         use is told EXPIRED or USED rather than NOT_FOUND
 */
@Validated
@ConfigurationProperties("hospay.nfc")
public record NfcProperties(@NotNull Duration sessionTtl, @NotNull Duration sessionRetention) {

    public NfcProperties {
        if (sessionTtl != null && (sessionTtl.compareTo(Duration.ofSeconds(1)) < 0 || sessionTtl.compareTo(Duration.ofMinutes(30)) > 0)) {
            throw new IllegalArgumentException("hospay.nfc.session-ttl must be from 1 s to 30 min: " + sessionTtl);
        }
        if (sessionRetention != null && (sessionRetention.isNegative() || sessionRetention.isZero())) {
            throw new IllegalArgumentException("hospay.nfc.session-retention must be positive: " + sessionRetention);
        }
    }
}
