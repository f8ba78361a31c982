package org.hospay.channels.bank;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * The bank behind pay-after care (医后付): it knows the patient as a credit customer, and once a day
 * takes the hospital's consumption file, deducts each line from the customer's account and returns a
 * result file. The files' fixed-width format is {@link BankFiles}. Methods never throw; a refused
 * connection is Declined {@code CHANNEL_UNAVAILABLE}, a timeout or 5xx after sending is Unknown, a
 * refused request signature is Declined {@code SIGNATURE_REJECTED}. Submitting is idempotent
 * by batch number (the same file again is accepted again; a different file under a used number is
 * Declined {@code DUPLICATE_BATCH}), so a batch whose submission ended Unknown is simply submitted again.
 */
public interface CreditBank {

    /** The customer's credit standing (Declined NO_SUCH_CUSTOMER when the bank does not know them). */
    Mono<Outcome<CustomerStatus>> customerStatus(String idNo, String name);

    /** Hands the day's consumption file to the bank. */
    Mono<Outcome<BatchReceipt>> submitBatch(ConsumptionBatch batch);

    /** The result file of a submitted batch: Pending("PROCESSING") until the bank has one. */
    Mono<Outcome<BatchResult>> fetchResult(String batchNo);

    enum CustomerState { ACTIVE, FROZEN, CLOSED }

    record CustomerStatus(String customerNo, CustomerState state, Money creditLine, Money available, int overdueCount) {}

    /** One consumption on credit, to be deducted from the customer's account. */
    record Consumption(String consumptionId, String customerNo, Money amount, LocalDateTime occurredAt, String billNo) {}

    /** A day's consumption file; record count and total are derived, and written to header and trailer. */
    record ConsumptionBatch(String merchantNo, String batchNo, LocalDate batchDate, LocalDateTime cutoff, List<Consumption> lines) {
        public ConsumptionBatch {
            lines = List.copyOf(lines);
        }

        public Money total() {
            return lines.stream().map(Consumption::amount).reduce(Money.ZERO, Money::plus);
        }
    }

    record BatchReceipt(String batchNo, int recordCount, Money total) {}

    /** Per-line result of the bank's deduction. */
    enum LineResult {
        /** 00: deducted in full. */
        DEDUCTED("00"),
        /** 51: not enough money in the account; nothing deducted. */
        INSUFFICIENT_FUNDS("51"),
        /** 14: the bank has no such customer. */
        NO_SUCH_CUSTOMER("14"),
        /** 62: the account is frozen or closed. */
        ACCOUNT_BLOCKED("62"),
        /** 96: the bank could not process the line; submit it again in the next batch. */
        SYSTEM_ERROR("96");

        private final String code;

        LineResult(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** The result a two-digit code stands for; empty for a code this version does not know. */
        public static Optional<LineResult> ofCode(String code) {
            for (LineResult r : values()) {
                if (r.code.equals(code)) return Optional.of(r);
            }
            return Optional.empty();
        }
    }

    record ResultLine(int seq, String consumptionId, String customerNo, Money amount, Money deducted, LineResult result,
                      String message) {}

    record BatchResult(String merchantNo, String batchNo, LocalDate batchDate, LocalDateTime processedAt, List<ResultLine> lines) {
        public BatchResult {
            lines = List.copyOf(lines);
        }

        public Money deducted() {
            return lines.stream().map(ResultLine::deducted).reduce(Money.ZERO, Money::plus);
        }
    }
}
