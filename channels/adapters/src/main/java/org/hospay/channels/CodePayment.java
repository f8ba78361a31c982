package org.hospay.channels;

import reactor.core.publisher.Mono;

/**
 * Charging a customer-presented payment code (付款码: the merchant scans the customer), and the order
 * that charge made: WeChat Pay, Alipay, UnionPay. Failure semantics: {@link ChannelCapability}.
 */
public interface CodePayment extends ChannelCapability {

    /**
     * Charges a scanned payment code. Succeeded = paid; Pending = the customer must confirm (password),
     * query on the channel's schedule; Declined = definitely not paid (e.g. {@code INSUFFICIENT_FUNDS},
     * {@code CODE_EXPIRED}, {@code CODE_INVALID}, {@code CODE_USED}).
     */
    Mono<Outcome<Charge>> charge(ChargeRequest request);

    /**
     * The order's state now. Succeeded = paid (also when refunds followed); Pending = still waiting for
     * the customer; Declined = definitely not paid ({@code ORDER_NOT_FOUND}, {@code ORDER_CLOSED},
     * {@code ORDER_REVERSED}, {@code PAYMENT_FAILED} or the decline reason the vendor kept).
     */
    Mono<Outcome<Charge>> query(String outTradeNo);

    /**
     * Closes the order whatever its state (returning the money if it was paid). Call again while the
     * result says {@link Reversal#retry()} or is Unknown. Declined = the vendor refuses to reverse
     * (e.g. {@code REVERSE_EXPIRED}: older than the vendor's window, refund instead).
     */
    Mono<Outcome<Reversal>> reverse(String outTradeNo);
}
