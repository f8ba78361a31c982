package org.hospay.gateway.finance;

import java.time.LocalDate;
import org.hospay.channels.Outcome;
import org.hospay.channels.bank.CreditBank;
import org.hospay.gateway.finance.Booking.State;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The credit bank (pay-after care) as a counterparty: what the bank says it booked for a day, its result file of
 * the day's batch (each consumption deducted or refused, each credit refund credited or refused), against our
 * consumption and credit refund rows of that batch ({@link OurBooks#bank}). A day without a batch has nothing
 * with the bank. The result is read whole: a day's batch is one fixed-width file the bank answers at once, a
 * few hundred lines, not a statement to stream.
 *
 * <p>Nothing is resolved by the job: the credit jobs already apply the result file once; a difference after that
 * means the bank changed its mind, for a person to look at.
 */
final class BankBooks implements Counterparty {

    static final String NAME = "BANK";

    private final CreditBank bank;
    private final OurBooks ours;

    BankBooks(CreditBank bank, OurBooks ours) {
        this.bank = bank;
        this.ours = ours;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Flux<Booking> theirs(LocalDate day) {
        return ours.creditBatch(day).flatMapMany(b -> "APPLIED".equals(b.status())
                ? bank.fetchResult(b.batchNo()).flatMapMany(o -> switch (o) {
                    case Outcome.Succeeded<CreditBank.BatchResult> s -> Flux.fromIterable(s.value().lines()).map(BankBooks::booking);
                    case Outcome.Declined<CreditBank.BatchResult> d -> Flux.<Booking>error(new IllegalStateException(
                            "the bank refused the result of " + b.batchNo() + ": " + d.code() + " " + d.message()));
                    case Outcome.Pending<CreditBank.BatchResult> p -> Flux.<Booking>error(new IllegalStateException(
                            "the bank has no result of " + b.batchNo() + " yet"));
                    case Outcome.Unknown<CreditBank.BatchResult> u -> Flux.<Booking>error(new IllegalStateException(
                            "the result of " + b.batchNo() + ": " + u.cause()));
                })
                // Reconciling before the credit jobs applied the result would find every line in flight.
                : Flux.error(new IllegalStateException("the credit batch " + b.batchNo() + " is " + b.status() + ", not applied yet: run it later")));
    }

    /** A result line: deducted or credited (00) is money moved for what it says; any other code moved nothing. */
    static Booking booking(CreditBank.ResultLine l) {
        String ref = (l.refund() ? "F:" : "C:") + l.consumptionId();
        return l.result() == CreditBank.LineResult.DEDUCTED
                ? Booking.theirs(ref, l.deducted().fen(), State.BOOKED)
                : Booking.theirs(ref, l.amount().fen(), State.CANCELLED);
    }

    @Override
    public Flux<Booking> ours(LocalDate day) {
        return ours.bank(day);
    }

    @Override
    public Mono<String> resolve(Difference difference) {
        return Mono.empty();
    }
}
