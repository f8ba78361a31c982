package org.hospay.channels.bank;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the bank is and the merchant credentials it gave the hospital.
 *
 * @param secret shared HMAC-SHA256 key (at least 16 characters)
 */
public record BankConfig(URI baseUrl, String merchantNo, String secret, Duration connectTimeout, Duration responseTimeout) {


    public BankConfig {
        Objects.requireNonNull(baseUrl, "bank baseUrl");
        if (merchantNo == null || merchantNo.isBlank() || merchantNo.contains("|"))
            throw new IllegalArgumentException("bank merchantNo is blank or contains '|': " + merchantNo);
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("bank secret must have at least 16 characters");
        if (connectTimeout == null || responseTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("bank timeouts must be positive and connect <= response: " + connectTimeout + ", " + responseTimeout);
    }

    /** DEMO ONLY merchant of the simulator. */
    public static BankConfig demo(URI baseUrl) {
        return new BankConfig(baseUrl, "HOSPAY-DEMO-BANK", org.hospay.channels.demo.DemoKeys.bankSecret(), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
}
