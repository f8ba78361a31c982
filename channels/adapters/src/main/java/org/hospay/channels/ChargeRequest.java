package org.hospay.channels;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One charge of a customer-presented payment code (付款码, the merchant scans the customer).
 *
 * @param outTradeNo  our order number at the vendor and its idempotency key: the same number with the
 *                    same content is a safe retry, never a second charge (6–32 of {@code [0-9A-Za-z_-|*@]},
 *                    the intersection of what WeChat, Alipay and UnionPay accept)
 * @param authCode    the scanned payment code, digits only
 * @param amount      what to charge; positive
 * @param description shown on the customer's receipt (WeChat {@code description}, Alipay {@code subject},
 *                    UnionPay {@code orderInfo}); at most 127 characters
 * @param terminalId  the window or kiosk that scanned (WeChat {@code scene_info.device_id}, Alipay
 *                    {@code terminal_id}, UnionPay {@code termId}); at most 32 characters
 */
public record ChargeRequest(String outTradeNo, String authCode, Money amount, String description, String terminalId) {

    static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-|*@]{6,32}");
    private static final Pattern AUTH_CODE = Pattern.compile("[0-9]{10,32}");

    public ChargeRequest {
        requireOutTradeNo(outTradeNo);
        Objects.requireNonNull(authCode, "authCode");
        if (!AUTH_CODE.matcher(authCode).matches()) throw new IllegalArgumentException("a payment code is 10–32 digits");
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) throw new IllegalArgumentException("a charge must be positive: " + amount);
        Objects.requireNonNull(description, "description");
        if (description.isBlank() || description.length() > 127) throw new IllegalArgumentException("description must be 1–127 characters");
        Objects.requireNonNull(terminalId, "terminalId");
        if (terminalId.isBlank() || terminalId.length() > 32) throw new IllegalArgumentException("terminalId must be 1–32 characters");
    }

    static String requireOutTradeNo(String outTradeNo) {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        if (!OUT_TRADE_NO.matcher(outTradeNo).matches())
            throw new IllegalArgumentException("an order number is 6–32 of [0-9A-Za-z_-|*@]: " + outTradeNo);
        return outTradeNo;
    }
}
