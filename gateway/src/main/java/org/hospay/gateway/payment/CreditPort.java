package org.hospay.gateway.payment;

import java.util.UUID;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What the engine needs from credit care (信用就医 / 医后付, docs/credit.md): who holds an enrolled hospital
 * card, the dynamic credit code the mini-program shows, and the consumption of a self-pay leg against the
 * card's credit line. Implemented in package {@code credit}. Methods never throw: every result is an
 * {@link Outcome} or an empty Mono.
 *
 * <p>A consumption is keyed by the leg's request id: consuming again under the same id answers the first
 * consumption and reserves nothing more.
 */
public interface CreditPort {

    /** The enrolled holder of a card; {@code blacklisted}: no new credit (debt still collectable). */
    record Holder(String cardNo, String idNo, String masked, boolean blacklisted, long availableFen) {}

    /** One self-pay leg put on the card's credit line. */
    record Consumption(UUID paymentId, String hospitalId, String cardNo, String billNo, String requestId, Money amount) {}

    /** The enrolled holder of a card; empty when the card is not enrolled. */
    Mono<Holder> holder(String hospitalId, String cardNo);

    /** Whether a scanned text is meant to be a dynamic credit code (by its prefix; not whether it is valid). */
    boolean isCreditCode(String raw);

    /**
     * Verifies a dynamic credit code (signature, expiry) and claims it (single use). Errors with the
     * gateway's ApiException (400 CREDIT_CODE_INVALID / CREDIT_CODE_EXPIRED / CREDIT_CODE_REPLAYED,
     * 422 CREDIT_BLACKLISTED) when it cannot pay.
     */
    Mono<Holder> redeem(String hospitalId, String raw);

    /**
     * Reserves the amount on the card's line and records the consumption, atomically. Declined
     * CREDIT_LINE_EXCEEDED (message names the available amount), CREDIT_BLACKLISTED, CREDIT_NOT_ENROLLED.
     */
    Mono<Outcome<ChargePort.Charge>> consume(Consumption consumption);

    /** The consumption under this request id: Succeeded when it holds the line, Declined when there is none. */
    Mono<Outcome<ChargePort.Charge>> query(String requestId);

    /** Takes a consumption back wholly (a payment that failed after it): the line is restored. */
    Mono<Outcome<ChargePort.Reversal>> reverse(String requestId);

    /** Refunds (part of) a consumption: restores the line; leaves the batch, or goes to the bank as a credit refund. */
    Mono<Outcome<ChargePort.Charge>> refund(String requestId, String outRefundNo, Money amount);
}
