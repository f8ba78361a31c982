package org.hospay.simulator.bank;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's side of the pay-after batch files, written from the record layouts in
 * {@code channels/docs/bank.md} ("The files") without the adapter's code: reads the hospital's
 * consumption file ({@code HPCONS}: consumptions {@code D}, then credit refunds {@code R}) and writes the
 * result file ({@code HPRSLT}). Positions below are the
 * document's, 1-based and inclusive; every record is 128 characters and LF.
 */
final class BatchFiles {

    static final int LENGTH = 128;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private BatchFiles() {}

    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * A detail record: a consumption ({@code D}: id = consumption id, ref = bill number) or a credit refund
     * ({@code R}: id = refund number, ref = the consumption it refunds).
     */
    record Line(String consumptionId, String customerNo, long amountFen, LocalDateTime occurredAt, String billNo, boolean refund) {}

    record Consumption(String merchantNo, String batchNo, LocalDate batchDate, List<Line> lines) {
        long totalFen() {
            return lines.stream().mapToLong(Line::amountFen).sum();
        }
    }

    record Result(int seq, String consumptionId, String customerNo, long amountFen, long deductedFen, String code, String message,
                  boolean refund) {}

    // ---------------------------------------------------------------- reading HPCONS

    static Consumption readConsumption(String text) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) throw new Invalid("a bank file is US-ASCII only");
        String[] raw = text.split("\n", -1);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            String r = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            if (i == raw.length - 1 && r.isEmpty()) break;
            if (r.length() != LENGTH) throw new Invalid("line " + (i + 1) + ": a record is " + LENGTH + " characters, this one " + r.length());
            records.add(r);
        }
        if (records.size() < 2) throw new Invalid("a file needs at least a header and a trailer record");
        String h = records.get(0);
        type(h, 'H', 1);
        if (!at(h, 2, 7).equals("HPCONS") || !at(h, 8, 10).equals("100"))
            throw new Invalid("line 1: not a HPCONS 100 file but " + at(h, 2, 7) + " " + at(h, 8, 10));
        blank(h, 109, 128, 1);
        String merchantNo = id(h, 11, 30, 1, "merchant number");
        String batchNo = id(h, 31, 62, 1, "batch number");
        LocalDate batchDate = date(at(h, 63, 70), 1);
        time(at(h, 71, 84), 1);
        List<Line> lines = new ArrayList<>();
        int last = records.size() - 1;
        for (int i = 1; i < last; i++) {
            String d = records.get(i);
            int no = i + 1;
            boolean refund = d.charAt(0) == 'R' || (!lines.isEmpty() && lines.getLast().refund());
            type(d, refund ? 'R' : 'D', no);
            if (number(d, 2, 9, no) != lines.size() + 1) throw new Invalid("line " + no + ": seq " + at(d, 2, 9) + ", expected " + (lines.size() + 1));
            long amount = number(d, 62, 77, no);
            if (amount <= 0) throw new Invalid("line " + no + ": amountFen must be positive");
            blank(d, 124, 128, no);
            lines.add(new Line(id(d, 10, 41, no, "consumption id"), id(d, 42, 61, no, "customer number"), amount,
                    time(at(d, 78, 91), no), id(d, 92, 123, no, refund ? "consumption id" : "bill number"), refund));
        }
        String t = records.get(last);
        type(t, 'T', last + 1);
        blank(t, 26, 128, last + 1);
        Consumption c = new Consumption(merchantNo, batchNo, batchDate, List.copyOf(lines));
        if (number(h, 85, 92, 1) != lines.size() || number(t, 2, 9, last + 1) != lines.size())
            throw new Invalid("record count in header " + at(h, 85, 92) + " / trailer " + at(t, 2, 9) + " but " + lines.size() + " detail records");
        if (number(h, 93, 108, 1) != c.totalFen() || number(t, 10, 25, last + 1) != c.totalFen())
            throw new Invalid("total in header " + at(h, 93, 108) + " / trailer " + at(t, 10, 25) + " but the detail records add up to " + c.totalFen());
        return c;
    }

    private static String at(String record, int from, int to) {
        return record.substring(from - 1, to).strip();
    }

    private static void type(String record, char type, int no) {
        if (record.charAt(0) != type) throw new Invalid("line " + no + ": expected a " + type + " record, got " + record.charAt(0));
    }

    private static void blank(String record, int from, int to, int no) {
        if (!record.substring(from - 1, to).isBlank()) throw new Invalid("line " + no + ": characters after the last field");
    }

    private static String id(String record, int from, int to, int no, String what) {
        String raw = record.substring(from - 1, to);
        String v = raw.stripTrailing();
        if (v.isEmpty() || v.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7f))
            throw new Invalid("line " + no + ": " + what + " must be printable ASCII without spaces: '" + raw + "'");
        return v;
    }

    private static long number(String record, int from, int to, int no) {
        String v = record.substring(from - 1, to);
        if (!v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) throw new Invalid("line " + no + ": not a number: '" + v.strip() + "'");
        return Long.parseLong(v);
    }

    private static LocalDate date(String s, int no) {
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            throw new Invalid("line " + no + ": not a yyyyMMdd date: " + s);
        }
    }

    private static LocalDateTime time(String s, int no) {
        try {
            return LocalDateTime.parse(s, TIME);
        } catch (DateTimeParseException e) {
            throw new Invalid("line " + no + ": not a yyyyMMddHHmmss time: " + s);
        }
    }

    // ---------------------------------------------------------------- writing HPRSLT

    static String writeResult(String merchantNo, String batchNo, LocalDate batchDate, LocalDateTime processedAt, List<Result> lines) {
        StringBuilder out = new StringBuilder();
        long asked = 0, okCount = 0, okFen = 0, failCount = 0, failFen = 0;
        for (Result r : lines) {
            asked += r.amountFen();
            if (r.code().equals("00")) {
                okCount++;
                okFen += r.deductedFen();
            } else {
                failCount++;
                failFen += r.amountFen();
            }
        }
        record(out, "H" + "HPRSLT" + "100" + left(merchantNo, 20) + left(batchNo, 32) + DATE.format(batchDate) + TIME.format(processedAt)
                + zeros(lines.size(), 8) + zeros(asked, 16));
        for (Result r : lines) {
            record(out, (r.refund() ? "R" : "D") + zeros(r.seq(), 8) + left(r.consumptionId(), 32) + left(r.customerNo(), 20) + zeros(r.amountFen(), 16)
                    + zeros(r.deductedFen(), 16) + r.code() + text(r.message(), 32));
        }
        record(out, "T" + zeros(lines.size(), 8) + zeros(okCount, 8) + zeros(okFen, 16) + zeros(failCount, 8) + zeros(failFen, 16));
        return out.toString();
    }

    private static void record(StringBuilder out, String fields) {
        if (fields.length() > LENGTH) throw new IllegalArgumentException("record longer than " + LENGTH + ": " + fields);
        out.append(fields).append(" ".repeat(LENGTH - fields.length())).append('\n');
    }

    private static String zeros(long n, int width) {
        String s = Long.toString(n);
        if (n < 0 || s.length() > width) throw new IllegalArgumentException(n + " does not fit " + width + " digits");
        return "0".repeat(width - s.length()) + s;
    }

    private static String left(String s, int width) {
        if (s.isEmpty() || s.length() > width) throw new IllegalArgumentException("'" + s + "' does not fit " + width + " characters");
        return s + " ".repeat(width - s.length());
    }

    private static String text(String s, int width) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (b.length() == width) break;
            b.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return b + " ".repeat(width - b.length());
    }
}
