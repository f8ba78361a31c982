package org.hospay.gateway.finance;

import java.time.LocalDate;
import java.util.Objects;
import org.hospay.channels.Channel;
import org.hospay.channels.Outcome;
import org.hospay.channels.Statement;
import org.hospay.channels.StatementUnavailable;
import org.hospay.channels.Statements;
import org.hospay.gateway.finance.Booking.State;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.LegReview;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A payment-code channel (WeChat Pay, Alipay, UnionPay) as a counterparty: its daily statement (the
 * adapter's {@link Statements}) against our charges, deductions and refunds on it.
 *
 * <p>Safe resolutions: our charge missing from the statement is queried; when the channel confirms it with
 * the same amount, it was booked outside this statement (late, or on its next day) and nothing is owed.
 * A charge the statement lists while our leg ended without money (declined) is queried; when the channel
 * confirms the money was taken, it is a one-sided charge and is refunded through the payment's
 * compensation path ({@link LegReview#takeBack}). Everything else goes to the worklist.
 */
final class CodeChannelBooks implements Counterparty {

    private final Channel channel;
    private final Statements statements;
    private final OurBooks ours;
    private final ChargePort charges;
    private final LegReview legs;

    /** {@code statements} null: the channel's adapter offers no statement yet. */
    CodeChannelBooks(Channel channel, Statements statements, OurBooks ours, ChargePort charges, LegReview legs) {
        this.channel = channel;
        this.statements = statements;
        this.ours = ours;
        this.charges = charges;
        this.legs = legs;
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public boolean hasStatement() {
        return statements != null;
    }

    @Override
    public Flux<Booking> theirs(LocalDate day) {
        return statements.statement(day)
                .onErrorResume(e -> e instanceof StatementUnavailable u && u.outcome() instanceof Outcome.Declined<?> d
                        && ("NO_STATEMENT".equals(d.code()) || "BILL_NOT_EXIST".equals(d.code())), e -> Flux.empty())
                .onErrorMap(StatementUnavailable.class, e -> new IllegalStateException(name() + " statement of " + day + ": " + e.getMessage(), e))
                .<Booking>handle((line, sink) -> {
                    Booking b = booking(line);
                    if (b != null) sink.next(b);
                });
    }

    /** A statement line as a booking; null for lines that are not money we track (reversals, other kinds). */
    static Booking booking(Statement.Line line) {
        return switch (line.kind()) {
            case PAYMENT -> Booking.theirs("P:" + line.outTradeNo(), line.amount().fen(), State.BOOKED);
            // A reversal that returned money shows as a refund under the order number on some bills: not a refund of ours.
            case REFUND -> line.outRefundNo() == null || Objects.equals(line.outRefundNo(), line.outTradeNo())
                    ? null : Booking.theirs("R:" + line.outRefundNo(), line.amount().fen(), State.BOOKED);
            case REVERSAL, OTHER -> null;
        };
    }

    @Override
    public Flux<Booking> ours(LocalDate day) {
        return ours.codeChannel(channel.name(), day);
    }

    @Override
    public Mono<String> resolve(Difference d) {
        if (!d.ref().startsWith("P:")) return Mono.empty();
        String outTradeNo = d.ref().substring(2);
        return switch (d.kind()) {
            case HERE_NOT_THERE -> charges.query(channel, outTradeNo).flatMap(o ->
                    o instanceof Outcome.Succeeded<ChargePort.Charge> s && s.value().amount().fen() == d.ours().fen()
                            ? Mono.just("the channel's query confirms the charge (" + s.value().channelTradeNo()
                                    + "): booked outside this statement, nothing owed")
                            : Mono.empty());
            case STATUS_MISMATCH -> d.ours().state() != State.DECLINED || d.legId() == null ? Mono.empty()
                    : charges.query(channel, outTradeNo).flatMap(o -> o instanceof Outcome.Succeeded<ChargePort.Charge>
                            ? legs.takeBack(d.paymentId(), d.legId()).flatMap(status -> "COMPENSATED".equals(status)
                                    ? Mono.just("one-sided charge: the channel took the money of a failed leg; refunded by compensation")
                                    : Mono.empty())
                            : Mono.empty());
            case THERE_NOT_HERE, AMOUNT_MISMATCH -> Mono.empty();
        };
    }
}
