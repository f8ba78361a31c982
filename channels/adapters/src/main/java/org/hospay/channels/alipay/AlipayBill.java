package org.hospay.channels.alipay;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.hospay.channels.Money;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A day's trade bill as Alipay delivers it: a zip with {@code <pid>_<yyyyMMdd>_业务明细.csv} (and a
 * {@code …(汇总).csv} summary we do not need), GBK-encoded, {@code #} comment lines around one header
 * line and one row per trade or refund. Ids end in a tab (so spreadsheets keep them as text); refund
 * rows carry negative amounts. Reading is pure; a file in another shape is empty, never a guess.
 *
 * @param lines the trades and refunds, in the file's order
 */
public record AlipayBill(List<Line> lines) {

    public static final Charset GBK = Charset.forName("GBK");
    public static final String DETAIL_SUFFIX = "_业务明细.csv";
    public static final String HEADER = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,"
            + "对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
            + "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";
    private static final int COLUMNS = 25;

    public AlipayBill {
        lines = List.copyOf(lines);
    }

    /** 业务类型. */
    public enum Type implements AlipayCodes.Wire {
        TRADE("交易"),
        REFUND("退款"),
        UNRECOGNISED("");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static Type of(String text) {
            return AlipayCodes.parse(Type.class, text, UNRECOGNISED);
        }
    }

    /**
     * One row.
     *
     * @param amount          订单金额 of a trade, the refunded amount of a refund (without the sign)
     * @param received        商家实收, without the sign
     * @param refundRequestNo 退款批次号/请求号: our {@code out_request_no} on refund rows, else empty
     */
    public record Line(String tradeNo, String outTradeNo, Type type, String subject, Instant createdAt, Instant finishedAt,
                       Money amount, Money received, String refundRequestNo) {
        public Line {
            Objects.requireNonNull(tradeNo, "tradeNo");
            Objects.requireNonNull(outTradeNo, "outTradeNo");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(received, "received");
        }
    }

    public List<Line> trades() {
        return lines.stream().filter(l -> l.type() == Type.TRADE).toList();
    }

    public List<Line> refunds() {
        return lines.stream().filter(l -> l.type() == Type.REFUND).toList();
    }

    /** The bill in a downloaded zip; empty when there is no detail CSV or it is not in Alipay's shape. */
    public static Optional<AlipayBill> parse(byte[] zip) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), GBK)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith(DETAIL_SUFFIX)) return parseCsv(new String(in.readAllBytes(), GBK));
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The bill in the detail CSV's text. */
    public static Optional<AlipayBill> parseCsv(String csv) {
        Reader reader = new Reader();
        List<Line> lines = new ArrayList<>();
        try {
            for (String raw : csv.split("\r?\n")) reader.row(raw).ifPresent(lines::add);
            reader.finish();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new AlipayBill(lines));
    }

    /**
     * The detail CSV's lines as its rows arrive (a streamed download); a row or a file not in Alipay's shape ends
     * the stream with an {@link IllegalArgumentException}.
     */
    public static Flux<Line> lines(Flux<String> rows) {
        return Flux.defer(() -> {
            Reader reader = new Reader();
            return rows.<Line>handle((row, sink) -> {
                try {
                    reader.row(row).ifPresent(sink::next);
                } catch (IllegalArgumentException e) {
                    sink.error(e);
                }
            }).concatWith(Mono.fromRunnable(reader::finish));
        });
    }

    /**
     * Opens the detail CSV inside a downloaded zip (GBK names): the stream positioned at the entry's bytes; an
     * {@link IllegalArgumentException} when the zip has none.
     */
    public static InputStream detailEntry(InputStream zip) throws IOException {
        ZipInputStream in = new ZipInputStream(zip, GBK);
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (e.getName().endsWith(DETAIL_SUFFIX)) return in;
        }
        throw new IllegalArgumentException("the bill is not a zip of Alipay's business-detail CSV");
    }

    /** Reads the detail CSV row by row: comments, one header, the rows; then {@link #finish}. */
    static final class Reader {
        private boolean headerSeen;

        Optional<Line> row(String raw) {
            if (raw.isBlank() || raw.startsWith("#")) return Optional.empty();
            if (!headerSeen) {
                if (!raw.strip().equals(HEADER)) throw new IllegalArgumentException("the bill's header is not Alipay's business-detail header");
                headerSeen = true;
                return Optional.empty();
            }
            return Optional.of(line(raw.split(",", -1)).orElseThrow(() -> new IllegalArgumentException("unreadable bill row: " + raw)));
        }

        void finish() {
            if (!headerSeen) throw new IllegalArgumentException("the bill has no header");
        }
    }

    private static Optional<Line> line(String[] cells) {
        if (cells.length != COLUMNS) return Optional.empty();
        Optional<Money> amount = unsigned(cell(cells, 11));
        Optional<Money> received = unsigned(cell(cells, 12));
        Optional<Instant> created = AlipayMapping.time(cell(cells, 4));
        Optional<Instant> finished = AlipayMapping.time(cell(cells, 5));
        if (cell(cells, 0).isEmpty() || amount.isEmpty() || received.isEmpty() || created.isEmpty()) return Optional.empty();
        return Optional.of(new Line(cell(cells, 0), cell(cells, 1), Type.of(cell(cells, 2)), cell(cells, 3), created.get(),
                finished.orElse(null), amount.get(), received.get(), cell(cells, 21)));
    }

    private static String cell(String[] cells, int i) {
        return cells[i].strip();
    }

    private static Optional<Money> unsigned(String yuan) {
        return AlipayMapping.yuan(yuan.startsWith("-") ? yuan.substring(1) : yuan);
    }
}
