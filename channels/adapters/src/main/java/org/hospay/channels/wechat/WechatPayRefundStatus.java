package org.hospay.channels.wechat;

/** {@code status} of a v3 domestic refund ({@code /v3/refund/domestic/refunds}). */
public enum WechatPayRefundStatus {
    /** 退款成功. */
    SUCCESS,
    /** 退款关闭. */
    CLOSED,
    /** 退款处理中. */
    PROCESSING,
    /** 退款异常: the money could not go back (e.g. the payer's card was closed); handled offline. */
    ABNORMAL,
    UNRECOGNIZED;

    public static WechatPayRefundStatus of(String value) {
        if (value == null) return UNRECOGNIZED;
        for (WechatPayRefundStatus s : values()) if (s != UNRECOGNIZED && s.name().equals(value.strip())) return s;
        return UNRECOGNIZED;
    }
}
