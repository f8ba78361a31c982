package org.hospay.gateway.payment;

import java.math.BigDecimal;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import reactor.core.publisher.Mono;
import org.springframework.stereotype.Component;

/**
 * What finance may ask of a leg after the fact (docs/finance.md): take back a charge the counterparty
 * booked although the leg ended without money (a one-sided charge found by reconciliation), and try a
 * leg's undo again after finance cleared what blocked it. Both go through the engine's own compensation
 * path ({@link Compensator}: written down before every try, resumed by recovery), never around it. A refund
 * finance asks for of money a succeeded payment kept goes through the window's refund path instead
 * ({@link RefundService}): a refund row, the payment REFUNDED or PARTIALLY_REFUNDED, its receipt red-flushed.
 */
@Component
public class LegReview {

    private final PaymentRepository repo;
    private final LegDrivers drivers;
    private final Compensator compensator;

    private final RefundService refunds;

    LegReview(PaymentRepository repo, LegDrivers drivers, Compensator compensator, RefundService refunds) {
        this.repo = repo;
        this.drivers = drivers;
        this.compensator = compensator;
        this.refunds = refunds;
    }

    /**
     * What finance's refund of a leg did. {@code refundId} set: a refund by the normal path, {@code status} the
     * refund's (SUCCEEDED, PENDING, APPROVAL_REQUIRED, FAILED); null: the leg was undone by compensation (its
     * money never belonged to a succeeded payment), {@code status} the leg's (COMPENSATED, NEEDS_REVIEW).
     */
    public record Refunded(UUID refundId, String status) {}

    /**
     * Gives a leg's money back. The leg of a payment that succeeded and kept it is refunded like a window refund
     * (idempotent by {@code key} at {@code by}; a self-pay leg by what it still holds, any other leg by refunding
     * everything still refundable, as the refund rules allow only the self-pay part to be refunded in part), so
     * the payment ends REFUNDED or PARTIALLY_REFUNDED and the refund is recorded and audited like any other.
     * Money taken by a leg that did not end SUCCEEDED (a one-sided charge, a leg parked for review) is undone by
     * compensation, as {@link #takeBack}.
     */
    public Mono<Refunded> refund(Terminal by, UUID paymentId, UUID legId, String key, String reason) {
        return leg(paymentId, legId).flatMap(leg -> repo.find(paymentId).flatMap(p -> {
            boolean kept = (p.status() == PaymentStatus.SUCCEEDED || p.status() == PaymentStatus.PARTIALLY_REFUNDED)
                    && leg.status() == LegStatus.SUCCEEDED;
            if (!kept) return undo(leg).map(status -> new Refunded(null, status));
            long left = leg.amountFen() - leg.refundedFen();
            if (left <= 0) return Mono.error(ApiException.conflict("NOT_REFUNDABLE", "leg " + legId + " has been refunded in full"));
            BigDecimal amount = leg.kind() == LegRow.Kind.SELF_PAY ? BigDecimal.valueOf(left) : null;
            String why = reason == null || reason.isBlank() ? "finance review" : reason.length() > 200 ? reason.substring(0, 200) : reason;
            return refunds.refund(by, paymentId, key, new RefundService.RefundRequest(amount, why, null))
                    .map(v -> new Refunded(v.refundId(), v.status()));
        }));
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
