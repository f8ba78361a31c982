package org.hospay.channels.bank;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.bank.CreditBank.BatchResult;
import org.hospay.channels.bank.CreditBank.Consumption;
import org.hospay.channels.bank.CreditBank.ConsumptionBatch;
import org.hospay.channels.bank.CreditBank.LineResult;
import org.hospay.channels.bank.CreditBank.ResultLine;

/**
 * The pay-after batch files, both directions. UTF-8, one record per line ending in LF (CRLF is
 * read too), fields separated by {@code |}, which no field may contain; amounts are integer fen,
 * dates {@code yyyyMMdd}, times {@code yyyyMMddHHmmss} (Beijing).
 *
 * <pre>
 * Consumption file (hospital → bank)
 *   H|HOSPAY-CONSUMPTION|1.0|merchantNo|batchNo|batchDate|cutoff|recordCount|totalFen
 *   D|seq|consumptionId|customerNo|amountFen|occurredAt|billNo          (seq = 1..n)
 *   T|recordCount|totalFen
 *
 * Result file (bank → hospital)
 *   H|HOSPAY-CONSUMPTION-RESULT|1.0|merchantNo|batchNo|batchDate|processedAt|recordCount|totalFen
 *   D|seq|consumptionId|customerNo|amountFen|deductedFen|resultCode|message
 *   T|recordCount|successCount|successFen|failCount|failFen
 * </pre>
 *
 * Result codes: 00 deducted, 51 insufficient funds, 14 no such customer, 62 account frozen or
 * closed, 96 system error (submit again in the next batch). A reader checks that header and
 * trailer counts and totals match the detail lines and that seq runs 1..n; any mismatch rejects
 * the whole file.
 */
public final class BankFiles {

    public static final String CONSUMPTION = "HOSPAY-CONSUMPTION";
    public static final String RESULT = "HOSPAY-CONSUMPTION-RESULT";
    public static final String VERSION = "1.0";

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private BankFiles() {}

    /** A file that does not follow the format; the message names the line. */
    public static final class BankFileException extends RuntimeException {
        public BankFileException(String message) {
            super(message);
        }
    }

    public static String writeConsumption(ConsumptionBatch b) {
        StringBuilder out = new StringBuilder();
        line(out, "H", CONSUMPTION, VERSION, b.merchantNo(), b.batchNo(), DATE.format(b.batchDate()), TIME.format(b.cutoff()),
                String.valueOf(b.lines().size()), String.valueOf(b.total().fen()));
        int seq = 0;
        for (Consumption c : b.lines()) {
            if (!c.amount().isPositive()) throw new IllegalArgumentException("consumption " + c.consumptionId() + " has no amount");
            line(out, "D", String.valueOf(++seq), c.consumptionId(), c.customerNo(), String.valueOf(c.amount().fen()),
                    TIME.format(c.occurredAt()), c.billNo());
        }
        line(out, "T", String.valueOf(b.lines().size()), String.valueOf(b.total().fen()));
        return out.toString();
    }

    public static ConsumptionBatch parseConsumption(String text) {
        List<String[]> records = records(text);
        String[] h = expect(records.getFirst(), "H", 9, 1);
        if (!CONSUMPTION.equals(h[1]) || !VERSION.equals(h[2])) throw new BankFileException("line 1: not a " + CONSUMPTION + " " + VERSION + " file");
        List<Consumption> lines = new ArrayList<>();
        for (int i = 1; i < records.size() - 1; i++) {
            String[] d = expect(records.get(i), "D", 7, i + 1);
            checkSeq(d[1], lines.size() + 1, i + 1);
            lines.add(new Consumption(d[2], d[3], positive(d[4], i + 1), time(d[5], i + 1), d[6]));
        }
        String[] t = expect(records.getLast(), "T", 3, records.size());
        ConsumptionBatch batch = new ConsumptionBatch(h[3], h[4], date(h[5], 1), time(h[6], 1), lines);
        long total = batch.total().fen();
        if (number(h[7], 1) != lines.size() || number(t[1], records.size()) != lines.size())
            throw new BankFileException("record count in header " + h[7] + " / trailer " + t[1] + " but " + lines.size() + " detail lines");
        if (number(h[8], 1) != total || number(t[2], records.size()) != total)
            throw new BankFileException("total in header " + h[8] + " / trailer " + t[2] + " but detail lines add up to " + total);
        return batch;
    }

