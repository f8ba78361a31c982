package org.hospay.channels;

import reactor.core.publisher.Mono;

/**
 * One payment channel (WeChat Pay, Alipay, UnionPay) as the payment engine sees it. Implemented by
 * {@code org.hospay.channels.wechat.WechatPayChannel}, {@code org.hospay.channels.alipay.AlipayChannel}
 * and {@code org.hospay.channels.unionpay.UnionPayChannel}.
 *
 * <p>Every method returns a {@link Mono} that never errors and never throws: what happened is the
 * {@link Outcome}. A request that provably never left (connection refused, unknown host, our own
 * signing failed) is {@link Outcome.Declined} with {@link DeclineCodes#CHANNEL_UNAVAILABLE} or
 * {@link DeclineCodes#SIGNING_FAILED}; anything after the request may have left (response timeout,
 * 5xx, unreadable or badly signed answer, the vendor's "system error") is {@link Outcome.Unknown}:
 * query, then decide. Nothing here retries a money-moving call.
 *
 * <p>Declined codes are the stable upper-snake values in {@link DeclineCodes}; the vendor's own code is
 * kept in {@link Outcome.Declined#vendorCode()} for the audit trail.
 */
public interface PaymentChannel {

    ChannelId id();

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

    /** Refunds (part of) a paid order. Pending = accepted, the vendor is still processing: {@link #queryRefund}. */
    Mono<Outcome<Refund>> refund(RefundRequest request);

    Mono<Outcome<Refund>> queryRefund(String outTradeNo, String outRefundNo);

    /**
     * Deducts under a signed withholding agreement (WeChat papay, Alipay agreement). UnionPay has no
     * such product here and answers Declined {@link DeclineCodes#NOT_SUPPORTED} without calling out.
     */
    Mono<Outcome<Charge>> withhold(WithholdRequest request);
}
