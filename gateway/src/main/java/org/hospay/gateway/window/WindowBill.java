package org.hospay.gateway.window;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hospay.gateway.payment.PaymentRequest;

/**
 * The bill waiting at a window: entered by the cashier or sent by the HIS, attached to the next NFC
 * tap there. Same fields as a payment's bill (docs/api.md §6.1), plus who put it there and when.
 */
public record WindowBill(String billNo, String medType, List<PaymentRequest.Item> items, BigDecimal totalFen,
                         String from, Instant receivedAt) {}
