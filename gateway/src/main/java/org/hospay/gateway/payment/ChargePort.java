package org.hospay.gateway.payment;

import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What the engine needs from a payment-code channel (WeChat Pay, Alipay, UnionPay). Implemented in
 * package {@code channel} on the adapters, with the channel's resilience policy. Never throws.
 */
public interface ChargePort {

    record Charge(String channelTradeNo, Money amount) {}

    /** Whether a reversal left the order closed and money (if any) returned; {@code retry} = call again (recall/retry_flag). */
    record Reversal(boolean done, boolean retry) {}

    Mono<Outcome<Charge>> charge(Channel channel, String outTradeNo, String authCode, Money amount, String description);

    Mono<Outcome<Charge>> query(Channel channel, String outTradeNo);

    Mono<Outcome<Reversal>> reverse(Channel channel, String outTradeNo);

    Mono<Outcome<Charge>> refund(Channel channel, String outTradeNo, String outRefundNo, Money refund, Money total);
}
