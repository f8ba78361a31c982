package org.hospay.gateway.payment;

import java.util.Optional;
import org.hospay.channels.Channel;

/**
 * How the self-pay part of a bill is paid: on a payment-code channel, by family-proxy deduction, or
 * on credit. Stored as the self-pay leg's channel and shown as {@code selfPay.method}.
 */
public enum SelfPayMethod {
    WECHAT(Channel.WECHAT, null), ALIPAY(Channel.ALIPAY, null), UNIONPAY(Channel.UNIONPAY, null), FAMILY_PROXY(null, null), CREDIT(null, null),
    /** An order the patient pays in their own WeChat (mini-program JSAPI), from the phone: docs/api.md §10.1. */
    WECHAT_APP(null, Channel.WECHAT);

    private final Channel codeChannel;
    private final Channel appChannel;

    SelfPayMethod(Channel codeChannel, Channel appChannel) {
        this.codeChannel = codeChannel;
        this.appChannel = appChannel;
    }

    /** The channel whose in-app payment this method uses; empty for the others. */
    public Optional<Channel> appChannel() {
        return Optional.ofNullable(appChannel);
    }

    /** The payment-code channel this method charges on; empty for the methods other ports serve. */
    public Optional<Channel> codeChannel() {
        return Optional.ofNullable(codeChannel);
    }
}
