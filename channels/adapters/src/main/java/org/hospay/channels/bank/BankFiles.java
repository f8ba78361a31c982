package org.hospay.channels.bank;

import java.nio.charset.StandardCharsets;
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
import org.hospay.channels.bank.CreditBank.Refund;
import org.hospay.channels.bank.CreditBank.ResultLine;

/**
 * The pay-after batch files, both directions, in a fixed-width format (the way banks exchange
 * batch files; field by field in {@code channels/docs/bank.md}). US-ASCII, every record exactly
 * {@value #RECORD_LENGTH} characters followed by LF (a CR before it is tolerated on reading); a
 * header record, detail records, a trailer record. Numbers are right-aligned and zero-padded,
 * text is left-aligned and space-padded, amounts are integer fen, dates {@code yyyyMMdd}, times
 * {@code yyyyMMddHHmmss} (Beijing).
 *
 * <pre>
 * Consumption file (hospital → bank), file code HPCONS
 *   H  fileCode(6) version(3) merchantNo(20) batchNo(32) batchDate(8) cutoff(14) recordCount(8) totalFen(16)
 *   D  seq(8) consumptionId(32) customerNo(20) amountFen(16) occurredAt(14) billNo(32)
 *   R  seq(8) refundNo(32) customerNo(20) amountFen(16) refundedAt(14) consumptionId(32)   (credit refund, after the D records)
 *   T  recordCount(8) totalFen(16)      (counts and totals cover D and R records alike)
 *
 * Result file (bank → hospital), file code HPRSLT
 *   H  fileCode(6) version(3) merchantNo(20) batchNo(32) batchDate(8) processedAt(14) recordCount(8) totalFen(16)
 *   D  seq(8) consumptionId(32) customerNo(20) amountFen(16) deductedFen(16) resultCode(2) message(32)
 *   R  seq(8) refundNo(32) customerNo(20) amountFen(16) creditedFen(16) resultCode(2) message(32)
 *   T  recordCount(8) successCount(8) successFen(16) failCount(8) failFen(16)
 * </pre>
 *
 * Result codes: 00 deducted (R: credited), 51 insufficient funds, 14 no such customer, 62 account frozen or
 * closed, 25 (R) no deduction or debt under that consumption, 96 system error (submit again in a later batch). A reader checks every record's length
 * and type, that seq runs 1..n, and that header and trailer counts and totals match the detail
 * lines; any mismatch rejects the whole file. Identifiers are 1..their width of printable ASCII
 * without spaces; the result message is printable ASCII, cut to its width.
 *
 * <p>Hand-written because the format is ours: a fixed-width library would add a dependency for
 * what is a table of offsets.
 */
public final class BankFiles {

    public static final int RECORD_LENGTH = 128;
    public static final String CONSUMPTION = "HPCONS";
    public static final String RESULT = "HPRSLT";
    public static final String VERSION = "100";

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** How a field is written: a right-aligned zero-padded number, an identifier, or free ASCII text cut to width. */
    private enum Kind { NUMBER, ID, TEXT }

    private record Field(String name, int width, Kind kind) {}

    private static Field num(String name, int width) {
        return new Field(name, width, Kind.NUMBER);
    }

    private static Field id(String name, int width) {
        return new Field(name, width, Kind.ID);
    }

    private static final List<Field> HEADER = List.of(id("fileCode", 6), num("version", 3), id("merchantNo", 20), id("batchNo", 32),
            num("batchDate", 8), num("time", 14), num("recordCount", 8), num("totalFen", 16));
    private static final List<Field> CONSUMPTION_DETAIL = List.of(num("seq", 8), id("consumptionId", 32), id("customerNo", 20),
            num("amountFen", 16), num("occurredAt", 14), id("billNo", 32));
    private static final List<Field> REFUND_DETAIL = List.of(num("seq", 8), id("refundNo", 32), id("customerNo", 20),
            num("amountFen", 16), num("refundedAt", 14), id("consumptionId", 32));
    private static final List<Field> CONSUMPTION_TRAILER = List.of(num("recordCount", 8), num("totalFen", 16));
    private static final List<Field> RESULT_DETAIL = List.of(num("seq", 8), id("consumptionId", 32), id("customerNo", 20),
            num("amountFen", 16), num("deductedFen", 16), num("resultCode", 2), new Field("message", 32, Kind.TEXT));
    private static final List<Field> RESULT_TRAILER = List.of(num("recordCount", 8), num("successCount", 8), num("successFen", 16),
            num("failCount", 8), num("failFen", 16));

    private BankFiles() {}

