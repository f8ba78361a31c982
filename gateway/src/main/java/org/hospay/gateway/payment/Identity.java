package org.hospay.gateway.payment;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** This gateway instance's name in payment leases: host/pid plus a random suffix, unique per start. */
@Component
public class Identity {

    private final String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    public String instanceId() {
        return instanceId;
    }
}
