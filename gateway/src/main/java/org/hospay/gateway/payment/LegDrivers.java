package org.hospay.gateway.payment;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The registered {@link LegDriver}s by the leg type they move; at most one each. */
@Component
class LegDrivers {

    private final Map<LegType, LegDriver> byType = new EnumMap<>(LegType.class);

    LegDrivers(List<LegDriver> drivers) {
        for (LegDriver d : drivers) {
            LegDriver previous = byType.put(d.type(), d);
            if (previous != null) throw new IllegalStateException("two drivers for " + d.type() + ": " + previous + ", " + d);
        }
    }

    /** The driver of this leg; empty for a leg type no driver moves yet. */
    Optional<LegDriver> of(LegRow leg) {
        return Optional.ofNullable(byType.get(LegType.of(leg)));
    }
}
