package org.hospay.channels;

import reactor.core.publisher.Mono;

/**
 * Refunding (part of) a paid order, whether a scanned code or a withholding deduction paid it.
 * Failure semantics: {@link ChannelCapability}.
 */
public interface Refunds extends ChannelCapability {

    /** Refunds (part of) a paid order. Pending = accepted, the vendor is still processing: {@link #queryRefund}. */
    Mono<Outcome<Refund>> refund(RefundRequest request);

    Mono<Outcome<Refund>> queryRefund(String outTradeNo, String outRefundNo);
}
