package org.hospay.simulator.alipay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.hospay.simulator.ledger.LedgerEntry;

/**
 * The day's trade bill in Alipay's shape, generated from the ledger: a zip holding
 * {@code <account>_<yyyyMMdd>_业务明细.csv} and its {@code (汇总)} summary, GBK, {@code #} comment
 * lines around the header and rows. A paid CHARGE / WITHHOLD is a 交易 row on the day it was paid; a
 * REFUND, or a REVERSAL that returned money, is a 退款 row with negative amounts on its own day.
 */
final class AlipayBills {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter CN_DAY = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss");
    private static final String ACCOUNT = AlipaySim.PID + "0156";

    private AlipayBills() {}

    private record Row(String csv, boolean refund, long fen) {}

    static byte[] zip(LocalDate day, List<LedgerEntry> ledger, Function<String, Optional<AlipaySim.TradeInfo>> trades,
                      Instant exportedAt) {
        List<Row> rows = new ArrayList<>();
        for (LedgerEntry e : ledger) {
            switch (e.type()) {
                case "CHARGE", "WITHHOLD" -> trades.apply(e.requestId()).filter(t -> t.paidAt() != null && on(day, t.paidAt()))
                        .ifPresent(t -> rows.add(row(t, e.requestId(), "交易", e.amountFen(), t.paidAt(), "")));
                case "REFUND" -> trades.apply(e.reference()).ifPresent(t -> {
                    AlipaySim.RefundRecord r = t.refunds().get(e.requestId());
                    if (r != null && on(day, r.at())) rows.add(row(t, e.reference(), "退款", r.fen(), r.at(), e.requestId()));
                });
                case "REVERSAL" -> {
                    if (e.amountFen() > 0 && e.answeredAt() != null && on(day, e.answeredAt()))
                        trades.apply(e.requestId()).ifPresent(t ->
                                rows.add(row(t, e.requestId(), "退款", e.amountFen(), e.answeredAt(), e.requestId())));
                }
                default -> { }
            }
        }
        String detail = detail(day, rows, exportedAt);
        String summary = summary(day, rows, exportedAt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            String prefix = ACCOUNT + "_" + DAY.format(day);
            zip.putNextEntry(new ZipEntry(prefix + AlipayWire.DETAIL_SUFFIX));
            zip.write(detail.getBytes(AlipayWire.GBK));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(prefix + "_业务明细(汇总).csv"));
            zip.write(summary.getBytes(AlipayWire.GBK));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean on(LocalDate day, Instant at) {
        return LocalDateTime.ofInstant(at, AlipayWire.BEIJING).toLocalDate().equals(day);
    }

    private static Row row(AlipaySim.TradeInfo t, String outTradeNo, String type, long fen, Instant finished, String refundNo) {
        boolean refund = "退款".equals(type);
        String amount = (refund ? "-" : "") + AlipaySim.yuan(fen);
        // ids end in a tab, as Alipay's do, so that spreadsheets keep them as text
        String csv = String.join(",", t.tradeNo() + "\t", outTradeNo + "\t", type, t.subject().replace(',', '，'),
                AlipayWire.format(t.createdAt()), AlipayWire.format(finished), "", "", "", t.terminalId(),
                t.buyerLogonId(), amount, amount, "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00",
                refundNo.isEmpty() ? "" : refundNo + "\t", "0.00", "0.00", "");
        return new Row(csv, refund, fen);
    }

    private static String detail(LocalDate day, List<Row> rows, Instant exportedAt) {
        StringBuilder b = new StringBuilder();
        b.append("#支付宝业务明细查询\r\n");
        b.append("#账号：[").append(ACCOUNT).append("]\r\n");
        b.append("#起始日期：[").append(CN_DAY.format(day.atStartOfDay())).append("]   终止日期：[")
                .append(CN_DAY.format(day.plusDays(1).atStartOfDay())).append("]\r\n");
        b.append("#-----------------------------------------业务明细列表----------------------------------------\r\n");
        b.append(AlipayWire.BILL_HEADER).append("\r\n");
        rows.forEach(r -> b.append(r.csv()).append("\r\n"));
        b.append("#-----------------------------------------业务明细列表结束------------------------------------\r\n");
        b.append(totals(rows));
        b.append("#导出时间：[").append(CN_DAY.format(LocalDateTime.ofInstant(exportedAt, AlipayWire.BEIJING))).append("]\r\n");
        return b.toString();
    }

    private static String summary(LocalDate day, List<Row> rows, Instant exportedAt) {
        return "#支付宝业务汇总查询\r\n#账号：[" + ACCOUNT + "]\r\n#日期：[" + CN_DAY.format(day.atStartOfDay()) + "]\r\n"
                + totals(rows)
                + "#导出时间：[" + CN_DAY.format(LocalDateTime.ofInstant(exportedAt, AlipayWire.BEIJING)) + "]\r\n";
    }

    private static String totals(List<Row> rows) {
        long trades = rows.stream().filter(r -> !r.refund()).count();
        long refunds = rows.stream().filter(Row::refund).count();
        long tradeFen = rows.stream().filter(r -> !r.refund()).mapToLong(Row::fen).sum();
        long refundFen = rows.stream().filter(Row::refund).mapToLong(Row::fen).sum();
        return "#交易合计：" + trades + "笔，商家实收共" + AlipaySim.yuan(tradeFen) + "元\r\n"
                + "#退款合计：" + refunds + "笔，商家实收退款共-" + AlipaySim.yuan(refundFen) + "元\r\n";
    }
}
