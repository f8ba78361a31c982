package org.hospay.gateway.credit;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One consumption on credit (a credit leg), as stored; {@code status} per V10__credit.sql. */
record Consumption(String consumptionId, UUID accountId, UUID paymentId, String billNo, long amountFen, long refundedFen,
                   Instant occurredAt, LocalDate businessDate, String status, LocalDate batchDate, LocalDate dueDate,
                   String reminded, boolean overdueCounted, String resultCode) {

    /** What the patient owes on it: the amount less refunds, until the bank deducted it. */
    long owedFen() {
        return switch (status) {
            case "OPEN", "BATCHED", "UNPAID", "REPAYING" -> amountFen - refundedFen;
            default -> 0;
        };
    }

    static Consumption of(Readable r) {
        return new Consumption(r.get("consumption_id", String.class), r.get("account_id", UUID.class), r.get("payment_id", UUID.class),
                r.get("bill_no", String.class), r.get("amount_fen", Long.class), r.get("refunded_fen", Long.class),
                r.get("occurred_at", Instant.class), r.get("business_date", LocalDate.class), r.get("status", String.class),
                r.get("batch_date", LocalDate.class), r.get("due_date", LocalDate.class), r.get("reminded", String.class),
                Boolean.TRUE.equals(r.get("overdue_counted", Boolean.class)), r.get("result_code", String.class));
    }
}
