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

    /**
     * A credit refund: part or all of a consumption the bank deducted (or tried to) given back to the customer, to
     * their account or off what they owe. {@code refundNo} is the credit's idempotency key.
     */
    record Refund(String refundNo, String customerNo, Money amount, LocalDateTime refundedAt, String consumptionId) {}

    /**
     * A day's consumption file: consumptions to deduct and credit refunds to credit back. Record count and total
     * are derived, and written to header and trailer.
     */
    record ConsumptionBatch(String merchantNo, String batchNo, LocalDate batchDate, LocalDateTime cutoff, List<Consumption> lines,
                            List<Refund> refunds) {
        public ConsumptionBatch {
            lines = List.copyOf(lines);
            refunds = List.copyOf(refunds);
        }

        public ConsumptionBatch(String merchantNo, String batchNo, LocalDate batchDate, LocalDateTime cutoff, List<Consumption> lines) {
            this(merchantNo, batchNo, batchDate, cutoff, lines, List.of());
        }

        /** What is to be deducted. */
        public Money total() {
            return lines.stream().map(Consumption::amount).reduce(Money.ZERO, Money::plus);
        }

        /** What is to be credited back. */
        public Money refundTotal() {
            return refunds.stream().map(Refund::amount).reduce(Money.ZERO, Money::plus);
        }

        public int recordCount() {
            return lines.size() + refunds.size();
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
        /** 25: (credit refund) the bank has no deduction or debt under the consumption id it names. */
        NO_SUCH_DEDUCTION("25"),
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

    /**
     * The bank's answer to one record: for a consumption ({@code refund} false) {@code id} is the consumption id and
     * {@code deducted} what was taken; for a credit refund {@code id} is the refund number and {@code deducted} what
     * was credited back (the amount for {@code 00}, else 0).
     */
    record ResultLine(int seq, String consumptionId, String customerNo, Money amount, Money deducted, LineResult result,
                      String message, boolean refund) {
        public ResultLine(int seq, String consumptionId, String customerNo, Money amount, Money deducted, LineResult result, String message) {
            this(seq, consumptionId, customerNo, amount, deducted, result, message, false);
        }
    }

    record BatchResult(String merchantNo, String batchNo, LocalDate batchDate, LocalDateTime processedAt, List<ResultLine> lines) {
        public BatchResult {
            lines = List.copyOf(lines);
        }

        /** What the bank deducted for consumptions. */
        public Money deducted() {
            return lines.stream().filter(l -> !l.refund()).map(ResultLine::deducted).reduce(Money.ZERO, Money::plus);
        }

        /** What the bank credited back for credit refunds. */
        public Money credited() {
            return lines.stream().filter(ResultLine::refund).map(ResultLine::deducted).reduce(Money.ZERO, Money::plus);
        }
    }
}
