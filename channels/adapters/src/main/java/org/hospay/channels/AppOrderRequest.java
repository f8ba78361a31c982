package org.hospay.channels;

import java.util.Objects;

/**
 * One in-app order.
 *
 * @param outTradeNo  our order number at the vendor (same rules as {@link ChargeRequest#outTradeNo()})
 * @param payerId     the customer at the vendor: WeChat {@code payer.openid}, Alipay {@code buyer_id}
 * @param amount      positive
 * @param description shown to the customer; 1–127 characters
 */
public record AppOrderRequest(String outTradeNo, String payerId, Money amount, String description) {

    public AppOrderRequest {
        ChargeRequest.requireOutTradeNo(outTradeNo);
        Objects.requireNonNull(payerId, "payerId");
        if (payerId.isBlank() || payerId.length() > 128) throw new IllegalArgumentException("payerId must be 1–128 characters");
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) throw new IllegalArgumentException("an order must be positive: " + amount);
        Objects.requireNonNull(description, "description");
        if (description.isBlank() || description.length() > 127) throw new IllegalArgumentException("description must be 1–127 characters");
    }
}
