package org.hospay.gateway.inpatient;

import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.gateway.payment.InpatientRefunds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drives a stay's deposit refund rows to a decision, newest deposit first, through the payment engine's refunds (so
 * each refund is reserved, numbered and recorded like any other). A declined refund is tried again under a new key up to
 * {@code refund-attempts} times, then lands on the review list; one that was not sent (channel unreachable, circuit
 * open) is tried again on every pass. An unconfirmed one keeps its refund (retried by the engine with the same refund
 * number, never twice). Either goes to the review list after {@code review-after} — and is still followed, so a late
 * success is recorded.
 */
@Component
class DepositRefunds {

    private static final Logger log = LoggerFactory.getLogger(DepositRefunds.class);
    /** Declines that say the refund was not sent at all: tried again without counting against the attempts. */
    static final java.util.Set<String> TRANSIENT = java.util.Set.of(DeclineCodes.CHANNEL_UNAVAILABLE, DeclineCodes.CHANNEL_BUSY);

    private final StayStore store;
    private final InpatientRefunds refunds;
    private final InpatientProperties props;

    DepositRefunds(StayStore store, InpatientRefunds refunds, InpatientProperties props) {
        this.store = store;
        this.refunds = refunds;
        this.props = props;
    }

    /** One pass over the stay's open rows, one after the other; an error on a row leaves it for the next pass. */
    Mono<Void> drive(java.util.UUID stayId) {
        return store.openRefunds(stayId)
                .concatMap(row -> drive(row).onErrorResume(e -> {
                    log.warn("deposit refund {} of stay {} not decided yet: {}", row.rowId(), stayId, e.toString());
                    return Mono.empty();
                }))
                .then();
    }

    /** Recent decisions, the first time through: a row declined once is tried again right away (bounded by attempts). */
    private Mono<Void> drive(RefundRow row) {
        Mono<InpatientRefunds.Result> current = row.refundId() != null
                ? refunds.find(row.refundId())
                : refunds.refund(row.by(), row.paymentId(), row.key(), Money.ofFen(row.amountFen()), "住院预交金退款 " + row.reason())
                        .flatMap(r -> store.refundSent(row.rowId(), row.attempt(), r.refundId()).thenReturn(r));
        return current.flatMap(r -> decide(row, r));
    }

    private Mono<Void> decide(RefundRow row, InpatientRefunds.Result r) {
        if (r.succeeded()) {
            return store.refundDecided(row.rowId(), row.attempt(), RefundRow.Status.SUCCEEDED, row.attempt(), false, null);
        }
        boolean overdue = row.createdAt().plus(props.reviewAfter()).isBefore(store.now());
        if (r.failed()) {
            int next = row.attempt() + 1;
            // Not sent (the channel unreachable, its circuit open, busy): tried again on later passes, as long as it
            // takes; past review-after a person is told, and it is still tried.
            if (TRANSIENT.contains(r.failureCode())) {
                RefundRow.Status status = overdue ? RefundRow.Status.NEEDS_REVIEW : RefundRow.Status.PENDING;
                return store.refundDecided(row.rowId(), row.attempt(), status, next, true, r.failureCode());
            }
            if (row.status() == RefundRow.Status.NEEDS_REVIEW) return Mono.empty(); // a person decides from here
            if (next >= props.refundAttempts()) {
                log.warn("deposit refund {} of stay {} declined {} times ({}): on the review list", row.rowId(), row.stayId(), next,
                        r.failureCode());
                return store.refundDecided(row.rowId(), row.attempt(), RefundRow.Status.NEEDS_REVIEW, next, true, r.failureCode());
            }
            return store.refundDecided(row.rowId(), row.attempt(), RefundRow.Status.PENDING, next, true, r.failureCode());
        }
        // Unconfirmed: the engine retries it with the same refund number; past review-after a person looks too.
        return overdue && row.status() == RefundRow.Status.PENDING
                ? store.refundDecided(row.rowId(), row.attempt(), RefundRow.Status.NEEDS_REVIEW, row.attempt(), false, "UNCONFIRMED")
                : Mono.empty();
    }

    /** Rows decided for the stay so far, for callers that loop until none is open. */
    Flux<RefundRow> open(java.util.UUID stayId) {
        return store.openRefunds(stayId);
    }
}
