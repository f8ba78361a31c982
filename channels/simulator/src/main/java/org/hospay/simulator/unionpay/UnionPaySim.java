package org.hospay.simulator.unionpay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.hospay.simulator.wire.Channel;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.statement.StatementDifferences;
import org.hospay.simulator.wallet.Reply;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 云闪付 partner platform's side of the money: payment-code orders, reversals and refunds, in
 * memory, booked in the ledger (channel UNIONPAY: CHARGE under the order number, REFUND under the
 * refund's order number with the original as reference, REVERSAL under the original order number).
 *
 * <p>Idempotent like the vendor: an order number seen before answers 12 (重复交易; query it) with the
 * same content, 36 (与原交易信息不符) with other content, and never charges twice; a refund number
 * likewise; refunds never exceed the charge (33); a reverse of a paid order returns the money, a
 * second reverse answers the same. Orders are kept in {@code queryOrder}'s {@code origRespCode} terms:
 * 00 paid, 01 refunds followed, 04 reversed, 05 paying, 06 failed.
 */
@Component
public class UnionPaySim {

    static final String CHANNEL = Channel.UNIONPAY.name();
    private static final Pattern UNIONPAY_CODE = Pattern.compile("62\\d{17}");
    private static final Duration REVERSE_WINDOW = Duration.ofDays(1);

    private final Wallets wallets;
    private final Ledger ledger;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, RefundOrder> refunds = new HashMap<>();

    public UnionPaySim(Wallets wallets, Ledger ledger, Clock clock) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.clock = clock;
    }

    static final class Order {
        final String orderNo, transIndex, fingerprint;
        final long amountFen;
        final Wallet wallet;
        final Instant createdAt;
        String state = "05";
        int queriesLeft;
        boolean neverPays;
        Instant paidAt;
        long refundedFen;

        Order(String orderNo, String transIndex, String fingerprint, long amountFen, Wallet wallet, Instant createdAt) {
            this.orderNo = orderNo;
            this.transIndex = transIndex;
            this.fingerprint = fingerprint;
            this.amountFen = amountFen;
            this.wallet = wallet;
            this.createdAt = createdAt;
        }

        String ledgerState() {
            return switch (state) {
                case "00", "01" -> "SUCCESS";
                case "04" -> paidAt == null ? "CLOSED" : "REVERSED";
                case "05" -> "USERPAYING";
                default -> "FAILED";
            };
        }
    }

    record RefundOrder(String orderNo, String origOrderNo, String transIndex, long fen, Instant at) {}

    // ------------------------------------------------------------------ micropay

    synchronized Reply micropay(JsonNode req) {
        String orderNo = text(req, "orderNo");
        String authCode = text(req, "authCode");
        String amount = text(req, "txnAmt");
        if (orderNo.isEmpty() || authCode.isEmpty() || amount.isEmpty() || text(req, "orderTime").isEmpty())
            return refuse("13", "报文交易要素缺失");
        if (!amount.matches("[1-9]\\d{0,11}")) return refuse("10", "报文格式错误: txnAmt 须为以分为单位的正整数");
        if (!UnionPayWire.CNY.equals(text(req, "currencyCode")) || !UnionPayWire.ORDER_TYPE.equals(text(req, "orderType")))
            return refuse("10", "报文格式错误: currencyCode 须为 156, orderType 须为 unionpay");
        long fen = Long.parseLong(amount);
        String fingerprint = authCode + '|' + fen;
        Order existing = orders.get(orderNo);
        if (existing != null) {
            return existing.fingerprint.equals(fingerprint) ? refuse("12", "重复交易").with("orderNo", orderNo)
                    : refuse("36", "与原交易信息不符").with("orderNo", orderNo);
        }
        if (!UNIONPAY_CODE.matcher(authCode).matches()) return declined(orderNo, "", "61", "输入的卡号无效，请确认后输入");
        Wallets.Resolution r = wallets.claim(authCode, orderNo);
        if (!r.usable()) {
            return switch (r.problem()) {
                case UNKNOWN -> declined(orderNo, "", "61", "输入的卡号无效，请确认后输入");
                case EXPIRED -> declined(orderNo, r.wallet().accountId(), "80", "交易失败，付款码已过期");
                case USED -> declined(orderNo, r.wallet().accountId(), "63", "付款码已使用，请刷新付款码");
            };
        }
        Wallet w = r.wallet();
        if (!CHANNEL.equals(w.channel())) return declined(orderNo, "", "61", "输入的卡号无效，请确认后输入");
        Order o = new Order(orderNo, newTransIndex(), fingerprint, fen, w, clock.instant());
        return switch (w.behavior()) {
            case OK -> payNow(o);
            case SLOW -> payNow(o).after(Duration.ofMillis(w.script().slowMs()));
            case PASSWORD_REQUIRED -> {
                o.queriesLeft = w.script().queriesUntilPaid();
                yield open(o);
            }
            case PASSWORD_NEVER -> {
                o.neverPays = true;
                yield open(o);
            }
            case INSUFFICIENT -> declined(orderNo, w.accountId(), "64", "卡上的余额不足");
            case EXPIRED -> declined(orderNo, w.accountId(), "80", "交易失败，付款码已过期");
            case ERROR -> unclear(o).as(Reply.Delivery.ANSWER);
            case HANG -> unclear(o).as(Reply.Delivery.NEVER);
            case SERVER_ERROR -> unclear(o).as(Reply.Delivery.HTTP_500);
        };
    }

    private Reply payNow(Order o) {
        if (!o.wallet.debit(o.amountFen)) return declined(o.orderNo, o.wallet.accountId(), "64", "卡上的余额不足");
        o.paidAt = clock.instant();
        o.state = "00";
        orders.put(o.orderNo, o);
        book(o, true);
        return Reply.answer(orderFields(ok(), o));
    }

    private Reply open(Order o) {
        orders.put(o.orderNo, o);
        book(o, true);
        return refuse("02", "用户支付中").with("orderNo", o.orderNo).with("transIndex", o.transIndex);
    }

    /** ERROR / HANG / SERVER_ERROR: the order ends as scripted; the answer (if any) says nothing about it. */
    private Reply unclear(Order o) {
        if (o.wallet.script().thenState() == Wallet.Then.SUCCESS && o.wallet.debit(o.amountFen)) {
            o.paidAt = clock.instant();
            o.state = "00";
        } else {
            o.state = "06";
        }
        orders.put(o.orderNo, o);
        book(o, false);
        return systemError();
    }

    private Reply declined(String orderNo, String account, String code, String msg) {
        ledger.bookIfAbsent(CHANNEL, "CHARGE", orderNo, null, 0, "FAILED", account);
        ledger.answer(CHANNEL, "CHARGE", orderNo, "FAILED");
        return refuse(code, msg).with("orderNo", orderNo);
    }

    // ------------------------------------------------------------------ queryOrder

    synchronized Reply query(JsonNode req) {
        Order o = orders.get(text(req, "orderNo"));
        if (o == null) return refuse("34", "查无此交易");
        if ("05".equals(o.state) && !o.neverPays) {
            if (o.queriesLeft > 0) {
                o.queriesLeft--;
            } else if (o.wallet.debit(o.amountFen)) {
                o.paidAt = clock.instant();
                o.state = "00";
                book(o, true);
            } else {
                o.state = "06";
                book(o, true);
            }
        }
        return Reply.answer(orderFields(ok(), o).put("origRespCode", o.state).put("origRespMsg", stateMessage(o.state)));
    }

    // ------------------------------------------------------------------ reverse

    synchronized Reply reverse(JsonNode req) {
        Order o = orders.get(text(req, "orderNo"));
        if (o == null) return refuse("34", "查无此交易");
        if ("04".equals(o.state)) return Reply.answer(ok().put("orderNo", o.orderNo));
        if (Duration.between(o.createdAt, clock.instant()).compareTo(REVERSE_WINDOW) > 0)
            return refuse("39", "交易不在受理时间范围内，请使用退货");
        switch (o.state) {
            case "00" -> {
                o.wallet.credit(o.amountFen);
                ledger.bookIfAbsent(CHANNEL, "REVERSAL", o.orderNo, o.orderNo, o.amountFen, "REVERSED", o.wallet.accountId());
                ledger.answer(CHANNEL, "REVERSAL", o.orderNo, "REVERSED");
            }
            case "01" -> {
                return refuse("35", "原交易已发生退货，不能撤销");
            }
            default -> {
                ledger.bookIfAbsent(CHANNEL, "REVERSAL", o.orderNo, o.orderNo, 0, "CLOSED", o.wallet.accountId());
                ledger.answer(CHANNEL, "REVERSAL", o.orderNo, "CLOSED");
            }
        }
        o.state = "04";
        book(o, true);
        return Reply.answer(ok().put("orderNo", o.orderNo));
    }

    // ------------------------------------------------------------------ refunds

    synchronized Reply refund(JsonNode req) {
        String refundNo = text(req, "orderNo");
        String origOrderNo = text(req, "origOrderNo");
        String amount = text(req, "txnAmt");
        if (refundNo.isEmpty() || origOrderNo.isEmpty() || amount.isEmpty()) return refuse("13", "报文交易要素缺失");
        if (!amount.matches("[1-9]\\d{0,11}")) return refuse("10", "报文格式错误: txnAmt 须为以分为单位的正整数");
        long fen = Long.parseLong(amount);
        RefundOrder done = refunds.get(refundNo);
        if (done != null) {
            return done.origOrderNo().equals(origOrderNo) && done.fen() == fen ? refuse("12", "重复交易").with("orderNo", refundNo)
                    : refuse("36", "与原交易信息不符").with("orderNo", refundNo);
        }
        Order o = orders.get(origOrderNo);
        if (o == null) return refuse("34", "查无此交易");
        if (!text(req, "origTxnAmt").isEmpty() && !text(req, "origTxnAmt").equals(Long.toString(o.amountFen)))
            return refuse("36", "与原交易信息不符: origTxnAmt");
        if (!"00".equals(o.state) && !"01".equals(o.state)) return refuse("35", "原交易不存在或状态不正确");
        if (o.refundedFen + fen > o.amountFen) return refuse("33", "交易金额超限: 退货总额超过原交易金额");
        RefundOrder r = new RefundOrder(refundNo, origOrderNo, newTransIndex(), fen, clock.instant());
        o.wallet.credit(fen);
        o.refundedFen += fen;
        o.state = "01";
        refunds.put(refundNo, r);
        book(o, true);
        ledger.bookIfAbsent(CHANNEL, "REFUND", refundNo, origOrderNo, fen, "SUCCESS", o.wallet.accountId());
        ledger.answer(CHANNEL, "REFUND", refundNo, "SUCCESS");
        return Reply.answer(refundFields(ok(), r));
    }

    synchronized Reply refundQuery(JsonNode req) {
        RefundOrder r = refunds.get(text(req, "orderNo"));
        if (r == null || (!text(req, "origOrderNo").isEmpty() && !r.origOrderNo().equals(text(req, "origOrderNo"))))
            return refuse("34", "查无此交易");
        return Reply.answer(refundFields(ok(), r).put("origRespCode", "00").put("origRespMsg", "退款成功"));
    }

    // ------------------------------------------------------------------ daily transaction file

    /** The daily file's columns (channels/docs/statements.md). */
    static final String FILE_HEADER = "type,orderNo,origOrderNo,tradeNo,amountFen,time,status";

    private record FileRow(Instant at, String line) {}

    /**
     * The partner platform's daily transaction file of a Beijing day, as this simulator renders it
     * (channels/docs/statements.md): a PAY row per order paid that day, a REFUND row per refund, a REVERSAL row
     * per reversal that gave money back; with the statement differences fabricated for UNIONPAY applied.
     */
    synchronized String dailyFile(LocalDate day, StatementDifferences.Rules made) {
        List<FileRow> rows = new ArrayList<>();
        for (Order o : orders.values()) {
            if (o.paidAt == null || !onDay(o.paidAt, day) || made.omits(o.orderNo)) continue;
            rows.add(new FileRow(o.paidAt, fileRow("PAY", o.orderNo, "", o.transIndex, made.amount(o.orderNo, o.amountFen), o.paidAt)));
        }
        for (RefundOrder r : refunds.values()) {
            if (!onDay(r.at(), day) || made.omits(r.orderNo())) continue;
            rows.add(new FileRow(r.at(), fileRow("REFUND", r.orderNo(), r.origOrderNo(), r.transIndex(), made.amount(r.orderNo(), r.fen()), r.at())));
        }
        for (var e : ledger.all(CHANNEL)) {
            Instant at = e.answeredAt() == null ? e.receivedAt() : e.answeredAt();
            if (!"REVERSAL".equals(e.type()) || e.amountFen() == 0 || !onDay(at, day)) continue;
            Order o = orders.get(e.requestId());
            rows.add(new FileRow(at, fileRow("REVERSAL", e.requestId(), e.requestId(), o == null ? "" : o.transIndex, e.amountFen(), at)));
        }
        for (StatementDifferences.Extra x : made.extras()) {
            if (onDay(x.at(), day)) rows.add(new FileRow(x.at(), fileRow("PAY", x.outTradeNo(), "", x.transactionId().substring(0, 20), x.amountFen(), x.at())));
        }
        rows.sort(Comparator.comparing(FileRow::at));
        StringBuilder b = new StringBuilder(FILE_HEADER).append('\n');
        rows.forEach(r -> b.append(r.line()).append('\n'));
        return b.toString();
    }

    private static String fileRow(String type, String orderNo, String origOrderNo, String tradeNo, long fen, Instant at) {
        return String.join(",", type, orderNo, origOrderNo, tradeNo, Long.toString(fen), UnionPayWire.TIME.format(LocalDateTime.ofInstant(at, UnionPayWire.BEIJING)), "SUCCESS");
    }

    private static boolean onDay(Instant at, LocalDate day) {
        return LocalDate.ofInstant(at, UnionPayWire.BEIJING).equals(day);
    }

    // ------------------------------------------------------------------ helpers

    /** Keeps the ledger entry of an order in step with it. */
    private void book(Order o, boolean answered) {
        long moved = o.paidAt == null ? 0 : o.amountFen;
        ledger.bookIfAbsent(CHANNEL, "CHARGE", o.orderNo, null, moved, o.ledgerState(), o.wallet.accountId());
        ledger.update(CHANNEL, "CHARGE", o.orderNo,
                e -> e.withAmount(moved).withState(o.ledgerState(), answered ? clock.instant() : e.answeredAt()));
    }

    private static ObjectNode orderFields(ObjectNode n, Order o) {
        n.put("orderNo", o.orderNo).put("transIndex", o.transIndex).put("txnAmt", Long.toString(o.amountFen))
                .put("currencyCode", UnionPayWire.CNY).put("orderType", UnionPayWire.ORDER_TYPE);
        if (o.paidAt != null) {
            n.put("payTime", UnionPayWire.format(o.paidAt)).put("payAmt", Long.toString(o.amountFen))
                    .put("settlementAmt", Long.toString(o.amountFen));
        }
        return n;
    }

    private static ObjectNode refundFields(ObjectNode n, RefundOrder r) {
        return n.put("orderNo", r.orderNo()).put("origOrderNo", r.origOrderNo()).put("transIndex", r.transIndex())
                .put("txnAmt", Long.toString(r.fen())).put("payTime", UnionPayWire.format(r.at()));
    }

    private static String stateMessage(String state) {
        return switch (state) {
            case "00" -> "支付成功";
            case "01" -> "转入退款";
            case "02" -> "未支付";
            case "03" -> "已关闭";
            case "04" -> "已撤销";
            case "05" -> "用户支付中";
            default -> "支付失败";
        };
    }

    private String newTransIndex() {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), UnionPayWire.BEIJING);
        return UnionPayWire.TIME.format(now) + String.format("%012d", seq.incrementAndGet());
    }

    static ObjectNode ok() {
        return UnionPayWire.JSON.createObjectNode().put("respCode", "00").put("respMsg", "成功");
    }

    static Reply systemError() {
        return refuse("99", "通用错误，请查询交易结果");
    }

    static Reply refuse(String code, String msg) {
        return Reply.answer(UnionPayWire.JSON.createObjectNode().put("respCode", code).put("respMsg", msg));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? "" : v.asString();
    }
}
