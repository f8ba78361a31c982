package org.hospay.gateway.payment;

import java.util.ArrayList;
import java.util.List;

/** A payment and its legs as the engine last wrote them: what it answers with, without reading them back. */
record PaymentState(PaymentRow payment, List<LegRow> legs) {

    PaymentState {
        legs = List.copyOf(legs);
    }

    PaymentState with(PaymentRow moved) {
        return new PaymentState(moved, legs);
    }

    /** The same payment with these legs replacing the ones with the same id. */
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
