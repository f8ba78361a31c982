package org.hospay.gateway.payment;

import java.util.UUID;
import reactor.core.publisher.Mono;
import org.springframework.stereotype.Component;

/**
 * What finance may ask of a leg after the fact (docs/finance.md): take back a charge the counterparty
 * booked although the leg ended without money (a one-sided charge found by reconciliation), and try a
 * leg's undo again after finance cleared what blocked it. Both go through the engine's own compensation
 * path ({@link Compensator}: written down before every try, resumed by recovery), never around it.
 */
@Component
public class LegReview {

    private final PaymentRepository repo;
    private final LegDrivers drivers;
    private final Compensator compensator;

    LegReview(PaymentRepository repo, LegDrivers drivers, Compensator compensator) {
        this.repo = repo;
        this.drivers = drivers;
        this.compensator = compensator;
    }

    /**
     * Undoes the leg's charge with its driver's undo ladder (refund, then reversal); the leg's status
     * afterwards (COMPENSATED, or NEEDS_REVIEW when the counterparty refused). Errors when there is no such leg.
     */
    public Mono<String> takeBack(UUID paymentId, UUID legId) {
        return leg(paymentId, legId).flatMap(this::undo);
    }

    /**
     * Tries the leg's undo again: its compensations refused for good (MANUAL) are opened again and the
     * ladder climbed from the first tool not known to be refused; the leg's status afterwards.
     */
    public Mono<String> retry(UUID paymentId, UUID legId) {
        return leg(paymentId, legId)
                .flatMap(leg -> repo.compensations(paymentId)
                        .filter(c -> c.legId().equals(legId) && c.status() == CompensationStatus.MANUAL)
                        .concatMap(c -> repo.compensationTried(c.compensationId(), CompensationStatus.PENDING, "retried by finance"))
                        .then(Mono.just(leg)))
                .flatMap(this::undo);
    }

    private Mono<LegRow> leg(UUID paymentId, UUID legId) {
        return repo.legs(paymentId).filter(l -> l.legId().equals(legId)).next()
                .switchIfEmpty(Mono.error(() -> new IllegalArgumentException("payment " + paymentId + " has no leg " + legId)));
    }

    private Mono<String> undo(LegRow leg) {
        return repo.find(leg.paymentId()).flatMap(p -> drivers.of(leg)
                .map(d -> compensator.takeBack(leg, d.undo(new LegDriver.LegCall(p, leg, null, null)), LegStatus.COMPENSATED))
                .orElseGet(() -> Mono.error(new IllegalStateException("leg " + leg.legId() + " has no driver"))))
                .map(l -> l.status().name());
    }

}
