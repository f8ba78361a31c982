package org.hospay.channels;

import java.util.Objects;

/**
 * A refund of (part of) a successful charge.
 *
 * @param outTradeNo  the charge's order number
 * @param outRefundNo our refund number and its idempotency key (WeChat {@code out_refund_no}, Alipay
 *                    {@code out_request_no}, UnionPay refund {@code orderNo}); a retry must reuse it
 * @param refund      this refund's amount; positive and at most {@code total}
 * @param total       what the original charge was for (WeChat checks it against the order)
 */
public record RefundRequest(String outTradeNo, String outRefundNo, Money refund, Money total) {

    public RefundRequest {
        ChargeRequest.requireOutTradeNo(outTradeNo);
        ChargeRequest.requireOutTradeNo(outRefundNo);
        Objects.requireNonNull(refund, "refund");
        Objects.requireNonNull(total, "total");
        if (!refund.isPositive()) throw new IllegalArgumentException("a refund must be positive: " + refund);
        if (refund.compareTo(total) > 0) throw new IllegalArgumentException("refund " + refund + " exceeds the charge " + total);
    }
}
