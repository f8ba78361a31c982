package org.hospay.simulator.alipay;

import static org.hospay.simulator.alipay.AlipaySim.CHANNEL;
import static org.hospay.simulator.alipay.AlipaySim.JSON;
import static org.hospay.simulator.alipay.AlipaySim.failed;
import static org.hospay.simulator.alipay.AlipaySim.fen;
import static org.hospay.simulator.alipay.AlipaySim.ok;
import static org.hospay.simulator.alipay.AlipaySim.text;
import static org.hospay.simulator.alipay.AlipaySim.unavailableBody;
import static org.hospay.simulator.alipay.AlipaySim.yuan;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hospay.simulator.alipay.AlipayAgreements.Agreement;
import org.hospay.simulator.alipay.AlipaySim.Closed;
import org.hospay.simulator.alipay.AlipaySim.Status;
import org.hospay.simulator.alipay.AlipaySim.Trade;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Reply;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The trade itself: {@code alipay.trade.pay} (a bar code at the till, or a deduction on a withholding
 * agreement), {@code alipay.trade.query} and {@code alipay.trade.cancel}.
 *
 * <p>Idempotent like Alipay: the same {@code out_trade_no} with the same content never pays twice
 * (ACQ.TRADE_HAS_SUCCESS, or 10003 again while the buyer types), with other content it is
 * ACQ.CONTEXT_INCONSISTENT; a cancel after payment returns the money. A cancel while the buyer is
 * still confirming answers {@code retry_flag=Y} once (Alipay is still tearing the payment down), then
 * closes the trade.
 */
@Component
class AlipayTrades {

    private static final Pattern ALIPAY_CODE = Pattern.compile("(2[5-9]|30)\\d{14,22}");
    private static final Duration CANCEL_WINDOW = Duration.ofDays(1);

    private final AlipaySim sim;
    private final AlipayAgreements agreements;
    private final Map<String, Trade> trades;
    private final Wallets wallets;
    private final Ledger ledger;
    private final Clock clock;

