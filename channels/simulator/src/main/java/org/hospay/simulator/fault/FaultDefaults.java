package org.hospay.simulator.fault;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The latency model each channel starts with, e.g. {@code sim.faults.WECHAT.latency-ms=40}, so a load
 * test holds the channel side constant without calling {@code PUT /sim/faults} first.
 */
@ConfigurationProperties("sim")
public record FaultDefaults(Map<String, Fault> faults) {
    public FaultDefaults {
        faults = faults == null ? Map.of() : Map.copyOf(faults);
    }
}
