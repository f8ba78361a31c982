package org.hospay.simulator.wallet;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a simulated payment channel (Alipay, UnionPay) does with an answer it has decided on.
 *
 * @param body     the response object (signed, and wrapped where the protocol does, by the controller)
 * @param delivery whether and how it is sent
 * @param delay    extra time before it is sent (the SLOW wallet), on top of the channel's latency
 */
public record Reply(ObjectNode body, Delivery delivery, Duration delay) {

    public enum Delivery {
        ANSWER,
        /** Processed, never answered: the caller times out. */
        NEVER,
        /** HTTP 500 without a business answer. */
        HTTP_500
    }

    public static Reply answer(ObjectNode body) {
        return new Reply(body, Delivery.ANSWER, Duration.ZERO);
    }

    /** Adds a field to the answer (the body is built fresh for each reply). */
    public Reply with(String field, String value) {
        body.put(field, value);
        return this;
    }

    public Reply as(Delivery d) {
        return new Reply(body, d, delay);
    }

    public Reply after(Duration d) {
        return new Reply(body, delivery, d);
    }
}
