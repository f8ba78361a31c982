package org.hospay.channels;

import java.util.Objects;

/**
 * An in-app order created and waiting for the customer.
 *
 * @param payReference what the customer's app opens: WeChat {@code prepay_id}, Alipay {@code trade_no}
 */
public record AppOrder(String outTradeNo, String payReference) {

    public AppOrder {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(payReference, "payReference");
    }
}
