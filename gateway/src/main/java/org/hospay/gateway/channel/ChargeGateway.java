package org.hospay.gateway.channel;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hospay.channels.ChannelId;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.PaymentChannel;
import org.hospay.channels.RefundRequest;
import org.hospay.gateway.payment.ChargePort;
import reactor.core.publisher.Mono;

/**
 * The engine's charge port on the payment-code channels, one adapter per {@link ChannelId}
 * (completeness checked at start-up). Charges, reversals and refunds are commands (never retried
 * here); queries are retried on Unknown.
 */
class ChargeGateway implements ChargePort {

    private final Map<ChannelId, PaymentChannel> channels;
    private final ChannelResilience guard;
    private final String terminalLabel;

    ChargeGateway(List<PaymentChannel> adapters, ChannelResilience guard, String terminalLabel) {
        Map<ChannelId, PaymentChannel> byId = new EnumMap<>(ChannelId.class);
        for (PaymentChannel a : adapters) {
            PaymentChannel previous = byId.put(a.id(), a);
            if (previous != null) throw new IllegalStateException("two adapters for " + a.id() + ": " + previous + ", " + a);
        }
        for (ChannelId id : ChannelId.values()) {
            if (!byId.containsKey(id)) throw new IllegalStateException("no adapter configured for channel " + id);
        }
        this.channels = byId;
        this.guard = guard;
        this.terminalLabel = terminalLabel;
    }

    @Override
    public Mono<Outcome<Charge>> charge(Method method, String outTradeNo, String authCode, Money amount, String description) {
        return channel(method).map(c -> guard.command(c.id().name(),
                        c.charge(new ChargeRequest(outTradeNo, authCode, amount, description, terminalLabel)))
                .map(o -> Outcomes.map(o, ch -> new Charge(ch.channelTradeNo(), ch.amount()))))
                .orElseGet(() -> notSupported(method));
    }

    @Override
    public Mono<Outcome<Charge>> query(Method method, String outTradeNo) {
        return channel(method).map(c -> guard.query(c.id().name(), c.query(outTradeNo))
                .map(o -> Outcomes.map(o, ch -> new Charge(ch.channelTradeNo(), ch.amount()))))
                .orElseGet(() -> notSupported(method));
    }

    @Override
    public Mono<Outcome<Reversal>> reverse(Method method, String outTradeNo) {
        return channel(method).map(c -> guard.command(c.id().name(), c.reverse(outTradeNo))
                .map(o -> Outcomes.map(o, r -> new Reversal(!r.retry(), r.retry()))))
                .orElseGet(() -> notSupported(method));
    }

    @Override
    public Mono<Outcome<Charge>> refund(Method method, String outTradeNo, String outRefundNo, Money refund, Money total) {
        return channel(method).map(c -> guard.command(c.id().name(),
                        c.refund(new RefundRequest(outTradeNo, outRefundNo, refund, total)))
                .map(o -> Outcomes.map(o, r -> new Charge(r.channelRefundNo(), r.amount()))))
                .orElseGet(() -> notSupported(method));
    }

    private java.util.Optional<PaymentChannel> channel(Method method) {
        return switch (method) {
            case WECHAT -> java.util.Optional.of(channels.get(ChannelId.WECHAT));
            case ALIPAY -> java.util.Optional.of(channels.get(ChannelId.ALIPAY));
            case UNIONPAY -> java.util.Optional.of(channels.get(ChannelId.UNIONPAY));
            case FAMILY_PROXY, CREDIT -> java.util.Optional.empty();
        };
    }

    private static <T> Mono<Outcome<T>> notSupported(Method method) {
        return Mono.just(Outcome.declined(DeclineCodes.NOT_SUPPORTED, method + " is not a payment-code channel", "NOT_SUPPORTED"));
    }
}
