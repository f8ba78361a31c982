package org.hospay.channels;

/** The payment channels a scanned payment code (or a withholding agreement) can be charged on. */
public enum ChannelId {
    WECHAT,
    ALIPAY,
    UNIONPAY
}
