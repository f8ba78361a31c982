package org.hospay.simulator.alipay;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.simulator.wire.Money;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Reply;
import org.hospay.simulator.wallet.Wallet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alipay's side of the money: the trades, in memory, booked in the ledger (channel ALIPAY: CHARGE or
 * WITHHOLD under the order number, REFUND under the {@code out_request_no} with the order as
 * reference, REVERSAL under the order number), and what the operation families share over them. The
 * operations are {@link AlipayTrades} (pay, query, cancel), {@link AlipayRefunds} (refunds and the
 * bill) and {@link AlipayAgreements} (withholding agreements).
 *
 * <p>One monitor, this object's, guards the trades, the agreements and the bill files: each family
 * decides its answer in {@code synchronized (sim)} and returns quickly; signing, latency and delivery
 * are the controller's.
 */
@Component
public class AlipaySim {

    static final String CHANNEL = "ALIPAY";
    /** DEMO merchant partner id (what bills are named after). */
    static final String PID = "2088000000000001";
    static final JsonMapper JSON = AlipayWire.JSON;

    private final Ledger ledger;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    /** Guarded by this object's monitor. */
    final Map<String, Trade> trades = new HashMap<>();

    public AlipaySim(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    enum Status { WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED }

    /** Why a closed trade is closed. */
    enum Closed { PAYMENT_FAILED, CANCELLED_UNPAID, CANCELLED_REFUNDED, FULLY_REFUNDED }

    record RefundRecord(String outRequestNo, long fen, Instant at) {}

    static final class Trade {
        final String outTradeNo, tradeNo, subject, terminalId, fingerprint, ledgerType;
        final long amountFen;
        final Wallet wallet;
        final Instant createdAt;
        Status status = Status.WAIT_BUYER_PAY;
        Closed closed;
        int queriesLeft;
        boolean neverPays;
        boolean cancelAsked;
        Instant paidAt;
        long refundedFen;
        final Map<String, RefundRecord> refunds = new LinkedHashMap<>();

        Trade(String outTradeNo, String tradeNo, String subject, String terminalId, String fingerprint, String ledgerType,
              long amountFen, Wallet wallet, Instant createdAt) {
            this.outTradeNo = outTradeNo;
            this.tradeNo = tradeNo;
            this.subject = subject;
            this.terminalId = terminalId;
            this.fingerprint = fingerprint;
            this.ledgerType = ledgerType;
            this.amountFen = amountFen;
            this.wallet = wallet;
            this.createdAt = createdAt;
        }

        boolean paid() {
            return paidAt != null;
        }

        String ledgerState() {
            return switch (status) {
                case WAIT_BUYER_PAY -> "USERPAYING";
                case TRADE_SUCCESS -> "SUCCESS";
                case TRADE_CLOSED -> switch (closed) {
                    case PAYMENT_FAILED -> "FAILED";
                    case CANCELLED_UNPAID -> "CLOSED";
                    case CANCELLED_REFUNDED -> "REVERSED";
                    case FULLY_REFUNDED -> "SUCCESS";
                };
            };
        }
    }

    /** What the bill needs to know about a trade. */
    record TradeInfo(String tradeNo, String subject, String terminalId, String buyerLogonId, Instant createdAt, Instant paidAt,
                     Map<String, RefundRecord> refunds) {}

    static TradeInfo info(Trade t) {
        return new TradeInfo(t.tradeNo, t.subject, t.terminalId, logonId(t.wallet), t.createdAt, t.paidAt, Map.copyOf(t.refunds));
    }

    // ------------------------------------------------------------------ helpers (the instance ones under this object's monitor)

    void close(Trade t, Closed why) {
        t.status = Status.TRADE_CLOSED;
        t.closed = why;
    }

    /** Keeps the ledger entry of a trade in step with it. */
    void book(Trade t, boolean answered) {
        long moved = t.paid() ? t.amountFen : 0;
        ledger.bookIfAbsent(CHANNEL, t.ledgerType, t.outTradeNo, null, moved, t.ledgerState(), t.wallet.accountId());
        ledger.update(CHANNEL, t.ledgerType, t.outTradeNo,
                e -> e.withAmount(moved).withState(t.ledgerState(), answered ? clock.instant() : e.answeredAt()));
    }

    ObjectNode tradeFields(ObjectNode o, Trade t) {
        String paid = t.paid() ? yuan(t.amountFen) : "0.00";
        return o.put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo)
                .put("buyer_logon_id", logonId(t.wallet)).put("buyer_user_id", t.wallet.accountId())
                .put("total_amount", yuan(t.amountFen)).put("receipt_amount", paid).put("buyer_pay_amount", paid)
                .put("invoice_amount", paid).put("point_amount", "0.00");
    }

    String newTradeNo() {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), AlipayWire.BEIJING);
        return String.format("%04d%02d%02d22001%015d", now.getYear(), now.getMonthValue(), now.getDayOfMonth(), seq.incrementAndGet());
    }

    /** Agreement numbers come from the same sequence as trade numbers. */
    String agreementNo() {
        return LocalDate.now(clock.withZone(AlipayWire.BEIJING)).getYear() + String.format("%016d", seq.incrementAndGet());
    }

    static String logonId(Wallet w) {
        String id = w.accountId();
        return "159****" + id.substring(id.length() - 4);
    }

    static ObjectNode ok() {
        return JSON.createObjectNode().put("code", "10000").put("msg", "Success");
    }

    static ObjectNode unavailableBody() {
        return JSON.createObjectNode().put("code", "20000").put("msg", "Service Currently Unavailable")
                .put("sub_code", "isp.unknow-error").put("sub_msg", "系统繁忙");
    }

    static Reply failed(String subCode, String subMsg) {
        return Reply.answer(JSON.createObjectNode().put("code", "40004").put("msg", "Business Failed")
                .put("sub_code", subCode).put("sub_msg", subMsg));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? "" : v.asString();
    }

    static String yuan(long fen) {
        return Money.ofFen(fen).toYuan();
    }

    static Optional<Long> fen(String yuan) {
        if (yuan.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Money.ofYuan(yuan).fen());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
