package org.hospay.simulator.bank;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.simulator.wire.Channel;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.ledger.LedgerEntry;
import org.hospay.simulator.statement.StatementDifferences;
import org.springframework.stereotype.Component;

/**
 * The bank's side of pay-after care: credit customers with a debit account, and the daily batch.
 * A submitted file is processed at once, line by line: no such customer → 14, frozen or closed →
 * 62, balance short → 51 (nothing deducted), else the amount is deducted → 00. Every line is
 * booked in the ledger (channel BANK, type BATCH_DEBIT, amount = what was deducted) keyed by
 * consumptionId, so a consumption sent again in a later batch (a re-run) is never deducted twice:
 * it answers 00 again if it was deducted, and is tried again if it failed. The same batch number
 * with the same file is the same submission (answered again, nothing deducted); with another file
 * it is refused.
 */
@Component
public class CreditBankSim {

    static final String CHANNEL = Channel.BANK.name();
    /** Ledger type of one deducted (or refused) consumption line, keyed by consumptionId. */
    static final String DEBIT = "BATCH_DEBIT";
    /** Ledger type of one credit refund line, keyed by refund number. */
    static final String CREDIT = "BATCH_CREDIT";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final Clock clock;
    private final Ledger ledger;
    private final BankSimProperties props;
    private final StatementDifferences differences;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, Customer> customers = new HashMap<>();
    private final Map<String, String> customerByIdNo = new HashMap<>();
    private final Map<String, Batch> batches = new HashMap<>();

    public CreditBankSim(Clock clock, Ledger ledger, BankSimProperties props, StatementDifferences differences) {
        this.clock = clock;
        this.differences = differences;
        this.ledger = ledger;
        this.props = props;
    }

    static final class Customer {
        final String customerNo, idNo, name;
        String status;
        final long creditLineFen;
        long balanceFen, owedFen;
        final int overdueCount;

        Customer(String customerNo, String idNo, String name, String status, long creditLineFen, long balanceFen, int overdueCount) {
            this.customerNo = customerNo;
            this.idNo = idNo;
            this.name = name;
            this.status = status;
            this.creditLineFen = creditLineFen;
            this.balanceFen = balanceFen;
            this.overdueCount = overdueCount;
        }
    }

    public record CustomerView(String customerNo, String name, String status, long creditLineFen, long availableFen,
                               long accountBalanceFen, int overdueCount) {}

    /** A submitted batch: its result lines as processed (the file is rendered from them, with any fabricated difference). */
    record Batch(String merchantNo, String digest, int recordCount, long totalFen, String resultFile, Instant readyAt, String batchNo,
                 LocalDate batchDate, LocalDateTime processedAt, List<BatchFiles.Result> results) {}

    /** What a submission or fetch answers: a result code (as in the JSON answers) and its payload. */
    record Reply(String code, String message, Batch batch) {}

    public synchronized String addCustomer(String idNo, String name, String status, long creditLineFen, long balanceFen, int overdueCount) {
        if (!List.of("ACTIVE", "FROZEN", "CLOSED").contains(status)) throw new IllegalArgumentException("status must be ACTIVE, FROZEN or CLOSED");
        if (creditLineFen < 0 || balanceFen < 0) throw new IllegalArgumentException("amounts must be >= 0");
        String customerNo = "BC" + String.format("%010d", seq.incrementAndGet());
        customers.put(customerNo, new Customer(customerNo, idNo, name, status, creditLineFen, balanceFen, overdueCount));
        customerByIdNo.put(idNo, customerNo);
        return customerNo;
    }

    public synchronized Optional<CustomerView> customer(String customerNo) {
        return Optional.ofNullable(customers.get(customerNo)).map(CreditBankSim::view);
    }

    synchronized Optional<CustomerView> customerByIdentity(String idNo, String name) {
        Customer c = customers.get(customerByIdNo.getOrDefault(idNo, ""));
        return c == null || !c.name.equals(name) ? Optional.empty() : Optional.of(view(c));
    }

    private static CustomerView view(Customer c) {
        return new CustomerView(c.customerNo, c.name, c.status, c.creditLineFen, Math.max(0, c.creditLineFen - c.owedFen),
                c.balanceFen, c.overdueCount);
    }

