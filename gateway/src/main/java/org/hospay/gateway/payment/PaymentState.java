package org.hospay.gateway.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A payment and its legs as the engine last wrote them: what it answers with, without reading them back.
 * {@code intents}: the attempt of each leg whose intent was written with its plan (leg id → attempt id), whose call is
 * the next thing to do; empty otherwise.
 */
record PaymentState(PaymentRow payment, List<LegRow> legs, Map<UUID, Long> intents) {

    PaymentState {
        legs = List.copyOf(legs);
        intents = Map.copyOf(intents);
    }

    PaymentState(PaymentRow payment, List<LegRow> legs) {
        this(payment, legs, Map.of());
    }

    PaymentState with(PaymentRow moved) {
        return new PaymentState(moved, legs, intents);
    }

    /** The same payment with these legs replacing the ones with the same id (their calls made: no intents pending). */
    PaymentState withLegs(List<LegRow> changed) {
        List<LegRow> all = new ArrayList<>(legs);
        for (LegRow c : changed) {
            all.replaceAll(l -> l.legId().equals(c.legId()) ? c : l);
            if (all.stream().noneMatch(l -> l.legId().equals(c.legId()))) all.add(c);
        }
        return new PaymentState(payment, all);
    }

    PaymentView view() {
        return PaymentView.of(payment, legs);
    }
}
