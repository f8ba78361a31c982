package org.hospay.gateway.family;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hospay.channels.AgreementRef;
import org.hospay.channels.Channel;
import org.hospay.channels.Charge;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Refunds;
import org.hospay.channels.Reversal;
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.Withholding;
import org.hospay.gateway.channel.ChannelResilience;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The channels with a {@link Withholding} capability (WeChat papay, Alipay agreements), behind the same
 * resilience policy as every other call to them: deductions, reversals and refunds are commands (never
 * retried here), queries are. Which channels a payer can sign on is whichever have that capability.
 */
@Component
class WithholdingChannels {

    private static final Logger log = LoggerFactory.getLogger(WithholdingChannels.class);

    private final Map<Channel, Withholding> withholding;
    private final Map<Channel, Refunds> refunds;
    private final ChannelResilience guard;
    private final FamilyProperties props;

    WithholdingChannels(List<Withholding> withholding, List<Refunds> refunds, ChannelResilience guard, FamilyProperties props) {
        this.withholding = new EnumMap<>(Channel.class);
        for (Withholding w : withholding) {
            Withholding previous = this.withholding.put(w.channel(), w);
            if (previous != null) throw new IllegalStateException("two withholding adapters for " + w.channel() + ": " + previous + ", " + w);
        }
        if (this.withholding.isEmpty()) throw new IllegalStateException("no withholding adapter configured");
        this.refunds = new EnumMap<>(Channel.class);
        for (Refunds r : refunds) {
            if (this.withholding.containsKey(r.channel())) this.refunds.put(r.channel(), r);
        }
        for (Channel c : this.withholding.keySet()) {
            if (!this.refunds.containsKey(c)) throw new IllegalStateException("withholding on " + c + " but no refunds adapter for it");
        }
        this.guard = guard;
        this.props = props;
    }

    /** The channels a payer can sign a withholding agreement on, in {@link Channel} order. */
    Set<Channel> channels() {
        return Collections.unmodifiableSet(withholding.keySet());
    }

    /** The deduction template a payer signs on a channel (WeChat papay's {@code plan_id}); null where there is none. */
    Long template(Channel c) {
        return c == Channel.WECHAT ? props.wechatPlanId() : null;
    }

    private Withholding channel(Channel c) {
        Withholding w = withholding.get(c);
        if (w == null) throw new IllegalArgumentException(c + " has no withholding");
        return w;
    }

    Mono<Outcome<Charge>> withhold(Channel c, WithholdRequest request) {
        return guard.command(c, channel(c).withhold(request));
    }

    Mono<Outcome<Charge>> query(Channel c, String outTradeNo) {
        return guard.query(c, channel(c).query(outTradeNo));
    }

    Mono<Outcome<Reversal>> reverse(Channel c, String outTradeNo) {
        return guard.command(c, channel(c).reverse(outTradeNo));
    }

    Mono<Outcome<Refund>> refund(Channel c, RefundRequest request) {
        return guard.command(c, refunds.get(c).refund(request));
    }

    /**
     * Ends a revoked binding's agreement at the channel. Best effort: the binding no longer pays whatever the
     * channel answers (the reservation checks its status), and the payer can also end it in the app.
     */
    Mono<Void> endAgreement(Binding b) {
        if (b.channel() == null || b.agreementStatus() != Binding.AgreementStatus.SIGNED) return Mono.empty();
        Long template = template(b.channel());
        var ref = new AgreementRef(template == null ? null : template.toString(), b.agreementCode(), b.agreementId());
        return Mono.defer(() -> guard.command(b.channel(), channel(b.channel()).terminate(ref, "亲情代付已解除绑定")))
                .doOnNext(o -> {
                    if (!(o instanceof Outcome.Succeeded<?>)) {
                        log.warn("binding {}: {} agreement not ended at the channel ({}); the binding pays no more regardless",
                                b.bindingId(), b.channel(), o);
                    }
                })
                .then();
    }
}