    synchronized Reply submit(String merchantNo, String batchNo, String file) {
        String digest = sha256(file);
        Batch existing = batches.get(batchNo);
        if (existing != null) {
            return existing.merchantNo().equals(merchantNo) && existing.digest().equals(digest)
                    ? new Reply("SUCCESS", "already accepted", existing)
                    : new Reply("DUPLICATE_BATCH", "batch " + batchNo + " was submitted with other content", null);
        }
        BatchFiles.Consumption batch;
        try {
            batch = BatchFiles.readConsumption(file);
        } catch (BatchFiles.Invalid e) {
            return new Reply("FILE_INVALID", e.getMessage(), null);
        }
        if (!batch.batchNo().equals(batchNo) || !batch.merchantNo().equals(merchantNo))
            return new Reply("FILE_INVALID", "header names batch " + batch.batchNo() + " of merchant " + batch.merchantNo(), null);
        List<BatchFiles.Result> lines = new ArrayList<>();
        for (BatchFiles.Line c : batch.lines()) {
            lines.add(c.refund() ? credit(lines.size() + 1, c) : deduct(lines.size() + 1, c));
        }
        Instant now = clock.instant();
        String result = BatchFiles.writeResult(merchantNo, batchNo, batch.batchDate(), LocalDateTime.ofInstant(now, BEIJING), lines);
        Batch b = new Batch(merchantNo, digest, batch.lines().size(), batch.totalFen(), result, now.plus(props.resultDelay()), batchNo,
                batch.batchDate(), LocalDateTime.ofInstant(now, BEIJING), List.copyOf(lines));
        batches.put(batchNo, b);
        return new Reply("SUCCESS", "accepted", b);
    }

    /** A line's outcome: its result code (channels/docs/bank.md, "Result codes"); the ledger keeps its name as state. */
    private enum Outcome {
        DEDUCTED("00"), INSUFFICIENT_FUNDS("51"), NO_SUCH_CUSTOMER("14"), ACCOUNT_BLOCKED("62");

        final String code;

        Outcome(String code) {
            this.code = code;
        }
    }

    private BatchFiles.Result deduct(int seq, BatchFiles.Line c) {
        Optional<LedgerEntry> prior = ledger.find(CHANNEL, DEBIT, c.consumptionId());
        if (prior.isPresent() && Outcome.DEDUCTED.name().equals(prior.get().state()))
            return new BatchFiles.Result(seq, c.consumptionId(), c.customerNo(), c.amountFen(), c.amountFen(), Outcome.DEDUCTED.code,
                    "deducted earlier", false);
        Customer customer = customers.get(c.customerNo());
        Outcome result;
        if (customer == null) result = Outcome.NO_SUCH_CUSTOMER;
        else if (!"ACTIVE".equals(customer.status)) result = Outcome.ACCOUNT_BLOCKED;
        else if (customer.balanceFen < c.amountFen()) result = Outcome.INSUFFICIENT_FUNDS;
        else result = Outcome.DEDUCTED;
        if (result == Outcome.DEDUCTED) {
            customer.balanceFen -= c.amountFen();
            if (prior.isPresent()) customer.owedFen = Math.max(0, customer.owedFen - c.amountFen());
        } else if (customer != null && prior.isEmpty()) {
            customer.owedFen += c.amountFen();
        }
        long moved = result == Outcome.DEDUCTED ? c.amountFen() : 0;
        Instant now = clock.instant();
        ledger.bookIfAbsent(CHANNEL, DEBIT, c.consumptionId(), c.billNo(), moved, result.name(), c.customerNo());
        ledger.update(CHANNEL, DEBIT, c.consumptionId(), e -> e.withAmount(moved).withState(result.name(), now));
        String message = switch (result) {
            case DEDUCTED -> "deducted";
            case INSUFFICIENT_FUNDS -> "insufficient funds";
            case NO_SUCH_CUSTOMER -> "no such customer";
            case ACCOUNT_BLOCKED -> "account " + customer.status.toLowerCase(Locale.ROOT);
        };
        return new BatchFiles.Result(seq, c.consumptionId(), c.customerNo(), c.amountFen(), moved, result.code, message, false);
    }