    AlipayTrades(AlipaySim sim, AlipayAgreements agreements, Wallets wallets, Ledger ledger, Clock clock) {
        this.sim = sim;
        this.agreements = agreements;
        this.trades = sim.trades;
        this.wallets = wallets;
        this.ledger = ledger;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ alipay.trade.pay

    Reply pay(JsonNode biz) {
        synchronized (sim) {
            String outTradeNo = text(biz, "out_trade_no");
            if (outTradeNo.isEmpty() || outTradeNo.length() > 64) return failed("ACQ.INVALID_PARAMETER", "out_trade_no 无效");
            Optional<Long> fen = fen(text(biz, "total_amount"));
            if (fen.isEmpty()) return failed("ACQ.INVALID_PARAMETER", "total_amount 须为精确到分的元金额");
            if (fen.get() < 1 || fen.get() > 10_000_000_000L) return failed("ACQ.TOTAL_FEE_EXCEED", "订单总金额超过限额");
            String productCode = text(biz, "product_code");
            boolean withholding = AlipayWire.WITHHOLDING.equals(productCode);
            if (!withholding && !productCode.isEmpty() && !AlipayWire.FACE_TO_FACE.equals(productCode))
                return failed("ACQ.ACCESS_FORBIDDEN", "无权限使用接口: " + productCode);
            String agreementNo = biz.path("agreement_params").path("agreement_no").asString("");
            String authCode = text(biz, "auth_code");
            String fingerprint = productCode + '|' + fen.get() + '|' + (withholding ? agreementNo : authCode);

            Trade existing = trades.get(outTradeNo);
            if (existing != null) {
                if (!existing.fingerprint.equals(fingerprint)) return failed("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
                return switch (existing.status) {
                    case TRADE_SUCCESS -> failed("ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
                    case WAIT_BUYER_PAY -> paying(existing);
                    case TRADE_CLOSED -> failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
                };
            }
            return withholding ? withhold(biz, outTradeNo, fen.get(), agreementNo, fingerprint)
                    : barCode(biz, outTradeNo, fen.get(), authCode, fingerprint);
        }
    }

    private Reply barCode(JsonNode biz, String outTradeNo, long fen, String authCode, String fingerprint) {
        if (!"bar_code".equals(text(biz, "scene"))) return failed("ACQ.INVALID_PARAMETER", "scene 须为 bar_code");
        if (!ALIPAY_CODE.matcher(authCode).matches()) return codeProblem(outTradeNo, "SOUNDWAVE_PARSER_FAIL");
        Wallets.Resolution r = wallets.claim(authCode, outTradeNo);
        if (!r.usable()) {
            return switch (r.problem()) {
                case UNKNOWN -> codeProblem(outTradeNo, "SOUNDWAVE_PARSER_FAIL");
                case EXPIRED -> codeProblem(outTradeNo, "AUTH_CODE_EXPIRED");
                case USED -> codeProblem(outTradeNo, "AUTH_CODE_USED");
            };
        }
        Wallet w = r.wallet();
        if (!CHANNEL.equals(w.channel())) return codeProblem(outTradeNo, "SOUNDWAVE_PARSER_FAIL");
        Trade t = new Trade(outTradeNo, sim.newTradeNo(), text(biz, "subject"), text(biz, "terminal_id"), fingerprint, "CHARGE",
                fen, w, clock.instant());
        return switch (w.behavior()) {
            case OK -> settleNow(t);
            case SLOW -> settleNow(t).after(Duration.ofMillis(w.script().slowMs()));
            case PASSWORD_REQUIRED -> {
                t.queriesLeft = w.script().queriesUntilPaid();
                yield open(t);
            }
            case PASSWORD_NEVER -> {
                t.neverPays = true;
                yield open(t);
            }
            case INSUFFICIENT -> declinedCharge(t, "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足");
            case EXPIRED -> codeProblem(outTradeNo, "AUTH_CODE_EXPIRED");
            case ERROR -> unclear(t).as(Reply.Delivery.ANSWER);
            case HANG -> unclear(t).as(Reply.Delivery.NEVER);
            case SERVER_ERROR -> unclear(t).as(Reply.Delivery.HTTP_500);
        };
    }

    private Reply withhold(JsonNode biz, String outTradeNo, long fen, String agreementNo, String fingerprint) {
        Agreement a = agreements.byNo(agreementNo);
        if (a == null || "UNSIGN".equals(a.status)) return failed("ACQ.AGREEMENT_NOT_EXIST", "用户协议不存在或已解约");
        if (!"NORMAL".equals(a.status)) return failed("ACQ.AGREEMENT_STATUS_NOT_NORMAL", "用户协议状态非NORMAL");
        if (a.singleLimitFen != null && fen > a.singleLimitFen)
            return failed("ACQ.CYCLE_PAY_SINGLE_FEE_EXCEED", "商家扣款的单笔金额超过签约时限制");
        Optional<Wallet> wallet = wallets.wallet(a.walletId);
        if (wallet.isEmpty()) return failed("ACQ.AGREEMENT_INVALID", "用户协议失效");
        Wallet w = wallet.get();
        Trade t = new Trade(outTradeNo, sim.newTradeNo(), text(biz, "subject"), "", fingerprint, "WITHHOLD", fen, w, clock.instant());
        // no code and no password in withholding: the scripts that model the customer at the till pay at once
        return switch (w.behavior()) {
            case OK, PASSWORD_REQUIRED, PASSWORD_NEVER, EXPIRED -> settleNow(t);
            case SLOW -> settleNow(t).after(Duration.ofMillis(w.script().slowMs()));
            case INSUFFICIENT -> declinedCharge(t, "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足");
            case ERROR -> unclear(t).as(Reply.Delivery.ANSWER);
            case HANG -> unclear(t).as(Reply.Delivery.NEVER);
            case SERVER_ERROR -> unclear(t).as(Reply.Delivery.HTTP_500);
        };
    }

    /** Debits now: paid (10000) or, without the funds, declined with no trade left behind. */
    private Reply settleNow(Trade t) {
        if (!t.wallet.debit(t.amountFen)) return declinedCharge(t, "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足");
        t.paidAt = clock.instant();
        t.status = Status.TRADE_SUCCESS;
        trades.put(t.outTradeNo, t);
        sim.book(t, true);
        ObjectNode o = sim.tradeFields(ok(), t).put("gmt_payment", AlipayWire.format(t.paidAt));
        o.putArray("fund_bill_list").addObject().put("fund_channel", "ALIPAYACCOUNT").put("amount", yuan(t.amountFen));
        return Reply.answer(o);
    }

    /** The buyer must confirm: 10003, and the trade waits. */
    private Reply open(Trade t) {
        trades.put(t.outTradeNo, t);
        sim.book(t, true);
        return paying(t);
    }

    /** ERROR / HANG / SERVER_ERROR: the trade ends as scripted, the answer says nothing about it. */
    private Reply unclear(Trade t) {
        if (t.wallet.script().thenState() == Wallet.Then.SUCCESS && t.wallet.debit(t.amountFen)) {
            t.paidAt = clock.instant();
            t.status = Status.TRADE_SUCCESS;
        } else {
            sim.close(t, Closed.PAYMENT_FAILED);
        }
        trades.put(t.outTradeNo, t);
        sim.book(t, false);
        return Reply.answer(unavailableBody());
    }

    private Reply declinedCharge(Trade t, String subCode, String subMsg) {
        ledger.bookIfAbsent(CHANNEL, t.ledgerType, t.outTradeNo, null, 0, "FAILED", t.wallet.accountId());
        ledger.answer(CHANNEL, t.ledgerType, t.outTradeNo, "FAILED");
        return failed(subCode, subMsg).with("out_trade_no", t.outTradeNo);
    }

    private Reply codeProblem(String outTradeNo, String reason) {
        ledger.bookIfAbsent(CHANNEL, "CHARGE", outTradeNo, null, 0, "FAILED", "");
        ledger.answer(CHANNEL, "CHARGE", outTradeNo, "FAILED");
        return failed("ACQ.PAYMENT_AUTH_CODE_INVALID",
                "支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款，如再次收款失败，请联系管理员处理。[" + reason + "]")
                .with("out_trade_no", outTradeNo);
    }

    private Reply paying(Trade t) {
        return Reply.answer(sim.tradeFields(JSON.createObjectNode().put("code", "10003").put("msg", " order success pay inprocess"), t));
    }

    // ------------------------------------------------------------------ alipay.trade.query

    Reply query(JsonNode biz) {
        synchronized (sim) {
            Trade t = trades.get(text(biz, "out_trade_no"));
            if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
            if (t.status == Status.WAIT_BUYER_PAY && !t.neverPays) {
                if (t.queriesLeft > 0) {
                    t.queriesLeft--;
                } else if (t.wallet.debit(t.amountFen)) {
                    t.paidAt = clock.instant();
                    t.status = Status.TRADE_SUCCESS;
                    sim.book(t, true);
                } else {
                    sim.close(t, Closed.PAYMENT_FAILED);
                    sim.book(t, true);
                }
            }
            ObjectNode o = sim.tradeFields(ok(), t).put("trade_status", t.status.name());
            if (t.paid()) o.put("send_pay_date", AlipayWire.format(t.paidAt));
            return Reply.answer(o);
        }
    }

    // ------------------------------------------------------------------ alipay.trade.cancel

    Reply cancel(JsonNode biz) {
        synchronized (sim) {
            Trade t = trades.get(text(biz, "out_trade_no"));
            if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
            if (Duration.between(t.createdAt, clock.instant()).compareTo(CANCEL_WINDOW) > 0 && t.closed == null)
                return failed("ACQ.TRADE_CANCEL_TIME_OUT", "超过撤销时间范围");
            switch (t.status) {
                case WAIT_BUYER_PAY -> {
                    if (!t.cancelAsked) {
                        t.cancelAsked = true;
                        return failed("ACQ.SYSTEM_ERROR", "系统异常，请重试撤销").with("retry_flag", "Y");
                    }
                    sim.close(t, Closed.CANCELLED_UNPAID);
                    ledger.bookIfAbsent(CHANNEL, "REVERSAL", t.outTradeNo, t.outTradeNo, 0, "CLOSED", t.wallet.accountId());
                    ledger.answer(CHANNEL, "REVERSAL", t.outTradeNo, "CLOSED");
                }
                case TRADE_SUCCESS -> {
                    if (t.refundedFen > 0) return failed("ACQ.REASON_TRADE_REFUND_FEE_ERR", "交易已发生退款，不能撤销");
                    t.wallet.credit(t.amountFen);
                    sim.close(t, Closed.CANCELLED_REFUNDED);
                    ledger.bookIfAbsent(CHANNEL, "REVERSAL", t.outTradeNo, t.outTradeNo, t.amountFen, "REVERSED", t.wallet.accountId());
                    ledger.answer(CHANNEL, "REVERSAL", t.outTradeNo, "REVERSED");
                }
                case TRADE_CLOSED -> {
                    if (t.closed == Closed.FULLY_REFUNDED) return failed("ACQ.REASON_TRADE_REFUND_FEE_ERR", "交易已全额退款，不能撤销");
                    if (t.closed == Closed.PAYMENT_FAILED) {
                        t.closed = Closed.CANCELLED_UNPAID;
                        ledger.bookIfAbsent(CHANNEL, "REVERSAL", t.outTradeNo, t.outTradeNo, 0, "CLOSED", t.wallet.accountId());
                        ledger.answer(CHANNEL, "REVERSAL", t.outTradeNo, "CLOSED");
                    }
                }
            }
            sim.book(t, true);
            return Reply.answer(ok().put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo).put("retry_flag", "N")
                    .put("action", t.closed == Closed.CANCELLED_REFUNDED ? "refund" : "close"));
        }
    }
}
