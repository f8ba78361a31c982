package org.hospay.channels;

import java.time.Instant;
import java.util.Objects;

/**
 * A refund the vendor confirmed.
 *
 * @param outRefundNo     our refund number
 * @param channelRefundNo the vendor's id for it (WeChat {@code refund_id}, UnionPay {@code queryId}; Alipay
 *                        gives refunds no id of their own, so its {@code trade_no})
 * @param amount          this refund's amount
 * @param refundedAt      when the vendor says the money went back
 */
public record Refund(String outRefundNo, String channelRefundNo, Money amount, Instant refundedAt) {

    public Refund {
        Objects.requireNonNull(outRefundNo, "outRefundNo");
        Objects.requireNonNull(channelRefundNo, "channelRefundNo");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(refundedAt, "refundedAt");
    }
}