    /**
     * A credit refund line: credited at most once per refund number. The money goes back into the debit account when
     * the consumption it names was deducted, else off what the customer owes; 25 when the bank never saw that
     * consumption, 14 for an unknown customer.
     */
    private BatchFiles.Result credit(int seq, BatchFiles.Line r) {
        Optional<LedgerEntry> prior = ledger.find(CHANNEL, CREDIT, r.consumptionId());
        if (prior.isPresent() && "CREDITED".equals(prior.get().state()))
            return new BatchFiles.Result(seq, r.consumptionId(), r.customerNo(), r.amountFen(), r.amountFen(), "00", "credited earlier", true);
        Customer customer = customers.get(r.customerNo());
        Optional<LedgerEntry> debit = ledger.find(CHANNEL, DEBIT, r.billNo());
        String code, message, state;
        if (customer == null) {
            code = "14"; message = "no such customer"; state = "NO_SUCH_CUSTOMER";
        } else if (debit.isEmpty() || !r.customerNo().equals(debit.get().account())) {
            code = "25"; message = "no such deduction"; state = "NO_SUCH_DEDUCTION";
        } else {
            if (Outcome.DEDUCTED.name().equals(debit.get().state())) customer.balanceFen += r.amountFen();
            else customer.owedFen = Math.max(0, customer.owedFen - r.amountFen());
            code = "00"; message = "credited"; state = "CREDITED";
        }
        long moved = code.equals("00") ? r.amountFen() : 0;
        ledger.bookIfAbsent(CHANNEL, CREDIT, r.consumptionId(), r.billNo(), moved, state, r.customerNo());
        ledger.update(CHANNEL, CREDIT, r.consumptionId(), e -> e.withAmount(moved).withState(state, clock.instant()));
        return new BatchFiles.Result(seq, r.consumptionId(), r.customerNo(), r.amountFen(), moved, code, message, true);
    }

    /** Money into the customer's debit account (test data: so a failed line can succeed on a re-run). */
    public synchronized Optional<CustomerView> deposit(String customerNo, long fen) {
        if (fen <= 0) throw new IllegalArgumentException("amountFen must be positive: " + fen);
        Customer c = customers.get(customerNo);
        if (c == null) return Optional.empty();
        c.balanceFen += fen;
        return Optional.of(view(c));
    }

    synchronized Reply result(String merchantNo, String batchNo) {
        Batch b = batches.get(batchNo);
        if (b == null || !b.merchantNo().equals(merchantNo)) return new Reply("BATCH_NOT_FOUND", "no batch " + batchNo, null);
        if (clock.instant().isBefore(b.readyAt())) return new Reply("PROCESSING", "result file not ready yet", b);
        return new Reply("SUCCESS", "ready", made(b));
    }

    /**
     * The result file as the bank shows it, with the differences fabricated for BANK (channels/docs/statements.md):
     * a line left off (OMIT, by consumption id or refund number), a line deducted with another amount (AMOUNT), a
     * deduction of a consumption the hospital never sent (EXTRA, in the files the bank processes that day).
     */
    private Batch made(Batch b) {
        StatementDifferences.Rules rules = differences.of(CHANNEL);
        List<BatchFiles.Result> shown = new ArrayList<>();
        for (BatchFiles.Result r : b.results()) {
            if (rules.omits(r.consumptionId())) continue;
            // A deducted line says it deducted its whole amount (the file's rule): the fabricated amount is both.
            long fen = "00".equals(r.code()) ? rules.amount(r.consumptionId(), r.deductedFen()) : r.deductedFen();
            long amount = "00".equals(r.code()) ? fen : r.amountFen();
            shown.add(new BatchFiles.Result(shown.size() + 1, r.consumptionId(), r.customerNo(), amount, fen, r.code(), r.message(), r.refund()));
        }
        for (StatementDifferences.Extra x : rules.extras()) {
            if (LocalDate.ofInstant(x.at(), BEIJING).equals(b.processedAt().toLocalDate()))
                shown.add(new BatchFiles.Result(shown.size() + 1, x.outTradeNo(), "BC0000000000", x.amountFen(), x.amountFen(), "00", "deducted", false));
        }
        if (shown.equals(b.results())) return b;
        String file = BatchFiles.writeResult(b.merchantNo(), b.batchNo(), b.batchDate(), b.processedAt(), shown);
        return new Batch(b.merchantNo(), b.digest(), shown.size(), b.totalFen(), file, b.readyAt(), b.batchNo(), b.batchDate(), b.processedAt(), shown);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
