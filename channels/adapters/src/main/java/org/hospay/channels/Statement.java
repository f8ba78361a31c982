package org.hospay.channels;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A vendor's statement of one day, in neutral terms: what it booked, line by line.
 *
 * @param channel whose statement
 * @param day     the vendor's calendar day it covers
 * @param lines   in the vendor's order
 */
public record Statement(Channel channel, LocalDate day, List<Line> lines) {

    public enum Kind {
        /** A payment (a charge or a deduction). */
        PAYMENT,
        /** A refund of a payment. */
        REFUND,
        /** A payment reversed (closed) by the merchant. */
        REVERSAL,
        /** A line of a kind this version does not read; kept so totals still add up with the vendor's. */
        OTHER
    }

    /**
     * One booked line.
     *
     * @param outTradeNo  our order number
     * @param channelRef  the vendor's id of this line (a payment's transaction id; a refund's refund id where
     *                    the vendor gives one, else the transaction id)
     * @param outRefundNo our refund number on refund lines, else null
     * @param amount      the line's amount, without sign (for a payment: the order total)
     * @param at          when the vendor booked it
     */
    public record Line(Kind kind, String outTradeNo, String channelRef, String outRefundNo, Money amount, Instant at) {
        public Line {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(amount, "amount");
        }
    }

    public Statement {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(day, "day");
        lines = List.copyOf(lines);
    }

    /** What the lines of a kind add up to. */
    public Money total(Kind kind) {
        return lines.stream().filter(l -> l.kind() == kind).map(Line::amount).reduce(Money.ZERO, Money::plus);
    }
}