    /** A file that does not follow the format; the message names the line and the field. */
    public static final class BankFileException extends RuntimeException {
        public BankFileException(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------ consumption file

    /** @throws IllegalArgumentException when a value does not fit its field (nothing is written then) */
    public static String writeConsumption(ConsumptionBatch b) {
        StringBuilder out = new StringBuilder();
        String count = String.valueOf(b.recordCount());
        String total = String.valueOf(b.total().fen() + b.refundTotal().fen());
        record(out, "H", HEADER, CONSUMPTION, VERSION, b.merchantNo(), b.batchNo(), DATE.format(b.batchDate()), TIME.format(b.cutoff()),
                count, total);
        int seq = 0;
        for (Consumption c : b.lines()) {
            if (!c.amount().isPositive()) throw new IllegalArgumentException("consumption " + c.consumptionId() + " has no amount");
            record(out, "D", CONSUMPTION_DETAIL, String.valueOf(++seq), c.consumptionId(), c.customerNo(),
                    String.valueOf(c.amount().fen()), TIME.format(c.occurredAt()), c.billNo());
        }
        for (Refund r : b.refunds()) {
            if (!r.amount().isPositive()) throw new IllegalArgumentException("refund " + r.refundNo() + " has no amount");
            record(out, "R", REFUND_DETAIL, String.valueOf(++seq), r.refundNo(), r.customerNo(),
                    String.valueOf(r.amount().fen()), TIME.format(r.refundedAt()), r.consumptionId());
        }
        record(out, "T", CONSUMPTION_TRAILER, count, total);
        return out.toString();
    }

    public static ConsumptionBatch parseConsumption(String text) {
        List<String> records = records(text);
        String[] h = read(records, 0, "H", HEADER);
        fileCode(h, CONSUMPTION);
        List<Consumption> lines = new ArrayList<>();
        List<Refund> refunds = new ArrayList<>();
        for (int i = 1; i < records.size() - 1; i++) {
            int lineNo = i + 1;
            // Consumptions first, then credit refunds: an R record is never followed by a D record.
            boolean refund = records.get(i).startsWith("R") || !refunds.isEmpty();
            String[] d = read(records, i, refund ? "R" : "D", refund ? REFUND_DETAIL : CONSUMPTION_DETAIL);
            checkSeq(d[0], lines.size() + refunds.size() + 1, lineNo);
            Money amount = positive(d[3], lineNo, "amountFen");
            if (refund) refunds.add(new Refund(d[1], d[2], amount, time(d[4], lineNo), d[5]));
            else lines.add(new Consumption(d[1], d[2], amount, time(d[4], lineNo), d[5]));
        }
        int last = records.size() - 1;
        String[] t = read(records, last, "T", CONSUMPTION_TRAILER);
        ConsumptionBatch batch = new ConsumptionBatch(h[2], h[3], date(h[4], 1), time(h[5], 1), lines, refunds);
        long total = batch.total().fen() + batch.refundTotal().fen();
        int count = batch.recordCount();
        if (number(h[6], 1) != count || number(t[0], last + 1) != count)
            throw new BankFileException("record count in header " + h[6] + " / trailer " + t[0] + " but " + count + " detail records");
        if (number(h[7], 1) != total || number(t[1], last + 1) != total)
            throw new BankFileException("total in header " + h[7] + " / trailer " + t[1] + " but the detail records add up to " + total);
        return batch;
    }

    // ------------------------------------------------------------------ result file

    public static String writeResult(BatchResult r) {
        StringBuilder out = new StringBuilder();
        long total = r.lines().stream().mapToLong(l -> l.amount().fen()).sum();
        record(out, "H", HEADER, RESULT, VERSION, r.merchantNo(), r.batchNo(), DATE.format(r.batchDate()), TIME.format(r.processedAt()),
                String.valueOf(r.lines().size()), String.valueOf(total));
        long okCount = 0, okFen = 0, failCount = 0, failFen = 0;
        for (ResultLine l : r.lines()) {
            record(out, l.refund() ? "R" : "D", RESULT_DETAIL, String.valueOf(l.seq()), l.consumptionId(), l.customerNo(), String.valueOf(l.amount().fen()),
                    String.valueOf(l.deducted().fen()), l.result().code(), l.message());
            if (l.result() == LineResult.DEDUCTED) {
                okCount++;
                okFen += l.deducted().fen();
            } else {
                failCount++;
                failFen += l.amount().fen();
            }
        }
        record(out, "T", RESULT_TRAILER, String.valueOf(r.lines().size()), String.valueOf(okCount), String.valueOf(okFen),
                String.valueOf(failCount), String.valueOf(failFen));
        return out.toString();
    }

    public static BatchResult parseResult(String text) {
        List<String> records = records(text);
        String[] h = read(records, 0, "H", HEADER);
        fileCode(h, RESULT);
        List<ResultLine> lines = new ArrayList<>();
        long total = 0, okCount = 0, okFen = 0, failCount = 0, failFen = 0;
        for (int i = 1; i < records.size() - 1; i++) {
            int lineNo = i + 1;
            boolean refund = records.get(i).startsWith("R");
            String[] d = read(records, i, refund ? "R" : "D", RESULT_DETAIL);
            checkSeq(d[0], lines.size() + 1, lineNo);
            Money amount = positive(d[3], lineNo, "amountFen");
            Money deducted = Money.ofFen(number(d[4], lineNo));
            LineResult result = LineResult.ofCode(d[5])
                    .orElseThrow(() -> new BankFileException("line " + lineNo + ": unknown result code " + d[5]));
            if (result == LineResult.DEDUCTED ? deducted.fen() != amount.fen() : deducted.fen() != 0)
                throw new BankFileException("line " + lineNo + ": result " + d[5] + " with " + deducted.fen() + " of " + amount.fen() + " fen deducted");
            lines.add(new ResultLine(lines.size() + 1, d[1], d[2], amount, deducted, result, d[6], refund));
            total += amount.fen();
            if (result == LineResult.DEDUCTED) {
                okCount++;
                okFen += deducted.fen();
            } else {
                failCount++;
                failFen += amount.fen();
            }
        }
        int last = records.size() - 1;
        String[] t = read(records, last, "T", RESULT_TRAILER);
        if (number(h[6], 1) != lines.size() || number(t[0], last + 1) != lines.size())
            throw new BankFileException("record count in header " + h[6] + " / trailer " + t[0] + " but " + lines.size() + " detail records");
        if (number(h[7], 1) != total)
            throw new BankFileException("total in header " + h[7] + " but the detail records add up to " + total);
        if (number(t[1], last + 1) != okCount || number(t[2], last + 1) != okFen || number(t[3], last + 1) != failCount
                || number(t[4], last + 1) != failFen)
            throw new BankFileException("trailer success/failure counts and totals do not match the detail records");
        return new BatchResult(h[2], h[3], date(h[4], 1), time(h[5], 1), lines);
    }

    // ------------------------------------------------------------------ records

    private static void record(StringBuilder out, String type, List<Field> fields, String... values) {
        StringBuilder r = new StringBuilder(RECORD_LENGTH).append(type);
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String v = values[i] == null ? "" : values[i];
            switch (f.kind()) {
                case NUMBER -> {
                    if (v.isEmpty() || v.length() > f.width() || !v.chars().allMatch(c -> c >= '0' && c <= '9'))
                        throw new IllegalArgumentException(f.name() + " must be 1-" + f.width() + " digits: " + v);
                    r.append("0".repeat(f.width() - v.length())).append(v);
                }
                case ID -> {
                    if (v.isEmpty() || v.length() > f.width() || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f))
                        throw new IllegalArgumentException(f.name() + " must be 1-" + f.width() + " printable ASCII characters without spaces: " + v);
                    r.append(v).append(" ".repeat(f.width() - v.length()));
                }
                case TEXT -> {
                    StringBuilder t = new StringBuilder();
                    v.chars().limit(f.width()).forEach(c -> t.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
                    r.append(t).append(" ".repeat(f.width() - t.length()));
                }
            }
        }
        r.append(" ".repeat(RECORD_LENGTH - r.length()));
        out.append(r).append('\n');
    }

