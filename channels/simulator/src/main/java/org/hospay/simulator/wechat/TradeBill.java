package org.hospay.simulator.wechat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hospay.simulator.wire.Money;
import org.hospay.simulator.wire.DemoKeys;
import java.time.format.DateTimeFormatter;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.ledger.LedgerEntry;
import org.hospay.simulator.statement.StatementDifferences;
import org.springframework.stereotype.Component;

/**
 * The daily trade bill (交易账单, ALL) in WeChat's CSV shape, generated from the ledger: one SUCCESS row per
 * payment (code payment MICROPAY, papay PAP) paid that Beijing day, one REFUND row per refund, and one
 * REVOKED row per reversal that returned money; then the summary. Fees are the standard 0.6 %, to five
 * decimals, negative on refund rows (WeChat returns the fee with the refund).
 */
@Component
class TradeBill {

    private static final String RATE = "0.60%";
    /** The ALL bill's columns and its summary's, as WeChat Pay's 下载交易账单 documentation lists them. */
    static final String HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
            + "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,"
            + "退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    static final String SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Ledger ledger;
    private final WechatPaySim sim;
    private final StatementDifferences differences;

    TradeBill(Ledger ledger, WechatPaySim sim, StatementDifferences differences) {
        this.ledger = ledger;
        this.sim = sim;
        this.differences = differences;
    }

    private record Row(Instant time, String[] fields, long settlementFen, long refundFen, long feeMilli, long orderFen, long requestedRefundFen) {}

    /** The day's bill, or null when the day had no trades (WeChat: NO_STATEMENT_EXIST). */
    String csv(LocalDate day) {
        List<Row> rows = new ArrayList<>();
        StatementDifferences.Rules made = differences.of(WechatPaySim.CHANNEL);
        for (LedgerEntry e : ledger.all(WechatPaySim.CHANNEL)) {
            switch (e.type()) {
                case "CHARGE", "WITHHOLD" -> sim.order(e.requestId()).ifPresent(o -> {
                    if (o.successTime != null && onDay(o.successTime, day) && !made.omits(o.outTradeNo))
                        rows.add(payment(o, made.amount(o.outTradeNo, o.totalFen)));
                });
                case "REFUND" -> sim.refundRecord(e.requestId()).ifPresent(r -> {
                    if (onDay(r.createdAt(), day)) sim.order(r.outTradeNo()).ifPresent(o -> rows.add(refund(o, r.outRefundNo(), r.refundId(), r.refundFen(), r.createdAt(), "REFUND")));
                });
                case "REVERSAL" -> {
                    Instant at = e.answeredAt() == null ? e.receivedAt() : e.answeredAt();
                    if (e.amountFen() > 0 && onDay(at, day))
                        sim.order(e.requestId()).ifPresent(o -> rows.add(refund(o, o.outTradeNo, "0", e.amountFen(), at, "REVOKED")));
                }
                default -> { }
            }
        }
        for (StatementDifferences.Extra x : made.extras()) {
            if (onDay(x.at(), day)) rows.add(extra(x));
        }
        if (rows.isEmpty()) return null;
        rows.sort(Comparator.comparing(Row::time));
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        long settlement = 0, refund = 0, feeMilli = 0, order = 0, requested = 0;
        for (Row r : rows) {
            b.append('`').append(String.join(",`", r.fields())).append("\r\n");
            settlement += r.settlementFen();
            refund += r.refundFen();
            feeMilli += r.feeMilli();
            order += r.orderFen();
            requested += r.requestedRefundFen();
        }
        b.append(SUMMARY_HEADER).append("\r\n");
        b.append('`').append(String.join(",`", Integer.toString(rows.size()), yuan(settlement), yuan(refund), "0.00",
                fee(feeMilli), yuan(order), yuan(requested))).append("\r\n");
        return b.toString();
    }

    /** A payment row; {@code fen} is the order's amount unless a statement difference was fabricated for it. */
    private static Row payment(WechatPaySim.Order o, long fen) {
        long fee = fen * 6;
        return new Row(o.successTime, new String[] {
                time(o.successTime), DemoKeys.WECHAT_APPID, DemoKeys.WECHAT_MCHID, "0", o.deviceId, o.transactionId, o.outTradeNo,
                o.wallet.accountId(), o.tradeType, "SUCCESS", "OTHERS", "CNY", yuan(fen), "0.00", "0", "0", "0.00", "0.00",
                "", "", clean(o.description), "", fee(fee), RATE, yuan(fen), "0.00", ""},
                fen, 0, fee, fen, 0);
    }

    /** A fabricated payment row of an order the merchant never sent. */
    private static Row extra(StatementDifferences.Extra x) {
        long fee = x.amountFen() * 6;
        return new Row(x.at(), new String[] {
                time(x.at()), DemoKeys.WECHAT_APPID, DemoKeys.WECHAT_MCHID, "0", "", x.transactionId(), x.outTradeNo(),
                "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "MICROPAY", "SUCCESS", "OTHERS", "CNY", yuan(x.amountFen()), "0.00", "0", "0", "0.00",
                "0.00", "", "", "", "", fee(fee), RATE, yuan(x.amountFen()), "0.00", ""},
                x.amountFen(), 0, fee, x.amountFen(), 0);
    }

    private static Row refund(WechatPaySim.Order o, String outRefundNo, String refundId, long refundFen, Instant at, String state) {
        long fee = -refundFen * 6;
        return new Row(at, new String[] {
                time(at), DemoKeys.WECHAT_APPID, DemoKeys.WECHAT_MCHID, "0", o.deviceId, o.transactionId, o.outTradeNo,
                o.wallet.accountId(), o.tradeType, state, "OTHERS", "CNY", "0.00", "0.00", refundId, outRefundNo, yuan(refundFen),
                "0.00", "ORIGINAL", "SUCCESS", clean(o.description), "", fee(fee), RATE, "0.00", yuan(refundFen), ""},
                0, refundFen, fee, 0, refundFen);
    }

    private static boolean onDay(Instant at, LocalDate day) {
        return LocalDate.ofInstant(at, WechatPaySim.BEIJING).equals(day);
    }

    private static String time(Instant at) {
        return LocalDateTime.ofInstant(at, WechatPaySim.BEIJING).format(TIME);
    }

    private static String yuan(long fen) {
        return Money.ofFen(fen).toYuan();
    }

    /** Fee in units of 0.00001 yuan (1 fen = 1000 units; 0.6 % of a fen = 6 units), printed to five decimals. */
    private static String fee(long units) {
        return BigDecimal.valueOf(units, 5).toPlainString();
    }

    /** A product name must not break the row: no line breaks, no field separator. */
    private static String clean(String s) {
        return s.replace("\r", " ").replace("\n", " ").replace(",`", ", ");
    }
}