    public static String writeResult(BatchResult r) {
        StringBuilder out = new StringBuilder();
        long total = r.lines().stream().mapToLong(l -> l.amount().fen()).sum();
        line(out, "H", RESULT, VERSION, r.merchantNo(), r.batchNo(), DATE.format(r.batchDate()), TIME.format(r.processedAt()),
                String.valueOf(r.lines().size()), String.valueOf(total));
        long okCount = 0, okFen = 0, failCount = 0, failFen = 0;
        for (ResultLine l : r.lines()) {
            line(out, "D", String.valueOf(l.seq()), l.consumptionId(), l.customerNo(), String.valueOf(l.amount().fen()),
                    String.valueOf(l.deducted().fen()), l.result().code(), clean(l.message()));
            if (l.result() == LineResult.DEDUCTED) {
                okCount++;
                okFen += l.deducted().fen();
            } else {
                failCount++;
                failFen += l.amount().fen();
            }
        }
        line(out, "T", String.valueOf(r.lines().size()), String.valueOf(okCount), String.valueOf(okFen),
                String.valueOf(failCount), String.valueOf(failFen));
        return out.toString();
    }

    public static BatchResult parseResult(String text) {
        List<String[]> records = records(text);
        String[] h = expect(records.getFirst(), "H", 9, 1);
        if (!RESULT.equals(h[1]) || !VERSION.equals(h[2])) throw new BankFileException("line 1: not a " + RESULT + " " + VERSION + " file");
        List<ResultLine> lines = new ArrayList<>();
        long total = 0, okCount = 0, okFen = 0, failCount = 0, failFen = 0;
        for (int i = 1; i < records.size() - 1; i++) {
            String[] d = expect(records.get(i), "D", 8, i + 1);
            checkSeq(d[1], lines.size() + 1, i + 1);
            Money amount = positive(d[4], i + 1);
            Money deducted = Money.ofFen(number(d[5], i + 1));
            LineResult result = LineResult.ofCode(d[6]);
            if (result == LineResult.DEDUCTED ? deducted.fen() != amount.fen() : deducted.fen() != 0)
                throw new BankFileException("line " + (i + 1) + ": result " + d[6] + " with deducted " + deducted.fen() + " of " + amount.fen());
            lines.add(new ResultLine(lines.size() + 1, d[2], d[3], amount, deducted, result, d[7]));
            total += amount.fen();
            if (result == LineResult.DEDUCTED) {
                okCount++;
                okFen += deducted.fen();
            } else {
                failCount++;
                failFen += amount.fen();
            }
        }
        int last = records.size();
        String[] t = expect(records.getLast(), "T", 6, last);
        if (number(h[7], 1) != lines.size() || number(t[1], last) != lines.size())
            throw new BankFileException("record count in header " + h[7] + " / trailer " + t[1] + " but " + lines.size() + " detail lines");
        if (number(h[8], 1) != total)
            throw new BankFileException("total in header " + h[8] + " but detail lines add up to " + total);
        if (number(t[2], last) != okCount || number(t[3], last) != okFen || number(t[4], last) != failCount || number(t[5], last) != failFen)
            throw new BankFileException("trailer success/failure counts and totals do not match the detail lines");
        return new BatchResult(h[3], h[4], date(h[5], 1), time(h[6], 1), lines);
    }

    // ------------------------------------------------------------------ helpers

    private static void line(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i] == null ? "" : fields[i];
            if (f.indexOf('|') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0)
                throw new IllegalArgumentException("a bank file field may not contain '|' or a line break: " + f);
            if (i > 0) out.append('|');
            out.append(f);
        }
        out.append('\n');
    }

    private static String clean(String message) {
        return message == null ? "" : message.replace('|', '/').replace('\n', ' ').replace('\r', ' ');
    }

    private static List<String[]> records(String text) {
        List<String[]> records = new ArrayList<>();
        for (String l : text.split("\r?\n")) {
            if (!l.isEmpty()) records.add(l.split("\\|", -1));
        }
        if (records.size() < 2) throw new BankFileException("a file needs at least a header and a trailer");
        return records;
    }

    private static String[] expect(String[] record, String kind, int fields, int lineNo) {
        if (!kind.equals(record[0]) || record.length != fields)
            throw new BankFileException("line " + lineNo + ": expected a " + kind + " record of " + fields + " fields, got "
                    + record[0] + " with " + record.length);
        return record;
    }

    private static void checkSeq(String seq, int expected, int lineNo) {
        if (number(seq, lineNo) != expected) throw new BankFileException("line " + lineNo + ": seq " + seq + ", expected " + expected);
    }

    private static long number(String s, int lineNo) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BankFileException("line " + lineNo + ": not a non-negative integer: " + s);
        }
    }

    private static Money positive(String s, int lineNo) {
        long v = number(s, lineNo);
        if (v == 0) throw new BankFileException("line " + lineNo + ": amount must be positive");
        return Money.ofFen(v);
    }

    private static LocalDate date(String s, int lineNo) {
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            throw new BankFileException("line " + lineNo + ": not a yyyyMMdd date: " + s);
        }
    }

    private static LocalDateTime time(String s, int lineNo) {
        try {
            return LocalDateTime.parse(s, TIME);
        } catch (DateTimeParseException e) {
            throw new BankFileException("line " + lineNo + ": not a yyyyMMddHHmmss time: " + s);
        }
    }
}
