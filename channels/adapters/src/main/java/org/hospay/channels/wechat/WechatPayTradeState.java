package org.hospay.channels.wechat;

/**
 * {@code trade_state} of a WeChat Pay order (code payment and papay deduction alike). Source: the v3 order
 * query and codepay answers (wechatpay-go {@code payments/code}), papay order query ({@code ACCEPT}).
 */
public enum WechatPayTradeState {
    /** 支付成功. */
    SUCCESS,
    /** 转入退款: paid, then (partly) refunded. */
    REFUND,
    /** 未支付. */
    NOTPAY,
    /** 已关闭. */
    CLOSED,
    /** 已撤销 (付款码): reversed. */
    REVOKED,
    /** 用户支付中 (付款码): waiting for the customer's password. */
    USERPAYING,
    /** 支付失败 (e.g. the bank refused). */
    PAYERROR,
    /** 已接收，等待扣款 (papay): accepted, deduction not done yet. */
    ACCEPT,
    /** A value this code does not know; never guessed at. */
    UNRECOGNIZED;

    public static WechatPayTradeState of(String value) {
        if (value == null) return UNRECOGNIZED;
        for (WechatPayTradeState s : values()) if (s != UNRECOGNIZED && s.name().equals(value.strip())) return s;
        return UNRECOGNIZED;
    }
}
