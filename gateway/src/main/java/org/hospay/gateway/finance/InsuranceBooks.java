package org.hospay.gateway.finance;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.StatementCheck;
import org.hospay.channels.insurance.InsurancePlatform.StatementLine;
import org.hospay.channels.insurance.InsurancePlatform.StatementTotals;
import org.hospay.gateway.finance.Booking.State;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The insurance platform as a counterparty: first 3201 (对总账) per fund type (insutype) and clearing type
 * (clr_type 11 outpatient, 21 inpatient) with our totals of the day's valid settlements; only when one of them
 * differs, 3202 (对明细账) lines of the day against our settlements by setl_id. Nothing here is resolved
 * automatically: a settlement difference goes to the worklist (the platform's 2208/2601 belong to the refund and
 * the engine, not to the job).
 */
final class InsuranceBooks implements Counterparty {

    /** The fund types every day is checked for, besides those we settled: employee (310) and resident (390) basic insurance. */
    private static final List<String> FUND_TYPES = List.of("310", "390");
    /** The clearing types every fund type is checked for: outpatient (11) and inpatient (21). */
    private static final List<String> CLEARING_TYPES = List.of("11", "21");

    private final InsurancePlatform platform;
    private final OurBooks ours;
    private final String settlementArea;

    InsuranceBooks(InsurancePlatform platform, OurBooks ours, String settlementArea) {
        this.platform = platform;
        this.ours = ours;
        this.settlementArea = settlementArea;
    }

    @Override
    public String name() {
        return "INSURANCE";
    }

    private record Totals(long medfee, long fund, long acct, long count) {
        Totals plus(OurBooks.Settlement s) {
            return new Totals(medfee + s.medfeeFen(), fund + s.fundFen(), acct + s.accountFen(), count + 1);
        }
    }

    @Override
    public Mono<Boolean> totalsAgree(LocalDate day) {
        return ours.insurance(day)
                .filter(s -> s.booking().state() == State.BOOKED)
                .reduce(new TreeMap<Kind, Totals>(), (byKind, s) -> {
                    byKind.merge(new Kind(s.insutype(), s.clrType()), new Totals(0, 0, 0, 0).plus(s), (a, b) -> a.plus(s));
                    return byKind;
                })
                .flatMap(byKind -> {
                    FUND_TYPES.forEach(t -> CLEARING_TYPES.forEach(c -> byKind.putIfAbsent(new Kind(t, c), new Totals(0, 0, 0, 0))));
                    return Flux.fromIterable(byKind.entrySet()).concatMap(e -> check(day, e)).all(Boolean::booleanValue);
                });
    }

    /** What one 3201 totals: a fund type's settlements of one clearing type. */
    private record Kind(String insutype, String clrType) implements Comparable<Kind> {
        @Override
        public int compareTo(Kind o) {
            int c = insutype.compareTo(o.insutype);
            return c != 0 ? c : clrType.compareTo(o.clrType);
        }
    }

    private Mono<Boolean> check(LocalDate day, Map.Entry<Kind, Totals> e) {
        Totals t = e.getValue();
        var ours = new StatementTotals(day, day, e.getKey().insutype(), e.getKey().clrType(), settlementArea, Money.ofFen(t.medfee()),
                Money.ofFen(t.fund()), Money.ofFen(t.acct()), t.count());
        return platform.reconcileTotals(platform.newMsgId(), ours).flatMap(o -> switch (o) {
            case Outcome.Succeeded<StatementCheck> s -> Mono.just(s.value().balanced());
            case Outcome.Declined<StatementCheck> d -> Mono.error(new IllegalStateException("3201 refused: " + d.code() + " " + d.message()));
            case Outcome.Pending<StatementCheck> p -> Mono.error(new IllegalStateException("3201 pending"));
            case Outcome.Unknown<StatementCheck> u -> Mono.error(new IllegalStateException("3201: " + u.cause()));
        });
    }

    @Override
    public Flux<Booking> theirs(LocalDate day) {
        return platform.reconcileDetails(platform.newMsgId(), day, day).flatMapMany(o -> switch (o) {
            case Outcome.Succeeded<List<StatementLine>> s -> Flux.fromIterable(s.value());
            case Outcome.Declined<List<StatementLine>> d -> Flux.<StatementLine>error(new IllegalStateException("3202 refused: " + d.code() + " " + d.message()));
            case Outcome.Pending<List<StatementLine>> p -> Flux.<StatementLine>error(new IllegalStateException("3202 pending"));
            case Outcome.Unknown<List<StatementLine>> u -> Flux.<StatementLine>error(new IllegalStateException("3202: " + u.cause()));
        }).map(l -> Booking.theirs("S:" + l.setlId(), l.fundPaySumamt().fen() + l.acctPay().fen(), l.valid() ? State.BOOKED : State.CANCELLED));
    }

    @Override
    public Flux<Booking> ours(LocalDate day) {
        return ours.insurance(day).map(OurBooks.Settlement::booking);
    }
}
