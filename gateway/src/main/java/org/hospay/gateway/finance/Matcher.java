package org.hospay.gateway.finance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.finance.Booking.State;
import org.hospay.gateway.finance.Difference.Kind;

/**
 * Matches one day of one counterparty: our bookings are held by reference; their statement is fed in line
 * by line ({@link #theirs}), each line matched and forgotten; {@link #finish} reports what of ours their
 * statement never named. Pure and single-threaded (the caller feeds it from one stream).
 */
final class Matcher {

    private final LocalDate day;
    private final String counterparty;
    private final Map<String, Booking> ours = new HashMap<>();
    private final List<Difference> differences = new ArrayList<>();
    private long theirLines;
    private long matched;

    Matcher(LocalDate day, String counterparty) {
        this.day = day;
        this.counterparty = counterparty;
    }

    void ours(Booking b) {
        Booking previous = ours.put(b.ref(), b);
        if (previous != null) ours.put(b.ref(), new Booking(b.ref(), previous.fen() + b.fen(), b.state(), b.paymentId(), b.legId()));
    }

    int oursCount() {
        return ours.size();
    }

    void theirs(Booking line) {
        theirLines++;
        Booking mine = ours.remove(line.ref());
        Kind kind = classify(mine, line);
        if (kind == null) matched++;
        else differences.add(new Difference(day, counterparty, line.ref(), kind, mine, line));
    }

    /** The differences, once their statement has been read to the end. */
    List<Difference> finish() {
        for (Booking mine : ours.values()) {
            if (mine.state() == State.BOOKED) differences.add(new Difference(day, counterparty, mine.ref(), Kind.HERE_NOT_THERE, mine, null));
        }
        ours.clear();
        return differences;
    }

    long theirLines() {
        return theirLines;
    }

    long matched() {
        return matched;
    }

    /** Null when the two sides agree. */
    static Kind classify(Booking mine, Booking theirs) {
        if (theirs.state() == State.CANCELLED) {
            if (mine == null) return null; // void on their side, nothing on ours
            return mine.state() == State.BOOKED ? Kind.STATUS_MISMATCH : null;
        }
        if (mine == null) return Kind.THERE_NOT_HERE;
        return switch (mine.state()) {
            case BOOKED -> mine.fen() == theirs.fen() ? null : Kind.AMOUNT_MISMATCH;
            // Given back, or already in a person's hands: the statement may list it; nothing new to report.
            case RETURNED, REVIEW -> null;
            case DECLINED, IN_FLIGHT -> Kind.STATUS_MISMATCH;
            case CANCELLED -> Kind.STATUS_MISMATCH;
        };
    }
}
