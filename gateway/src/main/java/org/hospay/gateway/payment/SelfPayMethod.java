package org.hospay.gateway.payment;

import java.util.Optional;
import org.hospay.channels.Channel;

/**
 * How the self-pay part of a bill is paid: on a payment-code channel, by family-proxy deduction, or
 * on credit. Stored as the self-pay leg's channel and shown as {@code selfPay.method}.
 */
public enum SelfPayMethod {
    WECHAT(Channel.WECHAT), ALIPAY(Channel.ALIPAY), UNIONPAY(Channel.UNIONPAY), FAMILY_PROXY(null), CREDIT(null);

    private final Channel codeChannel;

    SelfPayMethod(Channel codeChannel) {
        this.codeChannel = codeChannel;
    }

    /** The payment-code channel this method charges on; empty for the methods other ports serve. */
    public Optional<Channel> codeChannel() {
        return Optional.ofNullable(codeChannel);
    }
}
