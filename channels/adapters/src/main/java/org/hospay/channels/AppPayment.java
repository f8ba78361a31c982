package org.hospay.channels;

import reactor.core.publisher.Mono;

/**
 * In-app payment: the merchant creates an order, the customer's own app (WeChat mini-program JSAPI,
 * Alipay mini-program {@code alipay.trade.create}) shows it and the customer confirms it there. The
 * order is found again with {@link #query} (NOTPAY / WAIT_BUYER_PAY is Pending) and closed for good
 * with {@link #close}. Failure semantics: {@link ChannelCapability}.
 */
public interface AppPayment extends ChannelCapability {

    /**
     * Creates the order the app will pay. Succeeded = the order exists and waits for the customer
     * (its {@link AppOrder#payReference()} is what the app needs); Declined = not created.
     */
    Mono<Outcome<AppOrder>> createOrder(AppOrderRequest request);

    /** The order's state now, as {@link CodePayment#query}: Pending while the customer has not paid. */
    Mono<Outcome<Charge>> query(String outTradeNo);

    /** Closes an unpaid order so it can never be paid; Declined ORDER_PAID-like codes mean it was paid meanwhile. */
    Mono<Outcome<Void>> close(String outTradeNo);
}
