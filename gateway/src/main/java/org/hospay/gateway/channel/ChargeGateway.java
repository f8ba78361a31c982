package org.hospay.gateway.channel;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hospay.channels.Channel;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.CodePayment;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Refunds;
import org.hospay.gateway.payment.ChargePort;
import reactor.core.publisher.Mono;

/**
 * The engine's charge port on the payment-code channels: the {@link CodePayment} and {@link Refunds}
 * capability of each channel a {@link Method} names (completeness checked at start-up). Charges,
 * reversals and refunds are commands (never retried here); queries are retried on Unknown.
 */
class ChargeGateway implements ChargePort {

    private final Map<Channel, CodePayment> codePayments;
    private final Map<Channel, Refunds> refunds;
    private final ChannelResilience guard;
    private final String terminalLabel;

    ChargeGateway(List<? extends CodePayment> codePayments, List<? extends Refunds> refunds, ChannelResilience guard, String terminalLabel) {
        this.codePayments = byChannel(codePayments, CodePayment::channel, "code payment");
        this.refunds = byChannel(refunds, Refunds::channel, "refunds");
        for (Method m : Method.values()) {
            Optional<Channel> c = channel(m);
            if (c.isEmpty()) continue;
            if (!this.codePayments.containsKey(c.get())) throw new IllegalStateException("no code-payment adapter configured for channel " + c.get());
            if (!this.refunds.containsKey(c.get())) throw new IllegalStateException("no refunds adapter configured for channel " + c.get());
        }
        this.guard = guard;
        this.terminalLabel = terminalLabel;
    }

    static <T> Map<Channel, T> byChannel(List<? extends T> adapters, Function<T, Channel> channel, String capability) {
        Map<Channel, T> byChannel = new EnumMap<>(Channel.class);
        for (T a : adapters) {
            T previous = byChannel.put(channel.apply(a), a);
            if (previous != null)
                throw new IllegalStateException("two " + capability + " adapters for " + channel.apply(a) + ": " + previous + ", " + a);
        }
        return byChannel;
    }

    @Override
    public Mono<Outcome<Charge>> charge(Method method, String outTradeNo, String authCode, Money amount, String description) {
        return channel(method).map(c -> guard.command(c, codePayments.get(c)
                                .charge(new ChargeRequest(outTradeNo, authCode, amount, description, terminalLabel)))
                        .map(o -> Outcomes.map(o, ch -> new Charge(ch.channelTradeNo(), ch.amount()))))
                .orElseGet(() -> notACodeChannel(method));
    }

    @Override
    public Mono<Outcome<Charge>> query(Method method, String outTradeNo) {
        return channel(method).map(c -> guard.query(c, codePayments.get(c).query(outTradeNo))
                        .map(o -> Outcomes.map(o, ch -> new Charge(ch.channelTradeNo(), ch.amount()))))
                .orElseGet(() -> notACodeChannel(method));
    }

    @Override
    public Mono<Outcome<Reversal>> reverse(Method method, String outTradeNo) {
        return channel(method).map(c -> guard.command(c, codePayments.get(c).reverse(outTradeNo))
                        .map(o -> Outcomes.map(o, r -> new Reversal(!r.retry(), r.retry()))))
                .orElseGet(() -> notACodeChannel(method));
    }

    @Override
    public Mono<Outcome<Charge>> refund(Method method, String outTradeNo, String outRefundNo, Money refund, Money total) {
        return channel(method).map(c -> guard.command(c, refunds.get(c).refund(new RefundRequest(outTradeNo, outRefundNo, refund, total)))
                        .map(o -> Outcomes.map(o, r -> new Charge(r.channelRefundNo(), r.amount()))))
                .orElseGet(() -> notACodeChannel(method));
    }

    /** The payment-code channel a method charges on; none for the methods the engine routes to other ports. */
    static Optional<Channel> channel(Method method) {
        return switch (method) {
            case WECHAT -> Optional.of(Channel.WECHAT);
            case ALIPAY -> Optional.of(Channel.ALIPAY);
            case UNIONPAY -> Optional.of(Channel.UNIONPAY);
            case FAMILY_PROXY, CREDIT -> Optional.empty();
        };
    }

    /** A method routed to this port by mistake (the engine sends family-proxy legs to ProxyPort): nothing is sent. */
    private static <T> Mono<Outcome<T>> notACodeChannel(Method method) {
        return Mono.just(Outcome.declined(DeclineCodes.NOT_SUPPORTED, method + " is not a payment-code channel", "NOT_SUPPORTED"));
    }
}
