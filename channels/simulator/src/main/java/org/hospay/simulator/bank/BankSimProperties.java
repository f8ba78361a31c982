package org.hospay.simulator.bank;

import java.time.Duration;
import java.util.Map;
import org.hospay.simulator.wire.DemoKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sim.bank.merchants}: merchant number → HMAC secret (default: the DEMO ONLY merchant of
 * {@link DemoKeys#BANK_MERCHANT}); {@code sim.bank.result-delay}: how long after a submission its result
 * file becomes available (default 0: at once; until then a fetch answers PROCESSING).
 */
@ConfigurationProperties("sim.bank")
public record BankSimProperties(Map<String, String> merchants, Duration resultDelay) {

    public BankSimProperties {
        merchants = merchants == null || merchants.isEmpty() ? Map.of(DemoKeys.BANK_MERCHANT, DemoKeys.BANK_SECRET) : Map.copyOf(merchants);
        resultDelay = resultDelay == null ? Duration.ZERO : resultDelay;
        if (resultDelay.isNegative()) throw new IllegalArgumentException("sim.bank.result-delay must not be negative: " + resultDelay);
    }
}
