package org.hospay.simulator.wechat;

import static org.hospay.simulator.wechat.WechatPaySim.CHANNEL;
import static org.hospay.simulator.wechat.WechatPaySim.JSON;
import static org.hospay.simulator.wechat.WechatPaySim.json;
import static org.hospay.simulator.wechat.WechatPaySim.ledgerType;
import static org.hospay.simulator.wechat.WechatPaySim.merchant;
import static org.hospay.simulator.wechat.WechatPaySim.positive;
import static org.hospay.simulator.wechat.WechatPaySim.text;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.hospay.simulator.wire.DemoKeys;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.hospay.simulator.wechat.WechatPaySim.Order;
import org.hospay.simulator.wechat.WechatPaySim.State;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Code payment (付款码支付): the payer's code charged at the till, the order queried, reversed.
 *
 * <ul>
 *   <li>The same {@code out_trade_no} with the same content is a retry: the order's current state,
 *       never a second debit; with other content it is OUT_TRADE_NO_USED.</li>
 *   <li>Reverse after payment returns the money; reverse is refused after 7 days (REVERSE_EXPIRE).</li>
 * </ul>
 */
@Component
class WechatCodePay {

    private static final Duration REVERSE_WINDOW = Duration.ofDays(7);

    private final WechatPaySim sim;
    private final Map<String, Order> orders;
    private final Wallets wallets;
    private final Ledger ledger;
    private final Clock clock;

