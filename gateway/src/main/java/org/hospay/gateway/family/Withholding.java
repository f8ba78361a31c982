package org.hospay.gateway.family;

import java.util.List;
import org.hospay.channels.Charge;
import org.hospay.channels.ChannelId;
import org.hospay.channels.Outcome;
import org.hospay.channels.PaymentChannel;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Reversal;
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.alipay.AlipayAdapter;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.gateway.channel.ChannelResilience;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The withholding channels (WeChat papay, Alipay agreements) behind the same resilience policy as every
 * other call to them: deductions, reversals and refunds are commands (never retried here), queries are.
 */
@Component
class Withholding {

    private static final Logger log = LoggerFactory.getLogger(Withholding.class);

    private final WechatPayAdapter wechat;
    private final AlipayAdapter alipay;
    private final ChannelResilience guard;
    private final FamilyProperties props;

    Withholding(List<PaymentChannel> channels, ChannelResilience guard, FamilyProperties props) {
        this.wechat = (WechatPayAdapter) channels.stream().filter(c -> c.id() == ChannelId.WECHAT).findFirst()
                .orElseThrow(() -> new IllegalStateException("no WeChat Pay adapter"));
        this.alipay = (AlipayAdapter) channels.stream().filter(c -> c.id() == ChannelId.ALIPAY).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Alipay adapter"));
        this.guard = guard;
        this.props = props;
    }

    private PaymentChannel channel(Binding.Channel c) {
        return switch (c) {
            case WECHAT -> wechat;
            case ALIPAY -> alipay;
        };
    }

    Mono<Outcome<Charge>> withhold(Binding.Channel c, WithholdRequest request) {
        return guard.command(c.name(), channel(c).withhold(request));
    }

    Mono<Outcome<Charge>> query(Binding.Channel c, String outTradeNo) {
        return guard.query(c.name(), channel(c).query(outTradeNo));
    }

    Mono<Outcome<Reversal>> reverse(Binding.Channel c, String outTradeNo) {
        return guard.command(c.name(), channel(c).reverse(outTradeNo));
    }

    Mono<Outcome<Refund>> refund(Binding.Channel c, RefundRequest request) {
        return guard.command(c.name(), channel(c).refund(request));
    }

    /**
     * Ends a revoked binding's agreement at the channel. Best effort: the binding no longer pays whatever the
     * channel answers (the reservation checks its status), and the payer can also end it in the app.
     */
    Mono<Void> endAgreement(Binding b) {
        if (b.channel() == null || b.agreementStatus() != Binding.AgreementStatus.SIGNED) return Mono.empty();
        Mono<? extends Outcome<?>> call = switch (b.channel()) {
            case WECHAT -> guard.command("WECHAT", wechat.terminateContract(props.wechatPlanId(), b.agreementCode(), "亲情代付已解除绑定"));
            case ALIPAY -> guard.command("ALIPAY", alipay.unsignAgreement(b.agreementId()));
        };
        return call.doOnNext(o -> {
                    if (!(o instanceof Outcome.Succeeded<?>)) {
                        log.warn("binding {}: {} agreement not ended at the channel ({}); the binding pays no more regardless",
                                b.bindingId(), b.channel(), o);
                    }
                })
                .then();
    }
}
