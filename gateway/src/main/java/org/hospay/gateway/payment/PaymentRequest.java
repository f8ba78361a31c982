package org.hospay.gateway.payment;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code POST /api/v1/payments} body as received. Amounts arrive as {@link BigDecimal} so a
 * fractional or out-of-range amount is refused with {@code INVALID_AMOUNT} rather than silently
 * truncated by the JSON mapper; {@link BillValidator} turns this into a {@link Bill}.
 */
public record PaymentRequest(
        String billNo,
        String scannedCode,
        String nfcSessionId,
        String cardNo,
        String medType,
        List<Item> items,
        BigDecimal totalFen) {

    public record Item(String code, String name, String category, BigDecimal quantity, BigDecimal priceFen, BigDecimal amountFen) {}
}
