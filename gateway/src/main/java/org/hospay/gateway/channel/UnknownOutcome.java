package org.hospay.gateway.channel;

import java.util.function.Predicate;
import org.hospay.channels.Outcome;

/**
 * Tells the query retries which results to try again: an Unknown outcome (timeout, 5xx, SYSTEMERROR);
 * a Declined one is the answer. Named in application.yml ({@code resilience4j.retry…result-predicate}).
 * (What the circuit breakers count as a failure is {@link ChannelResilience}'s rule, not this.)
 */
public class UnknownOutcome implements Predicate<Object> {

    @Override
    public boolean test(Object result) {
        return result instanceof Outcome.Unknown<?>;
    }
}
