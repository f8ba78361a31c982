package org.hospay.channels;

import java.time.LocalDate;
import reactor.core.publisher.Flux;

/**
 * The vendor's statement of a day (对账单: every payment, refund and reversal it booked for the
 * merchant), for reconciliation. Failure semantics: {@link ChannelCapability}.
 */
public interface Statements extends ChannelCapability {

    /**
     * The day's statement (the vendor's calendar day, Beijing time), line by line as it is downloaded: a
     * statement of 200,000 lines is never held whole (memory stays flat whatever the day's size). A day
     * without trades is an empty stream. Errors with {@link StatementUnavailable} when the vendor has no
     * statement for the day yet, refuses the date, or the file turns out unreadable or corrupt (also after
     * lines have flowed: a consumer keeps nothing of a stream that ends in error).
     */
    Flux<Statement.Line> statement(LocalDate day);
}
