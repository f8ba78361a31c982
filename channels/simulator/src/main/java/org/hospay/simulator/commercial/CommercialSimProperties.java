package org.hospay.simulator.commercial;

import java.util.Map;
import org.hospay.simulator.wire.DemoKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sim.commercial.partners}: partner id → HMAC secret. Default: the DEMO ONLY partner of {@link DemoKeys#COMMERCIAL_PARTNER}. */
@ConfigurationProperties("sim.commercial")
public record CommercialSimProperties(Map<String, String> partners) {

    public CommercialSimProperties {
        partners = partners == null || partners.isEmpty() ? Map.of(DemoKeys.COMMERCIAL_PARTNER, DemoKeys.COMMERCIAL_SECRET) : Map.copyOf(partners);
    }
}
