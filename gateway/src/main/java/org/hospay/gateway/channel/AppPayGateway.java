package org.hospay.gateway.channel;

import java.util.List;
import java.util.Map;
import org.hospay.channels.AppOrderRequest;
import org.hospay.channels.AppPayment;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.AppPayPort;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.SelfPayMethod;
import reactor.core.publisher.Mono;

/**
 * The engine's in-app payment port on the channels' {@link AppPayment} capability (WeChat JSAPI), under the same
 * resilience policy as the channel's code payments: creating and closing an order are commands, queries are retried.
 */
class AppPayGateway implements AppPayPort {

    private final Map<Channel, AppPayment> apps;
    private final ChannelResilience guard;

    AppPayGateway(List<? extends AppPayment> apps, ChannelResilience guard) {
        this.apps = ChargeGateway.byChannel(apps, AppPayment::channel, "in-app payment");
        for (SelfPayMethod m : SelfPayMethod.values()) {
            m.appChannel().ifPresent(c -> {
                if (!this.apps.containsKey(c)) throw new IllegalStateException("no in-app payment adapter configured for channel " + c);
            });
        }
        this.guard = guard;
    }

    @Override
    public Mono<Outcome<String>> createOrder(SelfPayMethod method, String outTradeNo, String payerId, Money amount, String description) {
        Channel c = channel(method);
        return Mono.defer(() -> guard.command(c, apps.get(c).createOrder(new AppOrderRequest(outTradeNo, payerId, amount, description))))
                .map(o -> Outcomes.map(o, order -> order.payReference()))
                // An order that cannot even be built never left: declined, nothing to undo.
                .onErrorResume(IllegalArgumentException.class, e -> Mono.just(Outcome.declined("INVALID_ORDER", e.getMessage(), "LOCAL")));
    }

    @Override
    public Mono<Outcome<ChargePort.Charge>> query(SelfPayMethod method, String outTradeNo) {
        Channel c = channel(method);
        return guard.query(c, apps.get(c).query(outTradeNo)).map(o -> Outcomes.map(o, ch -> new ChargePort.Charge(ch.channelTradeNo(), ch.amount())));
    }

    @Override
    public Mono<Outcome<Void>> close(SelfPayMethod method, String outTradeNo) {
        Channel c = channel(method);
        return guard.command(c, apps.get(c).close(outTradeNo));
    }

    private static Channel channel(SelfPayMethod method) {
        return method.appChannel().orElseThrow(() -> new IllegalArgumentException(method + " is not an in-app method"));
    }
}
