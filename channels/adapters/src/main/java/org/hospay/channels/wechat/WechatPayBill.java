package org.hospay.channels.wechat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.hospay.channels.Money;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * WeChat Pay's daily trade bill (交易账单, {@code bill_type=ALL}) as the CSV it downloads: a header row,
 * one row per payment or refund with every field prefixed by a backtick ({@code `}, so spreadsheet tools
 * keep long numbers as text), then a summary header and one summary row. Amounts are yuan strings; fees
 * carry five decimals.
 *
 * <p>Columns (ALL): 交易时间, 公众账号ID, 商户号, 特约商户号, 设备号, 微信订单号, 商户订单号, 用户标识, 交易类型,
 * 交易状态, 付款银行, 货币种类, 应结订单金额, 代金券金额, 微信退款单号, 商户退款单号, 退款金额, 充值券退款金额,
 * 退款类型, 退款状态, 商品名称, 商户数据包, 手续费, 费率, 订单金额, 申请退款金额, 费率备注.
 */
public record WechatPayBill(List<Line> lines, Summary summary) {

    public static final String HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
            + "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,"
            + "退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    public static final String SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final int COLUMNS = 27;

    /**
     * One bill row. A payment row has {@code tradeState} SUCCESS (or REVOKED when reversed) and a
     * settlement amount; a refund row has REFUND, a refund number and a refund amount.
     */
    public record Line(LocalDateTime tradeTime, String mchid, String deviceId, String transactionId, String outTradeNo,
                       String openid, String tradeType, String tradeState, Money settlement, String refundId,
                       String outRefundNo, Money refund, String refundStatus, String description, BigDecimal fee,
                       Money orderAmount, Money requestedRefund) {}

    public record Summary(int count, Money settlementTotal, Money refundTotal, BigDecimal feeTotal, Money orderTotal,
                          Money requestedRefundTotal) {}

    public static final WechatPayBill EMPTY = new WechatPayBill(List.of(), new Summary(0, Money.ZERO, Money.ZERO, BigDecimal.ZERO, Money.ZERO, Money.ZERO));

    public WechatPayBill {
        lines = List.copyOf(lines);
    }

    /** Parses the downloaded text; anything not in the shape above is an {@link IllegalArgumentException}. */
    public static WechatPayBill parse(String csv) {
        Reader reader = new Reader();
        List<Line> lines = new ArrayList<>();
        for (String row : csv.split("\n")) {
            Line l = reader.row(row);
            if (l != null) lines.add(l);
        }
        return new WechatPayBill(lines, reader.finish());
    }

    /**
     * The bill's lines as its rows arrive (a streamed download): each row is read and handed on, only the count
     * is kept; the summary is checked at the end, so a bill cut short or padded ends the stream with an
     * {@link IllegalArgumentException} after its lines.
     */
    public static Flux<Line> lines(Flux<String> rows) {
        return Flux.defer(() -> {
            Reader reader = new Reader();
            return rows.<Line>handle((row, sink) -> {
                try {
                    Line l = reader.row(row);
                    if (l != null) sink.next(l);
                } catch (IllegalArgumentException e) {
                    sink.error(e);
                }
            }).concatWith(Mono.fromRunnable(reader::finish));
        });
    }

    /** Reads a bill row by row: the header, the lines, the summary header, the summary; then {@link #finish}. */
    static final class Reader {
        private enum Part { BEFORE_HEADER, LINES, SUMMARY, DONE }

        private Part part = Part.BEFORE_HEADER;
        private int count;
        private Summary summary;

        /** The row's line, or null for a row that is not one (header, blank, summary). */
        Line row(String raw) {
            String row = raw.replace("\r", "").replace("\uFEFF", "");
            if (row.isBlank()) return null;
            switch (part) {
                case BEFORE_HEADER -> {
                    if (!row.startsWith("交易时间")) throw new IllegalArgumentException("bill does not start with the 交易时间 header");
                    part = Part.LINES;
                    return null;
                }
                case LINES -> {
                    if (row.startsWith("总交易单数")) {
                        part = Part.SUMMARY;
                        return null;
                    }
                    count++;
                    return line(fields(row, COLUMNS));
                }
                case SUMMARY -> {
                    String[] s = fields(row, 7);
                    summary = new Summary(Integer.parseInt(s[0]), yuan(s[1]), yuan(s[2]), new BigDecimal(s[4]), yuan(s[5]), yuan(s[6]));
                    part = Part.DONE;
                    return null;
                }
                default -> throw new IllegalArgumentException("bill has rows after its summary: " + row);
            }
        }

        /** The summary, once it agrees with the lines read. */
        Summary finish() {
            if (summary == null) throw new IllegalArgumentException(part == Part.BEFORE_HEADER
                    ? "bill does not start with the 交易时间 header" : "bill has no summary");
            if (summary.count() != count)
                throw new IllegalArgumentException("bill summary counts " + summary.count() + " rows, found " + count);
            return summary;
        }
    }

    private static Line line(String[] f) {
        try {
            return new Line(LocalDateTime.parse(f[0], TIME), f[2], f[4], f[5], f[6], f[7], f[8], f[9], yuan(f[12]), f[14],
                    f[15], yuan(f[16]), f[19], f[20], new BigDecimal(f[22]), yuan(f[24]), yuan(f[25]));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("unreadable bill row: " + String.join(",", f), e);
        }
    }

    /** Fields of a backtick row. Splitting on ",`" keeps commas inside a product name intact. */
    private static String[] fields(String row, int expected) {
        if (!row.startsWith("`")) throw new IllegalArgumentException("bill row does not start with a backtick: " + row);
        String[] f = row.substring(1).split(",`", -1);
        if (f.length != expected) throw new IllegalArgumentException("bill row has " + f.length + " fields, expected " + expected + ": " + row);
        return f;
    }

    private static Money yuan(String s) {
        return s.isBlank() ? Money.ZERO : Money.ofYuan(s);
    }
}
