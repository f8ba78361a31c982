package org.hospay.channels.invoice;

import java.time.Instant;
import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * The fiscal electronic-invoice platform (医疗收费电子票据 / 财政电子票据): issues a hospital's official
 * receipt of a payment, red-flushes (冲红) one when the payment is refunded. Protocol: channels/docs/einvoice.md
 * (an HMAC-signed JSON protocol of this project's own; provinces' platforms differ, an adapter per platform
 * implements this interface). Every call is idempotent by our number: issuing or red-flushing again with the
 * same number answers the first result, so a call whose answer was lost is simply made again.
 */
public interface EInvoicePlatform {

    /** One line of the receipt: what was paid for. */
    record Item(String name, String category, Money amount) {}

    /**
     * A receipt to issue.
     *
     * @param outInvoiceNo our number of this receipt (idempotency key at the platform)
     * @param payerName    the patient's name as the receipt shows it (may be masked), or "患者"
     * @param billNo       the hospital's bill number
     * @param total        the amount the receipt is for
     * @param fundPay      paid by the insurance fund (shown on the receipt)
     * @param accountPay   paid from the personal account
     * @param selfPay      paid by the patient (cash part, commercial included)
     */
    record IssueRequest(String outInvoiceNo, String payerName, String billNo, Money total, Money fundPay, Money accountPay,
                        Money selfPay, List<Item> items) {}

    /**
     * An issued receipt (or a red-flush receipt, which is itself a receipt of negative meaning).
     *
     * @param invoiceCode the platform's 票据代码
     * @param invoiceNo   the platform's 票据号码
     * @param checkCode   the 校验码 printed on the receipt
     * @param pdfUrl      the receipt's PDF
     * @param verifyUrl   what the receipt's QR code says: the platform's public verification page
     */
    record Invoice(String outNo, String invoiceCode, String invoiceNo, String checkCode, Money amount, String pdfUrl,
                   String verifyUrl, Instant issuedAt) {}

    Mono<Outcome<Invoice>> issue(IssueRequest request);

    /** The receipt issued under our number; Declined(INVOICE_NOT_FOUND) when none was. */
    Mono<Outcome<Invoice>> query(String outInvoiceNo);

    /** Red-flushes (冲红) an issued receipt whole, under our number {@code outRedNo}; the red receipt. */
    Mono<Outcome<Invoice>> redFlush(String outRedNo, String invoiceCode, String invoiceNo, String reason);
}
