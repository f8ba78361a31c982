package org.hospay.simulator.alipay;

import static org.hospay.simulator.alipay.AlipaySim.CHANNEL;
import static org.hospay.simulator.alipay.AlipaySim.failed;
import static org.hospay.simulator.alipay.AlipaySim.fen;
import static org.hospay.simulator.alipay.AlipaySim.logonId;
import static org.hospay.simulator.alipay.AlipaySim.ok;
import static org.hospay.simulator.alipay.AlipaySim.text;
import static org.hospay.simulator.alipay.AlipaySim.yuan;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hospay.simulator.alipay.AlipaySim.Closed;
import org.hospay.simulator.alipay.AlipaySim.RefundRecord;
import org.hospay.simulator.alipay.AlipaySim.Trade;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Reply;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * After the payment: {@code alipay.trade.refund} and its query, and the day's bill
 * ({@code alipay.data.dataservice.bill.downloadurl.query} and the file it points to). The same
 * {@code out_request_no} refunds once (another amount under it is ACQ.DISCORDANT_REPEAT_REQUEST);
 * refunds never exceed the charge.
 */
@Component
class AlipayRefunds {

    private final AlipaySim sim;
    private final Map<String, Trade> trades;
    /** Guarded by the monitor of {@link AlipaySim}. */
    private final Map<String, LocalDate> billFiles = new HashMap<>();
    private final Ledger ledger;
    private final Clock clock;

    AlipayRefunds(AlipaySim sim, Ledger ledger, Clock clock) {
        this.sim = sim;
        this.trades = sim.trades;
        this.ledger = ledger;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ refunds

    Reply refund(JsonNode biz) {
        synchronized (sim) {
            String outTradeNo = text(biz, "out_trade_no");
            String requestNo = text(biz, "out_request_no").isEmpty() ? outTradeNo : text(biz, "out_request_no");
            Optional<Long> fen = fen(text(biz, "refund_amount"));
            Trade t = trades.get(outTradeNo);
            if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
            if (fen.isEmpty() || fen.get() < 1) return failed("ACQ.REFUND_FEE_ERROR", "交易退款金额有误");
            RefundRecord done = t.refunds.get(requestNo);
            if (done != null) {
                if (done.fen() != fen.get()) return failed("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致");
                return Reply.answer(refundAnswer(t, done, "N"));
            }
            switch (t.status) {
                case WAIT_BUYER_PAY -> {
                    return failed("ACQ.TRADE_STATUS_ERROR", "交易状态异常");
                }
                case TRADE_CLOSED -> {
                    return failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
                }
                case TRADE_SUCCESS -> {
                    if (t.refundedFen + fen.get() > t.amountFen) return failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
                }
            }
            RefundRecord r = new RefundRecord(requestNo, fen.get(), clock.instant());
            t.wallet.credit(r.fen());
            t.refundedFen += r.fen();
            t.refunds.put(requestNo, r);
            if (t.refundedFen == t.amountFen) sim.close(t, Closed.FULLY_REFUNDED);
            ledger.bookIfAbsent(CHANNEL, "REFUND", requestNo, outTradeNo, r.fen(), "SUCCESS", t.wallet.accountId());
            ledger.answer(CHANNEL, "REFUND", requestNo, "SUCCESS");
            return Reply.answer(refundAnswer(t, r, "Y"));
        }
    }

    private ObjectNode refundAnswer(Trade t, RefundRecord r, String fundChange) {
        return ok().put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo)
                .put("buyer_logon_id", logonId(t.wallet)).put("buyer_user_id", t.wallet.accountId())
                .put("fund_change", fundChange).put("refund_fee", yuan(t.refundedFen))
                .put("send_back_fee", "Y".equals(fundChange) ? yuan(r.fen()) : "0.00")
                .put("gmt_refund_pay", AlipayWire.format(r.at()));
    }

    Reply refundQuery(JsonNode biz) {
        synchronized (sim) {
            String outTradeNo = text(biz, "out_trade_no");
            Trade t = trades.get(outTradeNo);
            if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
            String requestNo = text(biz, "out_request_no").isEmpty() ? outTradeNo : text(biz, "out_request_no");
            RefundRecord r = t.refunds.get(requestNo);
            ObjectNode o = ok().put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo);
            if (r == null) return Reply.answer(o);
            return Reply.answer(o.put("out_request_no", requestNo).put("total_amount", yuan(t.amountFen))
                    .put("refund_amount", yuan(r.fen())).put("refund_status", "REFUND_SUCCESS")
                    .put("gmt_refund_pay", AlipayWire.format(r.at())));
        }
    }

    // ------------------------------------------------------------------ bills

    /** {@code alipay.data.dataservice.bill.downloadurl.query}: a one-off address under {@code downloadBase}. */
    Reply billUrl(JsonNode biz, URI downloadBase) {
        synchronized (sim) {
            if (!"trade".equals(text(biz, "bill_type"))) return failed("isv.invalid-parameter", "bill_type 仅支持 trade");
            LocalDate day;
            try {
                day = LocalDate.parse(text(biz, "bill_date"));
            } catch (RuntimeException e) {
                return failed("isv.invalid-parameter", "bill_date 须为 yyyy-MM-dd");
            }
            if (day.isAfter(LocalDate.now(clock.withZone(AlipayWire.BEIJING)))) return failed("isp.bill_not_exist", "账单不存在");
            String fileId = UUID.randomUUID().toString().replace("-", "");
            billFiles.put(fileId, day);
            return Reply.answer(ok().put("bill_download_url", downloadBase + "?fileId=" + fileId));
        }
    }

    Optional<byte[]> bill(String fileId) {
        synchronized (sim) {
            LocalDate day = billFiles.get(fileId);
            if (day == null) return Optional.empty();
            return Optional.of(AlipayBills.zip(day, ledger.all(CHANNEL), no -> Optional.ofNullable(trades.get(no)).map(AlipaySim::info),
                    clock.instant()));
        }
    }
}
