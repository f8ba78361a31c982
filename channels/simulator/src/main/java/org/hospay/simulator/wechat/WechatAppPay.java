package org.hospay.simulator.wechat;

import static org.hospay.simulator.wechat.WechatPaySim.CHANNEL;
import static org.hospay.simulator.wechat.WechatPaySim.JSON;
import static org.hospay.simulator.wechat.WechatPaySim.json;
import static org.hospay.simulator.wechat.WechatPaySim.merchant;
import static org.hospay.simulator.wechat.WechatPaySim.positive;
import static org.hospay.simulator.wechat.WechatPaySim.text;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.hospay.simulator.wechat.WechatPaySim.Order;
import org.hospay.simulator.wechat.WechatPaySim.State;
import org.hospay.simulator.wire.DemoKeys;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * JSAPI / mini-program payment (JSAPI下单): the merchant creates an order for the payer's openid and gets a
 * {@code prepay_id}; the payer confirms it in WeChat ({@link #confirm}, what {@code wx.requestPayment} does), which
 * debits their wallet; until then the order is NOTPAY. An unpaid order can be closed ({@link #close}); a paid one
 * refuses with ORDER_PAID. The same {@code out_trade_no} with the same content answers the same prepay id.
 */
@Component
class WechatAppPay {

    private final WechatPaySim sim;
    private final Map<String, Order> orders;
    private final Map<String, String> byPrepayId = new ConcurrentHashMap<>();
    private final Map<String, String> prepayIds = new ConcurrentHashMap<>();
    private final Wallets wallets;
    private final Ledger ledger;
    private final Clock clock;

    WechatAppPay(WechatPaySim sim, Wallets wallets, Ledger ledger, Clock clock) {
        this.sim = sim;
        this.orders = sim.orders;
        this.wallets = wallets;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** {@code POST /v3/pay/transactions/jsapi}. */
    Answer jsapi(String body) {
        JsonNode r = json(body);
        merchant(r);
        String outTradeNo = text(r, "out_trade_no");
        long total = positive(r.path("amount"), "total");
        String description = text(r, "description");
        String openid = text(r.path("payer"), "openid");
        Optional<Wallet> payer = wallets.byAccount(CHANNEL, openid);
        if (payer.isEmpty()) return Answer.error(400, "PARAM_ERROR", "openid 与 appid 不匹配");
        Order order = new Order(outTradeNo, sim.transactionId(), "JSAPI", description, "", "", null, total, payer.get(),
                clock.instant(), State.NOTPAY);
        Order existing = orders.putIfAbsent(outTradeNo, order);
        if (existing != null) {
            if (!"JSAPI".equals(existing.tradeType) || existing.totalFen != total || !existing.wallet.accountId().equals(openid))
                return Answer.error(403, "OUT_TRADE_NO_USED", "商户订单号重复，同一笔交易不能多次提交");
            return prepaid(prepayIds.get(outTradeNo));
        }
        String prepayId = "wx" + sim.transactionId();
        prepayIds.put(outTradeNo, prepayId);
        byPrepayId.put(prepayId, outTradeNo);
        ledger.bookIfAbsent(CHANNEL, "CHARGE", outTradeNo, null, 0, State.NOTPAY.name(), openid);
        return prepaid(prepayId);
    }

    private static Answer prepaid(String prepayId) {
        return Answer.ok(JSON.createObjectNode().put("prepay_id", prepayId));
    }

    /** {@code POST /v3/pay/transactions/out-trade-no/{no}/close}: 204, or ORDER_PAID. */
    Answer close(String outTradeNo, String body) {
        if (!DemoKeys.WECHAT_MCHID.equals(json(body).path("mchid").asString(""))) throw new WechatPaySim.BadRequest("mchid 不一致");
        Order order = orders.get(outTradeNo);
        if (order == null) return Answer.error(404, "ORDER_NOT_EXIST", "订单不存在");
        synchronized (order) {
            switch (order.state) {
                case SUCCESS -> {
                    return Answer.error(400, "ORDER_PAID", "订单已支付");
                }
                case NOTPAY, USERPAYING, PAYERROR -> {
                    order.state = State.CLOSED;
                    ledger.update(CHANNEL, "CHARGE", outTradeNo, e -> e.withState("CLOSED", clock.instant()));
                }
                case CLOSED, REVOKED -> { }
            }
            return new Answer(204, "", Answer.Delivery.SIGNED, 0);
        }
    }

    /**
     * What the payer's WeChat does when they confirm (or cancel) the payment sheet: pays the order from their wallet
     * (NOT_ENOUGH when short: the order is PAYERROR). {@code cancel}: the payer closed the sheet; the order stays NOTPAY.
     */
    Map<String, Object> confirm(String prepayId, boolean cancel) {
        String outTradeNo = byPrepayId.get(prepayId);
        if (outTradeNo == null) throw new IllegalArgumentException("no order has prepay_id " + prepayId);
        Order order = orders.get(outTradeNo);
        synchronized (order) {
            if (!cancel && order.state == State.NOTPAY) sim.pay(order);
            return Map.of("outTradeNo", outTradeNo, "tradeState", order.state.name());
        }
    }
}
