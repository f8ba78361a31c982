package org.hospay.channels.invoice;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the e-invoice platform is and the hospital's credentials there.
 *
 * @param secret the shared HMAC-SHA256 key (at least 16 characters)
 */
public record EInvoiceConfig(URI baseUrl, String partnerId, String secret, Duration connectTimeout, Duration responseTimeout) {


    public EInvoiceConfig {
        Objects.requireNonNull(baseUrl, "e-invoice baseUrl");
        if (partnerId == null || partnerId.isBlank()) throw new IllegalArgumentException("e-invoice partnerId is blank");
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("e-invoice secret must have at least 16 characters");
        if (connectTimeout == null || responseTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("e-invoice timeouts must be positive and connect <= response");
    }

    /** DEMO ONLY partner of the simulator. */
    public static EInvoiceConfig demo(URI baseUrl) {
        return new EInvoiceConfig(baseUrl, "HOSPAY-DEMO", org.hospay.channels.demo.DemoKeys.einvoiceSecret(), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
}
