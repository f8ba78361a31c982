package org.hospay.gateway.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code POST /api/v1/payments} body as received. Amounts arrive as {@link BigDecimal} so a
 * fractional or out-of-range amount is refused with {@code INVALID_AMOUNT} rather than silently
 * truncated by the JSON mapper; {@link BillValidator} turns this into a {@link Bill}. {@code insuranceCardNo} is
 * the social-security card number the window's card reader read (PIN-less), optionally with a payment code in
 * {@code scannedCode} for the self-pay part (docs/api.md §6.1).
 */
public record PaymentRequest(
        String billNo,
        String scannedCode,
        String nfcSessionId,
        String cardNo,
        String medType,
        List<Item> items,
        BigDecimal totalFen,
        @JsonInclude(JsonInclude.Include.NON_NULL) String insuranceCardNo) {

    /** A request without a physical insurance card (the HIS bill, the NFC tap). */
    public PaymentRequest(String billNo, String scannedCode, String nfcSessionId, String cardNo, String medType, List<Item> items,
                          BigDecimal totalFen) {
        this(billNo, scannedCode, nfcSessionId, cardNo, medType, items, totalFen, null);
    }

    public record Item(String code, String name, String category, BigDecimal quantity, BigDecimal priceFen, BigDecimal amountFen) {}
}
