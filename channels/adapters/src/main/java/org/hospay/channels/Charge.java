package org.hospay.channels;

import java.time.Instant;
import java.util.Objects;

/**
 * A charge the vendor confirmed as paid.
 *
 * @param channelTradeNo the vendor's transaction id (WeChat {@code transaction_id}, Alipay {@code trade_no},
 *                       UnionPay {@code queryId}); what its statements are keyed by
 * @param amount         what the vendor says was charged (the order total)
 * @param paidAt         when the vendor says it was paid
 */
public record Charge(String channelTradeNo, Money amount, Instant paidAt) {

    public Charge {
        Objects.requireNonNull(channelTradeNo, "channelTradeNo");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
    }
}