    WechatCodePay(WechatPaySim sim, Wallets wallets, Ledger ledger, Clock clock) {
        this.sim = sim;
        this.orders = sim.orders;
        this.wallets = wallets;
        this.ledger = ledger;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ codepay / query / reverse

    /** {@code POST /v3/pay/transactions/codepay}. */
    Answer codepay(String body) {
        JsonNode r = json(body);
        merchant(r);
        String outTradeNo = text(r, "out_trade_no");
        String authCode = text(r.path("payer"), "auth_code");
        long total = positive(r.path("amount"), "total");
        String description = text(r, "description");
        String deviceId = r.path("scene_info").path("device_id").asString("");

        Order existing = orders.get(outTradeNo);
        if (existing != null) return retry(existing, authCode, total);

        Wallets.Resolution code = wallets.claim(authCode, outTradeNo);
        if (code.problem() != null || !CHANNEL.equals(code.wallet().channel())) {
            Wallets.CodeProblem problem = code.problem() == null ? Wallets.CodeProblem.UNKNOWN : code.problem();
            return switch (problem) {
                case UNKNOWN -> Answer.error(403, "AUTH_CODE_INVALID", "101 付款码无效，请重新扫码");
                case EXPIRED -> Answer.error(403, "AUTH_CODE_EXPIRE", "二维码已过期，请用户在微信上刷新后再试");
                case USED -> Answer.error(403, "AUTH_CODE_ERROR", "每个二维码仅限使用一次，请刷新再试");
            };
        }
        Wallet wallet = code.wallet();
        Order order = new Order(outTradeNo, sim.transactionId(), "MICROPAY", description, deviceId, authCode, null, total, wallet,
                clock.instant(), State.USERPAYING);
        Order raced = orders.putIfAbsent(outTradeNo, order);
        if (raced != null) return retry(raced, authCode, total);
        ledger.bookIfAbsent(CHANNEL, "CHARGE", outTradeNo, null, 0, State.USERPAYING.name(), wallet.accountId());

        synchronized (order) {
            Wallet.Script script = wallet.script();
            return switch (wallet.behavior()) {
                case OK -> payOrRefuse(order);
                case SLOW -> payOrRefuse(order).after(script.slowMs());
                case INSUFFICIENT -> sim.refuseForFunds(order);
                case PASSWORD_REQUIRED, PASSWORD_NEVER -> Answer.of(202, sim.transaction(order));
                case ERROR -> {
                    settle(order, script.thenState());
                    yield Answer.error(500, "SYSTEM_ERROR", "系统超时，请稍后查询订单");
                }
                case HANG -> {
                    settle(order, script.thenState());
                    yield Answer.never();
                }
                case SERVER_ERROR -> {
                    settle(order, script.thenState());
                    yield Answer.bare500();
                }
                // Wallets.claim already reports an EXPIRED wallet's codes as expired
                case EXPIRED -> Answer.error(403, "AUTH_CODE_EXPIRE", "二维码已过期，请用户在微信上刷新后再试");
            };
        }
    }

    /** The same order number again: its state now if the content matches, else OUT_TRADE_NO_USED. */
    private Answer retry(Order order, String authCode, long total) {
        if (!"MICROPAY".equals(order.tradeType) || !order.authCode.equals(authCode) || order.totalFen != total)
            return Answer.error(403, "OUT_TRADE_NO_USED", "商户订单号重复，同一笔交易不能多次提交");
        synchronized (order) {
            return switch (order.state) {
                case SUCCESS -> Answer.ok(sim.transaction(order));
                case USERPAYING, NOTPAY -> Answer.of(202, sim.transaction(order));
                case PAYERROR -> order.decline != null ? order.decline : Answer.ok(sim.transaction(order));
                case REVOKED -> Answer.error(403, "ORDER_REVERSED", "订单已撤销");
                case CLOSED -> Answer.error(403, "ORDER_CLOSED", "订单已关闭");
            };
        }
    }

    private Answer payOrRefuse(Order order) {
        return sim.pay(order) ? Answer.ok(sim.transaction(order)) : order.decline;
    }

    private void settle(Order order, Wallet.Then then) {
        switch (then) {
            case SUCCESS -> sim.pay(order);
            case FAILED -> {
                order.state = State.PAYERROR;
                ledger.update(CHANNEL, "CHARGE", order.outTradeNo, e -> e.withState("FAILED", clock.instant()));
            }
        }
    }

    /** {@code GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=}. */
    Answer query(String outTradeNo, String mchid) {
        if (!DemoKeys.WECHAT_MCHID.equals(mchid)) return Answer.error(400, "MCH_NOT_EXISTS", "商户号不存在");
        Order order = orders.get(outTradeNo);
        if (order == null) return Answer.error(404, "ORDER_NOT_EXIST", "订单不存在");
        synchronized (order) {
            if (order.state == State.USERPAYING && order.wallet.behavior() == Wallet.Behavior.PASSWORD_REQUIRED
                    && ++order.queries > order.wallet.script().queriesUntilPaid()) {
                sim.pay(order);
            }
            return Answer.ok(sim.transaction(order));
        }
    }

    /** {@code POST /v3/pay/transactions/out-trade-no/{out_trade_no}/reverse}. */
    Answer reverse(String outTradeNo, String body) {
        merchant(json(body));
        Order order = orders.get(outTradeNo);
        if (order == null) return Answer.error(404, "ORDER_NOT_EXIST", "订单不存在");
        synchronized (order) {
            if (Duration.between(order.createdAt, clock.instant()).compareTo(REVERSE_WINDOW) > 0)
                return Answer.error(403, "REVERSE_EXPIRE", "订单无法撤销，请走退款流程");
            if (order.refundedFen > 0) return Answer.error(403, "INVALID_REQUEST", "订单已发生退款，不能撤销，请走退款流程");
            long returned = 0;
            switch (order.state) {
                case SUCCESS -> {
                    order.wallet.credit(order.totalFen);
                    returned = order.totalFen;
                }
                case USERPAYING, NOTPAY, PAYERROR, CLOSED, REVOKED -> { }
            }
            if (order.state != State.REVOKED) {
                order.state = State.REVOKED;
                ledger.update(CHANNEL, ledgerType(order), order.outTradeNo, e -> e.withState("REVERSED", clock.instant()));
                ledger.bookIfAbsent(CHANNEL, "REVERSAL", outTradeNo, outTradeNo, returned, "REVERSED", order.wallet.accountId());
                ledger.answer(CHANNEL, "REVERSAL", outTradeNo, "REVERSED");
            }
            ObjectNode answer = JSON.createObjectNode().put("appid", DemoKeys.WECHAT_APPID).put("mchid", DemoKeys.WECHAT_MCHID)
                    .put("out_trade_no", outTradeNo);
            return Answer.ok(answer);
        }
    }
}
