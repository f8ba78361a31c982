package org.hospay.channels.ehealth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the e-health card service is and the application credentials it gave the hospital.
 *
 * @param secret the shared HMAC-SHA256 key requests are signed with (at least 16 characters)
 */
public record HealthCardConfig(URI baseUrl, String appId, String secret, Duration connectTimeout, Duration responseTimeout) {

    /** DEMO ONLY: the app id the simulator's e-health card service accepts; its secret is in the demo-keys module. */
    public static final String DEMO_ONLY_APP_ID = "HOSPAY-DEMO-EHC";

    public HealthCardConfig {
        Objects.requireNonNull(baseUrl, "e-health card baseUrl");
        if (appId == null || appId.isBlank()) throw new IllegalArgumentException("e-health card appId is blank");
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("e-health card secret must have at least 16 characters");
        if (connectTimeout == null || responseTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("e-health card timeouts must be positive and connect <= response: "
                    + connectTimeout + ", " + responseTimeout);
    }

    /** DEMO ONLY application of the simulator. */
    public static HealthCardConfig demo(URI baseUrl, Duration connectTimeout, Duration responseTimeout) {
        return new HealthCardConfig(baseUrl, DEMO_ONLY_APP_ID, org.hospay.channels.demo.DemoKeys.ehealthAppSecret(), connectTimeout, responseTimeout);
    }
}
