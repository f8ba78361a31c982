package org.hospay.channels.commercial;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the insurer is and the partner credentials it gave us.
 *
 * @param secret the shared HMAC-SHA256 key (at least 16 characters)
 */
public record CommercialConfig(URI baseUrl, String partnerId, String secret, Duration connectTimeout, Duration responseTimeout) {


    public CommercialConfig {
        Objects.requireNonNull(baseUrl, "commercial baseUrl");
        if (partnerId == null || partnerId.isBlank()) throw new IllegalArgumentException("commercial partnerId is blank");
        if (secret == null || secret.length() < 16)
            throw new IllegalArgumentException("commercial secret must have at least 16 characters");
        if (connectTimeout == null || responseTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("commercial timeouts must be positive and connect <= response: "
                    + connectTimeout + ", " + responseTimeout);
    }

    /** DEMO ONLY partner of the simulator. */
    public static CommercialConfig demo(URI baseUrl) {
        return new CommercialConfig(baseUrl, "HOSPAY-DEMO", org.hospay.channels.demo.DemoKeys.commercialSecret(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public CommercialConfig withResponseTimeout(Duration timeout) {
        return new CommercialConfig(baseUrl, partnerId, secret, connectTimeout.compareTo(timeout) > 0 ? timeout : connectTimeout, timeout);
    }
}
