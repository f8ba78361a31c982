package org.hospay.gateway.payment;

import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What the engine needs from a channel's in-app payment (the patient pays an order in their own WeChat):
 * create the order, find it again, close it. Refunds of a paid order go through {@link ChargePort#refund},
 * which serves any order of the channel. Implemented in package {@code channel}; never throws.
 */
public interface AppPayPort {

    /** The order waits for the patient: {@code payReference} is what their app opens (WeChat prepay_id). */
    Mono<Outcome<String>> createOrder(SelfPayMethod method, String outTradeNo, String payerId, Money amount, String description);

    Mono<Outcome<ChargePort.Charge>> query(SelfPayMethod method, String outTradeNo);

    Mono<Outcome<Void>> close(SelfPayMethod method, String outTradeNo);
}
