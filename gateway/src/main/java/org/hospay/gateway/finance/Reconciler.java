package org.hospay.gateway.finance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reconciles a day with counterparties: our side of the day is read and held by reference, their statement
 * is streamed through the {@link Matcher}, every difference is stored, then each is offered to its
 * counterparty's safe resolution; what stays open is the worklist's. Counterparties run one after another
 * (their statements are large; the database and the channels are shared with payments).
 */
@Component
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** Resolutions (each may query a channel or refund) run this many at a time. */
    private static final int RESOLVE_CONCURRENCY = 8;

    private final List<Counterparty> counterparties;
    private final ReconStore store;

    Reconciler(List<Counterparty> counterparties, ReconStore store) {
        this.counterparties = counterparties;
        this.store = store;
    }

    Set<String> names() {
        return counterparties.stream().map(Counterparty::name).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Reconciles {@code day} with the named counterparties (all when empty); the runs as stored. */
    Flux<ReconStore.Run> reconcile(LocalDate day, Collection<String> only) {
        return Flux.fromIterable(counterparties)
                .filter(c -> only.isEmpty() || only.contains(c.name()))
                .concatMap(c -> reconcile(day, c));
    }

    private Mono<ReconStore.Run> reconcile(LocalDate day, Counterparty c) {
        Instant started = store.now();
        if (!c.hasStatement()) {
            return store.finished(day, c.name(), "UNSUPPORTED", 0, 0, 0, "the adapter offers no statement for " + c.name(), started);
        }
        return c.totalsAgree(day).flatMap(agree -> agree
                        ? c.ours(day).count().flatMap(n -> store.closeNotFoundSince(day, c.name(), started)
                                .then(store.finished(day, c.name(), "DONE", 0, n, n, "totals agree", started)))
                        : details(day, c, started))
                .onErrorResume(e -> {
                    log.warn("reconciliation of {} with {} failed: {}", day, c.name(), e.toString());
                    return store.finished(day, c.name(), "FAILED", 0, 0, 0, e.getMessage() == null ? e.toString() : e.getMessage(), started);
                });
    }

    private Mono<ReconStore.Run> details(LocalDate day, Counterparty c, Instant started) {
        Matcher m = new Matcher(day, c.name());
        return c.ours(day).doOnNext(m::ours).then(Mono.fromCallable(m::oursCount))
                .flatMap(ours -> c.theirs(day).doOnNext(m::theirs).then(Mono.fromCallable(m::finish))
                        .flatMapMany(Flux::fromIterable)
                        .flatMap(d -> store.found(d).flatMap(stored -> "OPEN".equals(stored.status()) ? settle(c, d, stored) : Mono.empty()),
                                RESOLVE_CONCURRENCY)
                        .then(store.closeNotFoundSince(day, c.name(), started))
                        .then(Mono.defer(() -> store.finished(day, c.name(), "DONE", m.theirLines(), ours, m.matched(), null, started))));
    }

    /** Offers an open difference to its counterparty's safe resolution; a failed attempt leaves it open. */
    private Mono<Void> settle(Counterparty c, Difference d, ReconStore.Stored stored) {
        return c.resolve(d)
                .flatMap(how -> store.resolve(stored.id(), how))
                .onErrorResume(e -> {
                    log.warn("resolution of {} {} ({}) failed, left open: {}", c.name(), d.ref(), d.kind(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** Tries the safe resolution of one stored open difference again (the worklist's retry). */
    Mono<Boolean> retry(ReconStore.Stored s) {
        Counterparty c = counterparties.stream().filter(x -> x.name().equals(s.counterparty())).findFirst().orElse(null);
        if (c == null) return Mono.just(false);
        Difference d = new Difference(s.day(), s.counterparty(), s.ref(), Difference.Kind.valueOf(s.kind()),
                s.ourStatus() == null ? null : new Booking(s.ref(), s.ourFen(), Booking.State.valueOf(s.ourStatus()), s.paymentId(), s.legId()),
                s.theirStatus() == null ? null : Booking.theirs(s.ref(), s.theirFen(), Booking.State.valueOf(s.theirStatus())));
        return c.resolve(d).flatMap(how -> store.resolve(s.id(), how)).defaultIfEmpty(false);
    }
}
