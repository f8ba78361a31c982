package org.hospay.gateway.payment;

import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What the engine needs from a payment channel (WeChat Pay, Alipay, UnionPay). Implemented in
 * package {@code channel} on the adapters, with the channel's resilience policy. Never throws.
 */
public interface ChargePort {

    enum Method { WECHAT, ALIPAY, UNIONPAY, FAMILY_PROXY, CREDIT }

    record Charge(String channelTradeNo, Money amount) {}

    /** Whether a reversal left the order closed and money (if any) returned; {@code retry} = call again (recall/retry_flag). */
    record Reversal(boolean done, boolean retry) {}

    Mono<Outcome<Charge>> charge(Method method, String outTradeNo, String authCode, Money amount, String description);

    Mono<Outcome<Charge>> query(Method method, String outTradeNo);

    Mono<Outcome<Reversal>> reverse(Method method, String outTradeNo);

    Mono<Outcome<Charge>> refund(Method method, String outTradeNo, String outRefundNo, Money refund, Money total);
}
