package org.hospay.gateway.channel;

import java.util.function.Predicate;
import org.hospay.channels.Outcome;

/**
 * Tells the circuit breakers which results count as failures: an Unknown outcome (timeout, 5xx,
 * SYSTEMERROR) says the channel is unwell; a Declined one (insufficient funds) says it works.
 * Named in application.yml ({@code record-result-predicate}).
 */
public class UnknownOutcome implements Predicate<Object> {

    @Override
    public boolean test(Object result) {
        return result instanceof Outcome.Unknown<?>;
    }
}
