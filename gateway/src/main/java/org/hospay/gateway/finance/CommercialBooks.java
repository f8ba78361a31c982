package org.hospay.gateway.finance;

import java.time.LocalDate;
import org.hospay.channels.Outcome;
import org.hospay.channels.StatementUnavailable;
import org.hospay.channels.Statements;
import org.hospay.gateway.payment.CommercialPort;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The commercial insurer as a counterparty: its daily claim statement (claims paid, cancels that gave money
 * back; channels/docs/statements.md) against our COMMERCIAL legs and their cancels ({@link OurBooks#commercial}).
 *
 * <p>Safe resolution: a claim of ours the statement leaves out is queried; when the insurer confirms it paid
 * and not cancelled, for the same amount, it was booked outside this statement and nothing is owed. Every
 * other difference (an amount, a claim we never filed, a cancel missing) is for a person: giving money back
 * to an insurer, or claiming it, is a decision about a patient's cover.
 */
final class CommercialBooks implements Counterparty {

    static final String NAME = "COMMERCIAL";

    private final Statements statements;
    private final OurBooks ours;
    private final CommercialPort insurer;

    CommercialBooks(Statements statements, OurBooks ours, CommercialPort insurer) {
        this.statements = statements;
        this.ours = ours;
        this.insurer = insurer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Flux<Booking> theirs(LocalDate day) {
        return statements.statement(day)
                .onErrorMap(StatementUnavailable.class, e -> new IllegalStateException(NAME + " claim statement of " + day + ": " + e.getMessage(), e))
                .<Booking>handle((line, sink) -> {
                    Booking b = CodeChannelBooks.booking(line);
                    if (b != null) sink.next(b);
                });
    }

    @Override
    public Flux<Booking> ours(LocalDate day) {
        return ours.commercial(day);
    }

    @Override
    public Mono<String> resolve(Difference d) {
        if (d.kind() != Difference.Kind.HERE_NOT_THERE || !d.ref().startsWith("P:")) return Mono.empty();
        return insurer.queryClaim(d.ref().substring(2)).flatMap(o ->
                o instanceof Outcome.Succeeded<CommercialPort.Claim> s && !s.value().cancelled() && s.value().paid().fen() == d.ours().fen()
                        ? Mono.just("the insurer's query confirms the claim (" + s.value().claimNo() + ") paid: booked outside this statement, nothing owed")
                        : Mono.empty());
    }
}