    private static List<String> records(String text) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) throw new BankFileException("a bank file is US-ASCII only");
        List<String> records = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            if (l.isEmpty() && i == raw.length - 1) break;
            if (l.length() != RECORD_LENGTH)
                throw new BankFileException("line " + (i + 1) + ": a record is " + RECORD_LENGTH + " characters, this one " + l.length());
            records.add(l);
        }
        if (records.size() < 2) throw new BankFileException("a file needs at least a header and a trailer record");
        return records;
    }

    /** The record's fields, trimmed; its type letter must be {@code type}. */
    private static String[] read(List<String> records, int index, String type, List<Field> fields) {
        String r = records.get(index);
        if (!r.startsWith(type))
            throw new BankFileException("line " + (index + 1) + ": expected a " + type + " record, got " + r.charAt(0));
        String[] values = new String[fields.size()];
        int at = 1;
        for (int i = 0; i < fields.size(); i++) {
            values[i] = r.substring(at, at + fields.get(i).width()).strip();
            at += fields.get(i).width();
        }
        if (!r.substring(at).isBlank()) throw new BankFileException("line " + (index + 1) + ": characters after the last field");
        return values;
    }

    private static void fileCode(String[] header, String expected) {
        if (!expected.equals(header[0]) || !VERSION.equals(header[1]))
            throw new BankFileException("line 1: not a " + expected + " " + VERSION + " file but " + header[0] + " " + header[1]);
    }

    private static void checkSeq(String seq, int expected, int lineNo) {
        if (number(seq, lineNo) != expected) throw new BankFileException("line " + lineNo + ": seq " + seq + ", expected " + expected);
    }

    private static long number(String s, int lineNo) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9'))
            throw new BankFileException("line " + lineNo + ": not a number: '" + s + "'");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BankFileException("line " + lineNo + ": number out of range: " + s);
        }
    }

    private static Money positive(String s, int lineNo, String field) {
        long v = number(s, lineNo);
        if (v == 0) throw new BankFileException("line " + lineNo + ": " + field + " must be positive");
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
