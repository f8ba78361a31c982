package org.hospay.simulator.wechat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.simulator.wire.Channel;
import org.hospay.simulator.wire.DemoKeys;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Wallet;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeChat Pay's books, in memory: orders (code payment and papay) and refunds, and what the operation
 * families share over them: paying an order, the order resource, the ids and the request checks. The
 * operations are {@link WechatCodePay} (codepay, query, reverse), {@link WechatRefunds} and
 * {@link WechatPapay} (contracts and deductions); each answers as WeChat would ({@link Answer});
 * signing, faults and latency are the controller's. Every order, refund, reversal and deduction is
 * booked in the {@link Ledger} (channel WECHAT).
 */
@Component
class WechatPaySim {

    static final String CHANNEL = Channel.WECHAT.name();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final ZoneOffset PLUS_8 = ZoneOffset.ofHours(8);

    enum State { USERPAYING, NOTPAY, SUCCESS, PAYERROR, REVOKED, CLOSED }

    /** One order; its mutable fields change only under {@code synchronized (order)}. */
    static final class Order {
        final String outTradeNo;
        final String transactionId;
        final String tradeType;
        final String description;
        final String deviceId;
        final String authCode;
        final String contractId;
        final long totalFen;
        final Wallet wallet;
        final Instant createdAt;
        State state;
        Instant successTime;
        int queries;
        long refundedFen;
        Answer decline;

        Order(String outTradeNo, String transactionId, String tradeType, String description, String deviceId, String authCode,
              String contractId, long totalFen, Wallet wallet, Instant createdAt, State state) {
            this.outTradeNo = outTradeNo;
            this.transactionId = transactionId;
            this.tradeType = tradeType;
            this.description = description;
            this.deviceId = deviceId;
            this.authCode = authCode;
            this.contractId = contractId;
            this.totalFen = totalFen;
            this.wallet = wallet;
            this.createdAt = createdAt;
            this.state = state;
        }
    }

    record RefundRecord(String outRefundNo, String refundId, String outTradeNo, long refundFen, long totalFen, Instant createdAt) {}

    final Map<String, Order> orders = new ConcurrentHashMap<>();
    final Map<String, RefundRecord> refunds = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000));
    private final Ledger ledger;
    private final Clock clock;

    WechatPaySim(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A request body WeChat would refuse with 400 PARAM_ERROR. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    // ------------------------------------------------------------------ paying an order

    Answer refuseForFunds(Order order) {
        order.state = State.PAYERROR;
        order.decline = Answer.error(403, "NOT_ENOUGH", "用户账号余额不足，请用户充值或更换支付卡后再支付");
        ledger.update(CHANNEL, ledgerType(order), order.outTradeNo, e -> e.withState("FAILED", clock.instant()));
        return order.decline;
    }

    /** Debits the wallet; false (order PAYERROR, NOT_ENOUGH) when the balance is short. Caller holds the order's lock. */
    boolean pay(Order order) {
        if (!order.wallet.debit(order.totalFen)) {
            refuseForFunds(order);
            return false;
        }
        order.state = State.SUCCESS;
        order.successTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ledger.update(CHANNEL, ledgerType(order), order.outTradeNo, e -> e.withAmount(order.totalFen).withState("SUCCESS", order.successTime));
        return true;
    }

    /** Code payments book CHARGE, papay deductions WITHHOLD, both under the order number. */
    static String ledgerType(Order order) {
        return "PAP".equals(order.tradeType) ? "WITHHOLD" : "CHARGE";
    }

    // ------------------------------------------------------------------ views

    Collection<Order> orders() {
        return orders.values();
    }

    Optional<Order> order(String outTradeNo) {
        return Optional.ofNullable(orders.get(outTradeNo));
    }

    Optional<RefundRecord> refundRecord(String outRefundNo) {
        return Optional.ofNullable(refunds.get(outRefundNo));
    }

    /** The order resource WeChat answers and notifies. Caller holds the order's lock. */
    ObjectNode transaction(Order o) {
        ObjectNode tx = JSON.createObjectNode()
                .put("appid", DemoKeys.WECHAT_APPID)
                .put("mchid", DemoKeys.WECHAT_MCHID)
                .put("out_trade_no", o.outTradeNo)
                .put("trade_type", o.tradeType);
        String state = o.state == State.SUCCESS && o.refundedFen > 0 ? "REFUND" : o.state.name();
        tx.put("trade_state", state).put("trade_state_desc", describe(o));
        if (o.contractId != null) tx.put("contract_id", o.contractId);
        if (o.successTime != null) {
            tx.put("transaction_id", o.transactionId).put("bank_type", "OTHERS").put("success_time", rfc3339(o.successTime));
        }
        tx.putObject("payer").put("openid", o.wallet.accountId());
        tx.putObject("amount").put("total", o.totalFen).put("payer_total", o.successTime == null ? 0 : o.totalFen)
                .put("currency", "CNY").put("payer_currency", "CNY");
        if (!o.deviceId.isEmpty()) tx.putObject("scene_info").put("device_id", o.deviceId);
        return tx;
    }

    private static String describe(Order o) {
        return switch (o.state) {
            case SUCCESS -> o.refundedFen > 0 ? "转入退款" : "支付成功";
            case USERPAYING -> "用户支付中，需要输入密码";
            case NOTPAY -> "未支付";
            case PAYERROR -> "支付失败";
            case REVOKED -> "已撤销";
            case CLOSED -> "已关闭";
        };
    }

    // ------------------------------------------------------------------ helpers

    static String rfc3339(Instant i) {
        return OffsetDateTime.ofInstant(i.truncatedTo(ChronoUnit.SECONDS), PLUS_8).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    String transactionId() {
        return "4200" + LocalDate.ofInstant(clock.instant(), BEIJING).format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%016d", seq.incrementAndGet());
    }

    String refundId() {
        return "50300" + LocalDate.ofInstant(clock.instant(), BEIJING).format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%016d", seq.incrementAndGet());
    }

    /** Papay contract ids come from the same sequence as transaction and refund ids. */
    String contractId() {
        return "Wx" + String.format("%026d", seq.incrementAndGet());
    }

    static JsonNode json(String body) {
        if (body == null || body.isBlank()) throw new BadRequest("请求体为空");
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new BadRequest("请求体不是 JSON 对象");
            return n;
        } catch (JacksonException e) {
            throw new BadRequest("请求体不是合法的 JSON");
        }
    }

    static void merchant(JsonNode r) {
        if (!DemoKeys.WECHAT_MCHID.equals(r.path("mchid").asString(""))) throw new BadRequest("mchid 与请求签名的商户号不一致");
        if (!DemoKeys.WECHAT_APPID.equals(r.path("appid").asString(""))) throw new BadRequest("appid 与 mchid 不匹配");
    }

    static String text(JsonNode n, String field) {
        String v = n.path(field).asString("");
        if (v.isBlank()) throw new BadRequest("缺少参数 " + field);
        return v;
    }

    static long positive(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isIntegralNumber() || v.asLong() <= 0) throw new BadRequest(field + " 必须是正整数（分）");
        return v.asLong();
    }
}
