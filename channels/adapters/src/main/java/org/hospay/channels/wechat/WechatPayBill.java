package org.hospay.channels.wechat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.hospay.channels.Money;

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
        String[] rows = csv.replace("\r", "").replace("\uFEFF", "").split("\n");
        int i = 0;
        while (i < rows.length && rows[i].isBlank()) i++;
        if (i >= rows.length || !rows[i].startsWith("交易时间")) throw new IllegalArgumentException("bill does not start with the 交易时间 header");
        i++;
        List<Line> lines = new ArrayList<>();
        for (; i < rows.length && !rows[i].startsWith("总交易单数"); i++) {
            if (rows[i].isBlank()) continue;
            lines.add(line(fields(rows[i], COLUMNS)));
        }
        if (i + 1 >= rows.length) throw new IllegalArgumentException("bill has no summary");
        String[] s = fields(rows[i + 1], 7);
        Summary summary = new Summary(Integer.parseInt(s[0]), yuan(s[1]), yuan(s[2]), new BigDecimal(s[4]), yuan(s[5]), yuan(s[6]));
        if (summary.count() != lines.size())
            throw new IllegalArgumentException("bill summary counts " + summary.count() + " rows, found " + lines.size());
        return new WechatPayBill(lines, summary);
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
