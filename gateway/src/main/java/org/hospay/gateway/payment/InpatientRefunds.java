package org.hospay.gateway.payment;

import java.util.UUID;
import org.hospay.channels.Money;
import org.hospay.gateway.terminal.Terminal;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Refunds of inpatient money for the inpatient feature: a deposit's self-pay leg refunded on its own channel by the
 * refund machinery every payment uses (reservation per leg, a refund number kept across retries, unconfirmed
 * outcomes retried by recovery), executed without the window's approval step.
 */
@Service
public class InpatientRefunds {

    /** A refund as it stands: SUCCEEDED, FAILED (declined; nothing moved) or PENDING (outcome being confirmed). */
    public record Result(UUID refundId, UUID paymentId, String status, long amountFen, String failureCode) {
        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }

        public boolean failed() {
            return "FAILED".equals(status);
        }
    }

    private final RefundService refunds;

    InpatientRefunds(RefundService refunds) {
        this.refunds = refunds;
    }

    /** Refunds {@code amount} of the deposit payment; the same key answers the same refund as it is now. */
    public Mono<Result> refund(Terminal by, UUID paymentId, String key, Money amount, String reason) {
        return refunds.refundInpatient(by, paymentId, key, amount.fen(), reason).map(InpatientRefunds::result);
    }

    public Mono<Result> find(UUID refundId) {
        return refunds.find(refundId).map(InpatientRefunds::result);
    }

    private static Result result(RefundService.RefundView v) {
        return new Result(v.refundId(), v.paymentId(), v.status(), v.amountFen(), v.failureCode());
    }
}
