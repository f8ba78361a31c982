package org.hospay.simulator.statement;

import java.util.Optional;

/**
 * A channel that can be made to book an order it declined: the money is taken after all (the order is paid,
 * its query says so, its statement lists it) while the merchant was told it failed. What a channel does
 * wrong once in a long while, and what reconciliation must find and give back.
 */
public interface LateBookings {

    String channel();

    /** Books the declined order now; its transaction id, or empty when there is no declined order of that number. */
    Optional<String> bookDeclined(String outTradeNo);
}
