package org.hospay.gateway.channel;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hospay.channels.Channel;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.CodePayment;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Refunds;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.SelfPayMethod;
import reactor.core.publisher.Mono;

/**
 * The engine's charge port on the payment-code channels: the {@link CodePayment} and {@link Refunds}
 * capability of each (completeness checked at start-up). Charges, reversals and refunds are commands
 * (never retried here); queries are retried on Unknown.
 */
class ChargeGateway implements ChargePort {

    private final Map<Channel, CodePayment> codePayments;
    private final Map<Channel, Refunds> refunds;
    private final ChannelResilience guard;
    private final String terminalLabel;

    ChargeGateway(List<? extends CodePayment> codePayments, List<? extends Refunds> refunds, ChannelResilience guard, String terminalLabel) {
        this.codePayments = byChannel(codePayments, CodePayment::channel, "code payment");
        this.refunds = byChannel(refunds, Refunds::channel, "refunds");
        for (SelfPayMethod m : SelfPayMethod.values()) {
            Optional<Channel> c = m.codeChannel();
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
    public Mono<Outcome<Charge>> charge(Channel channel, String outTradeNo, String authCode, Money amount, String description) {
        return guard.command(channel, codePayments.get(channel).charge(new ChargeRequest(outTradeNo, authCode, amount, description, terminalLabel)))
                .map(o -> Outcomes.map(o, ch -> new Charge(ch.channelTradeNo(), ch.amount())));
    }

    @Override
    public Mono<Outcome<Charge>> query(Channel channel, String outTradeNo) {
        return guard.query(channel, codePayments.get(channel).query(outTradeNo))
                .map(o -> Outcomes.map(o, ch -> new Charge(ch.channelTradeNo(), ch.amount())));
    }

    @Override
    public Mono<Outcome<Reversal>> reverse(Channel channel, String outTradeNo) {
        return guard.command(channel, codePayments.get(channel).reverse(outTradeNo))
                .map(o -> Outcomes.map(o, r -> new Reversal(!r.retry(), r.retry())));
    }

    @Override
    public Mono<Outcome<Charge>> refund(Channel channel, String outTradeNo, String outRefundNo, Money refund, Money total) {
        return guard.command(channel, refunds.get(channel).refund(new RefundRequest(outTradeNo, outRefundNo, refund, total)))
                .map(o -> Outcomes.map(o, r -> new Charge(r.channelRefundNo(), r.amount())));
    }
}
