package org.hospay.simulator.commercial;

import java.util.Map;
import org.hospay.channels.commercial.CommercialConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sim.commercial.partners}: partner id → HMAC secret. Default: the DEMO ONLY partner of {@link CommercialConfig#demo}. */
@ConfigurationProperties("sim.commercial")
public record CommercialSimProperties(Map<String, String> partners) {

    public CommercialSimProperties {
        partners = partners == null || partners.isEmpty() ? Map.of("HOSPAY-DEMO", CommercialConfig.DEMO_ONLY_SECRET) : Map.copyOf(partners);
    }
}
