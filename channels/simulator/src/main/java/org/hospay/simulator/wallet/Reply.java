package org.hospay.simulator.alipay;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the simulated Alipay does with an answer it has decided on.
 *
 * @param body     the response object (signed and wrapped by the controller)
 * @param delivery whether and how it is sent
 * @param delay    extra time before it is sent (the SLOW wallet), on top of the channel's latency
 */
record Reply(ObjectNode body, Delivery delivery, Duration delay) {

    enum Delivery {
        ANSWER,
        /** Processed, never answered: the caller times out. */
        NEVER,
        /** HTTP 500 without a business answer. */
        HTTP_500
    }

    static Reply answer(ObjectNode body) {
        return new Reply(body, Delivery.ANSWER, Duration.ZERO);
    }

    /** Adds a field to the answer (the body is built fresh for each reply). */
    Reply with(String field, String value) {
        body.put(field, value);
        return this;
    }

    Reply as(Delivery d) {
        return new Reply(body, d, delay);
    }

    Reply after(Duration d) {
        return new Reply(body, delivery, d);
    }
}
