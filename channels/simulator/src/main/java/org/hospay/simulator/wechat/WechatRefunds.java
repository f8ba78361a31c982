package org.hospay.simulator.wechat;

import static org.hospay.simulator.wechat.WechatPaySim.CHANNEL;
import static org.hospay.simulator.wechat.WechatPaySim.JSON;
import static org.hospay.simulator.wechat.WechatPaySim.json;
import static org.hospay.simulator.wechat.WechatPaySim.positive;
import static org.hospay.simulator.wechat.WechatPaySim.rfc3339;
import static org.hospay.simulator.wechat.WechatPaySim.text;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wechat.WechatPaySim.Order;
import org.hospay.simulator.wechat.WechatPaySim.RefundRecord;
import org.hospay.simulator.wechat.WechatPaySim.State;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Refunds of paid orders (code payment and papay alike): a refund number refunds once, refunds never
 * exceed what was paid.
 */
@Component
class WechatRefunds {

    private final WechatPaySim sim;
    private final Map<String, Order> orders;
    private final Map<String, RefundRecord> refunds;
    private final Ledger ledger;
    private final Clock clock;

    WechatRefunds(WechatPaySim sim, Ledger ledger, Clock clock) {
        this.sim = sim;
        this.orders = sim.orders;
        this.refunds = sim.refunds;
        this.ledger = ledger;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ refunds

    /** {@code POST /v3/refund/domestic/refunds}. Refunds to the payer's balance settle at once (SUCCESS). */
    Answer refund(String body) {
        JsonNode r = json(body);
        String outTradeNo = text(r, "out_trade_no");
        String outRefundNo = text(r, "out_refund_no");
        long refund = positive(r.path("amount"), "refund");
        long total = positive(r.path("amount"), "total");
        Order order = orders.get(outTradeNo);
        if (order == null) return Answer.error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
        synchronized (order) {
            RefundRecord earlier = refunds.get(outRefundNo);
            if (earlier != null) {
                return earlier.outTradeNo().equals(outTradeNo) && earlier.refundFen() == refund
                        ? Answer.ok(refundJson(earlier, order))
                        : Answer.error(403, "INVALID_REQUEST", "退款单号已使用，请求参数与原退款不一致");
            }
            if (order.state != State.SUCCESS) return Answer.error(403, "INVALID_REQUEST", "订单状态不正确（未支付或已撤销），不能退款");
            if (total != order.totalFen)
                return Answer.error(403, "INVALID_REQUEST", "订单金额 " + total + " 与原订单金额 " + order.totalFen + " 不一致");
            if (refund > order.totalFen - order.refundedFen) {
                ObjectNode e = JSON.createObjectNode().put("code", "PARAM_ERROR").put("message", "申请退款金额超过订单可退金额");
                e.putObject("detail").put("field", "/amount/refund").put("value", refund)
                        .put("issue", "可退金额 " + (order.totalFen - order.refundedFen)).put("location", "body");
                return Answer.of(400, e);
            }
            RefundRecord rec = new RefundRecord(outRefundNo, sim.refundId(), outTradeNo, refund, order.totalFen,
                    clock.instant().truncatedTo(ChronoUnit.SECONDS));
            refunds.put(outRefundNo, rec);
            order.refundedFen += refund;
            order.wallet.credit(refund);
            ledger.bookIfAbsent(CHANNEL, "REFUND", outRefundNo, outTradeNo, refund, "SUCCESS", order.wallet.accountId());
            ledger.answer(CHANNEL, "REFUND", outRefundNo, "SUCCESS");
            return Answer.ok(refundJson(rec, order));
        }
    }

    /** {@code GET /v3/refund/domestic/refunds/{out_refund_no}}. */
    Answer refundQuery(String outRefundNo) {
        RefundRecord rec = refunds.get(outRefundNo);
        if (rec == null) return Answer.error(404, "RESOURCE_NOT_EXISTS", "退款单不存在");
        return Answer.ok(refundJson(rec, orders.get(rec.outTradeNo())));
    }

    static ObjectNode refundJson(RefundRecord r, Order o) {
        ObjectNode j = JSON.createObjectNode()
                .put("refund_id", r.refundId())
                .put("out_refund_no", r.outRefundNo())
                .put("transaction_id", o.transactionId)
                .put("out_trade_no", r.outTradeNo())
                .put("channel", "ORIGINAL")
                .put("user_received_account", "支付用户零钱")
                .put("success_time", rfc3339(r.createdAt()))
                .put("create_time", rfc3339(r.createdAt()))
                .put("status", "SUCCESS")
                .put("funds_account", "AVAILABLE");
        j.putObject("amount").put("total", r.totalFen()).put("refund", r.refundFen()).put("payer_total", r.totalFen())
                .put("payer_refund", r.refundFen()).put("settlement_refund", r.refundFen()).put("settlement_total", r.totalFen())
                .put("discount_refund", 0).put("currency", "CNY").put("refund_fee", 0);
        return j;
    }
}
