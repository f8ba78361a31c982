package org.hospay.simulator.unionpay;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the simulated partner platform does with an answer it has decided on.
 *
 * @param body     the answer (signed by the controller)
 * @param delivery whether and how it is sent
 * @param delay    extra time before it is sent (the SLOW wallet), on top of the channel's latency
 */
record Answer(ObjectNode body, Delivery delivery, Duration delay) {

    enum Delivery {
        SEND,
        /** Processed, never answered: the caller times out. */
        NEVER,
        /** HTTP 500 without a business answer. */
        HTTP_500
    }

    static Answer send(ObjectNode body) {
        return new Answer(body, Delivery.SEND, Duration.ZERO);
    }

    /** Adds a field to the answer (the body is built fresh for each answer). */
    Answer with(String field, String value) {
        body.put(field, value);
        return this;
    }

    Answer as(Delivery d) {
        return new Answer(body, d, delay);
    }

    Answer after(Duration d) {
        return new Answer(body, delivery, d);
    }
}
