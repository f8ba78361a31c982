package org.hospay.simulator.einvoice;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.simulator.ledger.Ledger;
import org.springframework.stereotype.Component;

/**
 * The fiscal e-invoice platform's books: receipts by their code and number, our numbers (outInvoiceNo,
 * outRedNo) kept so a repeated call answers the first result. Every receipt is booked in the ledger
 * (channel EINVOICE: ISSUE and RED_FLUSH entries) so tests see what was issued, and how often.
 */
@Component
class EInvoiceSim {

    static final String CHANNEL = "EINVOICE";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /** One receipt. {@code original} is set on red receipts; {@code redFlushedBy} on receipts that were red-flushed. */
    record Receipt(String outNo, String invoiceCode, String invoiceNo, String checkCode, long amountFen, String payerName, String billNo,
                   Instant issuedAt, String original, String redFlushedBy) {

        String key() {
            return invoiceCode + "-" + invoiceNo;
        }

        Receipt flushedBy(String redKey) {
            return new Receipt(outNo, invoiceCode, invoiceNo, checkCode, amountFen, payerName, billNo, issuedAt, original, redKey);
        }
    }

    final Map<String, Receipt> byKey = new ConcurrentHashMap<>();
    final Map<String, String> byOutNo = new ConcurrentHashMap<>();
    private final AtomicLong serial = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 5_000_000));
    private final Ledger ledger;
    private final Clock clock;

    EInvoiceSim(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    Optional<Receipt> byOutNo(String outNo) {
        return Optional.ofNullable(byOutNo.get(outNo)).map(byKey::get);
    }

    Optional<Receipt> byKey(String code, String no) {
        return Optional.ofNullable(byKey.get(code + "-" + no));
    }

    /** Issues a receipt under {@code outNo}, or answers the one already issued under it. */
    synchronized Receipt issue(String outNo, long amountFen, String payerName, String billNo, String original) {
        Optional<Receipt> existing = byOutNo(outNo);
        if (existing.isPresent()) return existing.get();
        Instant now = clock.instant();
        // 票据代码: region (37) + year + kind (门诊 01 / red 99) + 0001; 票据号码: ten digits.
        String code = "37" + LocalDate.ofInstant(now, BEIJING).getYear() % 100 + (original == null ? "01" : "99") + "0001";
        String no = String.format("%010d", serial.incrementAndGet());
        String check = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)).toUpperCase();
        Receipt r = new Receipt(outNo, code, no, check, amountFen, payerName, billNo, now, original, null);
        byKey.put(r.key(), r);
        byOutNo.put(outNo, r.key());
        ledger.bookIfAbsent(CHANNEL, original == null ? "ISSUE" : "RED_FLUSH", outNo, original, amountFen, "ISSUED", r.key());
        return r;
    }

    /** Red-flushes the receipt; the red receipt, or empty when it was red-flushed under another number already. */
    synchronized Optional<Receipt> redFlush(String outRedNo, Receipt original) {
        Optional<Receipt> existing = byOutNo(outRedNo);
        if (existing.isPresent()) return existing;
        if (original.redFlushedBy() != null) return Optional.empty();
        Receipt red = issue(outRedNo, original.amountFen(), original.payerName(), original.billNo(), original.key());
        byKey.put(original.key(), original.flushedBy(red.key()));
        return Optional.of(red);
    }
}
