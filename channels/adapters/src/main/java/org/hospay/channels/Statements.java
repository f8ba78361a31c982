package org.hospay.channels;

import java.time.LocalDate;
import reactor.core.publisher.Mono;

/**
 * The vendor's statement of a day (对账单: every payment, refund and reversal it booked for the
 * merchant), for reconciliation. Failure semantics: {@link ChannelCapability}.
 */
public interface Statements extends ChannelCapability {

    /**
     * The day's statement (the vendor's calendar day, Beijing time). A day without trades is an empty
     * statement; Declined when the vendor has none for the day yet or refuses the date.
     */
    Mono<Outcome<Statement>> statement(LocalDate day);
}
