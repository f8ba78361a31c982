package org.hospay.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hospay.channels.Money;
import org.hospay.channels.Statement;
import org.hospay.gateway.finance.Booking.State;
import org.junit.jupiter.api.Test;

class MatcherTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 4);

    private static Booking ours(String ref, long fen, State state) {
        return new Booking(ref, fen, state, UUID.randomUUID(), UUID.randomUUID());
    }

    private static List<Difference> match(List<Booking> ours, List<Booking> theirs) {
        Matcher m = new Matcher(DAY, "WECHAT");
        ours.forEach(m::ours);
        theirs.forEach(m::theirs);
        return m.finish();
    }

    @Test
    void aDayWhereBothSidesBookedTheSameHasNoDifference() {
        var d = match(List.of(ours("P:1", 100, State.BOOKED), ours("R:R1", 40, State.BOOKED)),
                List.of(Booking.theirs("P:1", 100, State.BOOKED), Booking.theirs("R:R1", 40, State.BOOKED)));
        assertThat(d).isEmpty();
    }

    @Test
    void eachKindOfDifferenceIsClassified() {
        var d = match(List.of(ours("P:mine", 100, State.BOOKED), ours("P:amount", 100, State.BOOKED), ours("P:failed", 100, State.DECLINED),
                        ours("P:open", 100, State.IN_FLIGHT)),
                List.of(Booking.theirs("P:amount", 90, State.BOOKED), Booking.theirs("P:theirs", 70, State.BOOKED),
                        Booking.theirs("P:failed", 100, State.BOOKED), Booking.theirs("P:open", 100, State.BOOKED)));
        assertThat(d).extracting(Difference::ref, Difference::kind).containsExactlyInAnyOrder(
                tuple("P:mine", Difference.Kind.HERE_NOT_THERE), tuple("P:amount", Difference.Kind.AMOUNT_MISMATCH),
                tuple("P:theirs", Difference.Kind.THERE_NOT_HERE), tuple("P:failed", Difference.Kind.STATUS_MISMATCH),
                tuple("P:open", Difference.Kind.STATUS_MISMATCH));
    }

    @Test
    void moneyGivenBackOrAlreadyUnderReviewIsNoNewDifferenceWhetherListedOrNot() {
        var d = match(List.of(ours("P:reversed", 100, State.RETURNED), ours("P:review", 100, State.REVIEW), ours("P:declined", 100, State.DECLINED)),
                List.of(Booking.theirs("P:reversed", 100, State.BOOKED)));
        assertThat(d).isEmpty();
    }

    @Test
    void aSettlementTheyVoidedButWeHoldValidIsAStatusMismatch() {
        var d = match(List.of(ours("S:1", 100, State.BOOKED), ours("S:2", 100, State.RETURNED)),
                List.of(Booking.theirs("S:1", 100, State.CANCELLED), Booking.theirs("S:2", 100, State.CANCELLED)));
        assertThat(d).extracting(Difference::ref, Difference::kind).containsExactly(tuple("S:1", Difference.Kind.STATUS_MISMATCH));
    }

    @Test
    void statementLinesBecomeBookingsByTheReferenceBothSidesShare() {
        Instant at = Instant.parse("2026-12-04T02:00:00Z");
        assertThat(CodeChannelBooks.booking(new Statement.Line(Statement.Kind.PAYMENT, "P123", "4200", null, Money.ofFen(5350), at)))
                .isEqualTo(Booking.theirs("P:P123", 5350, State.BOOKED));
        assertThat(CodeChannelBooks.booking(new Statement.Line(Statement.Kind.REFUND, "P123", "5030", "R456", Money.ofFen(1000), at)))
                .isEqualTo(Booking.theirs("R:R456", 1000, State.BOOKED));
        // A reversal shown as a refund under the order number is not a refund of ours.
        assertThat(CodeChannelBooks.booking(new Statement.Line(Statement.Kind.REFUND, "P123", "4200", "P123", Money.ofFen(5350), at))).isNull();
        assertThat(CodeChannelBooks.booking(new Statement.Line(Statement.Kind.REVERSAL, "P123", "4200", null, Money.ofFen(5350), at))).isNull();
    }
}
