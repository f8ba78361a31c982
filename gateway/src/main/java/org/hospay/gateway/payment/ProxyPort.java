package org.hospay.gateway.payment;

import java.util.UUID;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What the engine needs from family proxy payment (亲情代付, docs/architecture.md §8): who holds a hospital card, and
 * the deduction of a self-pay leg from the payers bound to it. Implemented in package {@code family}.
 * Methods never throw: every result is an {@link Outcome}.
 *
 * <p>A family-proxy leg has one request id (the leg's) but may make several deductions, one per payer
 * tried; {@link #query}, {@link #reverse} and {@link #refund} act on the deduction that leg made (or is
 * making), on the channel and agreement of the payer it was made from.
 */
public interface ProxyPort {

    /** The card's holder, as the payer who bound it verified them. */
    record Holder(String cardNo, String idNo, String masked) {}

    /** One self-pay leg to deduct: the first payer of the card whose agreement and limits allow it pays. */
    record Deduction(UUID paymentId, String hospitalId, String cardNo, String billNo, String requestId, Money amount) {}

    /** The holder of a card that has bindings (active or not); empty when nobody ever bound it. */
    Mono<Holder> holder(String hospitalId, String cardNo);

    /**
     * Tries the card's payers in priority order. Succeeded = one payer paid; Declined = nobody could
     * (limits, hours, funds, agreement), nothing moved; Pending/Unknown = a payer's deduction is open:
     * {@link #query} it, never deduct again.
     */
    Mono<Outcome<ChargePort.Charge>> deduct(Deduction deduction);

    Mono<Outcome<ChargePort.Charge>> query(String requestId);

    Mono<Outcome<ChargePort.Reversal>> reverse(String requestId);

    /** Refunds (part of) the leg's deduction to the payer's account it came from. */
    Mono<Outcome<ChargePort.Charge>> refund(String requestId, String outRefundNo, Money refund);
}
