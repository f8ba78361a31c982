package org.hospay.simulator.wechat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.channels.Channel;
import org.hospay.channels.demo.DemoKeys;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeChat Pay's books, in memory: code-payment and papay orders, refunds and withholding contracts, with
 * the vendor's rules. Every method answers as WeChat would ({@link Answer}); signing, faults and latency
 * are the controller's.
 *
 * <ul>
 *   <li>The same {@code out_trade_no} with the same content is a retry: the order's current state,
 *       never a second debit; with other content it is OUT_TRADE_NO_USED.</li>
 *   <li>A refund number refunds once; refunds never exceed what was paid; reverse after payment returns
 *       the money; reverse is refused after 7 days (REVERSE_EXPIRE).</li>
 *   <li>Papay: a deduction needs a SIGNED contract (else CONTRACT_NOT_EXIST), 07:00–22:00 Beijing time
 *       and no earlier successful deduction on the contract that Beijing day (else RULE_LIMIT).</li>
 * </ul>
 * Every order, refund, reversal and deduction is booked in the {@link Ledger} (channel WECHAT).
 */
@Component
class WechatPaySim {

    static final String CHANNEL = Channel.WECHAT.name();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final ZoneOffset PLUS_8 = ZoneOffset.ofHours(8);
    private static final Duration REVERSE_WINDOW = Duration.ofDays(7);
    private static final LocalTime DEDUCT_FROM = LocalTime.of(7, 0);
    private static final LocalTime DEDUCT_UNTIL = LocalTime.of(22, 0);

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

    /** A papay contract; mutable fields change only under {@code synchronized (contract)}. */
    static final class Contract {
        final String contractId;
        final long planId;
        final String outContractCode;
        final String walletId;
        final String openid;
        final String displayAccount;
        final URI notifyUrl;
        final Instant signedAt;
        String state = "SIGNED";
        Instant terminatedAt;
        String terminationMode;
        String terminationRemark;
        final Map<LocalDate, String> deductedOn = new HashMap<>();

        Contract(String contractId, long planId, String outContractCode, String walletId, String openid, String displayAccount,
                 URI notifyUrl, Instant signedAt) {
            this.contractId = contractId;
            this.planId = planId;
            this.outContractCode = outContractCode;
            this.walletId = walletId;
            this.openid = openid;
            this.displayAccount = displayAccount;
            this.notifyUrl = notifyUrl;
            this.signedAt = signedAt;
        }
    }

    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, RefundRecord> refunds = new ConcurrentHashMap<>();
    private final Map<String, Contract> contracts = new ConcurrentHashMap<>();
    private final Map<String, String> contractsByCode = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000));
    private final Wallets wallets;
    private final Ledger ledger;
    private final Clock clock;

    WechatPaySim(Wallets wallets, Ledger ledger, Clock clock) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A request body WeChat would refuse with 400 PARAM_ERROR. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    // ------------------------------------------------------------------ code payment

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
        Order order = new Order(outTradeNo, transactionId(), "MICROPAY", description, deviceId, authCode, null, total, wallet,
                clock.instant(), State.USERPAYING);
        Order raced = orders.putIfAbsent(outTradeNo, order);
        if (raced != null) return retry(raced, authCode, total);
        ledger.bookIfAbsent(CHANNEL, "CHARGE", outTradeNo, null, 0, State.USERPAYING.name(), wallet.accountId());

        synchronized (order) {
            Wallet.Script script = wallet.script();
            return switch (wallet.behavior()) {
                case OK -> payOrRefuse(order);
                case SLOW -> payOrRefuse(order).after(script.slowMs());
                case INSUFFICIENT -> refuseForFunds(order);
                case PASSWORD_REQUIRED, PASSWORD_NEVER -> Answer.of(202, transaction(order));
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
                case SUCCESS -> Answer.ok(transaction(order));
                case USERPAYING, NOTPAY -> Answer.of(202, transaction(order));
                case PAYERROR -> order.decline != null ? order.decline : Answer.ok(transaction(order));
                case REVOKED -> Answer.error(403, "ORDER_REVERSED", "订单已撤销");
                case CLOSED -> Answer.error(403, "ORDER_CLOSED", "订单已关闭");
            };
        }
    }

    private Answer payOrRefuse(Order order) {
        return pay(order) ? Answer.ok(transaction(order)) : order.decline;
    }

    private Answer refuseForFunds(Order order) {
        order.state = State.PAYERROR;
        order.decline = Answer.error(403, "NOT_ENOUGH", "用户账号余额不足，请用户充值或更换支付卡后再支付");
        ledger.update(CHANNEL, ledgerType(order), order.outTradeNo, e -> e.withState("FAILED", clock.instant()));
        return order.decline;
    }

    /** Debits the wallet; false (order PAYERROR, NOT_ENOUGH) when the balance is short. Caller holds the order's lock. */
    private boolean pay(Order order) {
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

    private void settle(Order order, Wallet.Then then) {
        switch (then) {
            case SUCCESS -> pay(order);
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
                pay(order);
            }
            return Answer.ok(transaction(order));
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
            RefundRecord rec = new RefundRecord(outRefundNo, refundId(), outTradeNo, refund, order.totalFen,
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

    // ------------------------------------------------------------------ papay

    /** The simulated payer signs in the WeChat app (test endpoint). */
    Contract sign(Wallet wallet, long planId, String outContractCode, URI notifyUrl, String displayAccount) {
        String key = planId + "|" + outContractCode;
        for (Contract c : contracts.values()) {
            synchronized (c) {
                if (c.planId == planId && c.walletId.equals(wallet.walletId()) && "SIGNED".equals(c.state))
                    throw new IllegalStateException("CONTRACT_EXISTS: this payer already has a signed contract " + c.contractId + " under plan " + planId);
            }
        }
        Contract contract = new Contract("Wx" + String.format("%026d", seq.incrementAndGet()), planId, outContractCode,
                wallet.walletId(), wallet.accountId(), displayAccount, notifyUrl, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (contractsByCode.putIfAbsent(key, contract.contractId) != null)
            throw new IllegalStateException("CONTRACT_CODE_USED: contract code " + outContractCode + " was used before under plan " + planId);
        contracts.put(contract.contractId, contract);
        return contract;
    }

    Optional<Contract> contract(String contractId) {
        return Optional.ofNullable(contracts.get(contractId));
    }

    /** Ends a contract; false when it was not signed (already ended). */
    boolean terminate(Contract contract, String mode, String remark) {
        synchronized (contract) {
            if (!"SIGNED".equals(contract.state)) return false;
            contract.state = "TERMINATED";
            contract.terminatedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            contract.terminationMode = mode;
            contract.terminationRemark = remark;
            return true;
        }
    }

    /** {@code GET /v3/papay/sign/contracts/plan-id/{plan_id}/out-contract-code/{out_contract_code}}. */
    Answer contractQuery(long planId, String outContractCode) {
        String id = contractsByCode.get(planId + "|" + outContractCode);
        if (id == null) return Answer.error(404, "RESOURCE_NOT_EXISTS", "签约协议不存在");
        return Answer.ok(contractJson(contracts.get(id)));
    }

    /** Outcome of a merchant termination: the answer, and the contract when it just ended (to notify). */
    record Termination(Answer answer, Contract terminated) {}

    /** {@code POST …/terminate} (商户 API 解约). Terminating an ended contract answers its state again. */
    Termination merchantTerminate(long planId, String outContractCode, String body) {
        String remark = json(body).path("contract_termination_remark").asString("");
        if (remark.isBlank()) throw new BadRequest("contract_termination_remark 不能为空");
        String id = contractsByCode.get(planId + "|" + outContractCode);
        if (id == null) return new Termination(Answer.error(404, "RESOURCE_NOT_EXISTS", "签约协议不存在"), null);
        Contract c = contracts.get(id);
        boolean ended = terminate(c, "MERCHANT_API", remark);
        return new Termination(Answer.ok(contractJson(c)), ended ? c : null);
    }

    /** Outcome of a deduction: the answer, and the paid order when money moved (to notify). */
    record Deduction(Answer answer, Order paid, URI notifyUrl) {}

    /** {@code POST /v3/papay/pay/transactions/apply} (受理扣款), settled synchronously. */
    Deduction apply(String body) {
        JsonNode r = json(body);
        merchant(r);
        String outTradeNo = text(r, "out_trade_no");
        String contractId = text(r, "contract_id");
        String description = text(r, "description");
        long total = positive(r.path("amount"), "total");
        URI notifyUrl = url(text(r, "transaction_notify_url"));

        Order existing = orders.get(outTradeNo);
        if (existing != null) {
            boolean same = "PAP".equals(existing.tradeType) && contractId.equals(existing.contractId) && existing.totalFen == total;
            return new Deduction(same ? Answer.ok(accepted(existing)) : Answer.error(403, "OUT_TRADE_NO_USED", "商户订单号重复"), null, null);
        }
        Contract contract = contracts.get(contractId);
        if (contract == null) return refused(Answer.error(403, "CONTRACT_NOT_EXIST", "签约协议不存在，请检查 contract_id"));
        synchronized (contract) {
            if (!"SIGNED".equals(contract.state))
                return refused(Answer.error(403, "CONTRACT_NOT_EXIST", "协议不存在，用户已解约"));
            OffsetDateTime now = clock.instant().atZone(BEIJING).toOffsetDateTime();
            LocalTime time = now.toLocalTime();
            if (time.isBefore(DEDUCT_FROM) || !time.isBefore(DEDUCT_UNTIL))
                return refused(Answer.error(403, "RULE_LIMIT", "扣款只能在北京时间 07:00-22:00 发起，当前 " + time.withNano(0)));
            LocalDate day = now.toLocalDate();
            if (contract.deductedOn.containsKey(day))
                return refused(Answer.error(403, "RULE_LIMIT", "该协议今日已成功扣款（订单 " + contract.deductedOn.get(day) + "），每日仅可成功扣款一次"));
            Wallet wallet = wallets.wallet(contract.walletId).orElseThrow();
            if (wallet.behavior() == Wallet.Behavior.INSUFFICIENT || wallet.balance().get() < total)
                return refused(Answer.error(403, "NOT_ENOUGH", "用户账户余额不足"));
            Order order = new Order(outTradeNo, transactionId(), "PAP", description, "", "", contractId, total, wallet,
                    clock.instant(), State.NOTPAY);
            Order raced = orders.putIfAbsent(outTradeNo, order);
            if (raced != null) return new Deduction(Answer.error(403, "OUT_TRADE_NO_USED", "商户订单号重复"), null, null);
            ledger.bookIfAbsent(CHANNEL, "WITHHOLD", outTradeNo, contractId, 0, "ACCEPT", wallet.accountId());
            synchronized (order) {
                if (!pay(order)) return new Deduction(order.decline, null, null);
            }
            contract.deductedOn.put(day, outTradeNo);
            return new Deduction(Answer.ok(accepted(order)), order, notifyUrl);
        }
    }

    private static Deduction refused(Answer answer) {
        return new Deduction(answer, null, null);
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

    private ObjectNode accepted(Order o) {
        ObjectNode a = JSON.createObjectNode().put("out_trade_no", o.outTradeNo);
        a.putObject("amount").put("total", o.totalFen).put("currency", "CNY");
        return a;
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

    /** The contract resource (query, terminate, and the PAPAY.* callbacks). */
    static ObjectNode contractJson(Contract c) {
        synchronized (c) {
            ObjectNode j = JSON.createObjectNode()
                    .put("mchid", DemoKeys.WECHAT_MCHID)
                    .put("appid", DemoKeys.WECHAT_APPID)
                    .put("contract_id", c.contractId)
                    .put("plan_id", c.planId)
                    .put("out_contract_code", c.outContractCode)
                    .put("openid", c.openid)
                    .put("contract_display_account", c.displayAccount)
                    .put("contract_state", c.state)
                    .put("contract_signed_time", rfc3339(c.signedAt));
            if (c.terminatedAt != null) {
                j.putObject("contract_terminate_info")
                        .put("contract_terminated_time", rfc3339(c.terminatedAt))
                        .put("contract_termination_mode", c.terminationMode)
                        .put("contract_termination_remark", c.terminationRemark);
            }
            return j;
        }
    }

    // ------------------------------------------------------------------ helpers

    static String rfc3339(Instant i) {
        return OffsetDateTime.ofInstant(i.truncatedTo(ChronoUnit.SECONDS), PLUS_8).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private String transactionId() {
        return "4200" + LocalDate.ofInstant(clock.instant(), BEIJING).format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%016d", seq.incrementAndGet());
    }

    private String refundId() {
        return "50300" + LocalDate.ofInstant(clock.instant(), BEIJING).format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%016d", seq.incrementAndGet());
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) throw new BadRequest("请求体为空");
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new BadRequest("请求体不是 JSON 对象");
            return n;
        } catch (JacksonException e) {
            throw new BadRequest("请求体不是合法的 JSON");
        }
    }

    private static void merchant(JsonNode r) {
        if (!DemoKeys.WECHAT_MCHID.equals(r.path("mchid").asString(""))) throw new BadRequest("mchid 与请求签名的商户号不一致");
        if (!DemoKeys.WECHAT_APPID.equals(r.path("appid").asString(""))) throw new BadRequest("appid 与 mchid 不匹配");
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asString("");
        if (v.isBlank()) throw new BadRequest("缺少参数 " + field);
        return v;
    }

    private static long positive(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isIntegralNumber() || v.asLong() <= 0) throw new BadRequest(field + " 必须是正整数（分）");
        return v.asLong();
    }

    private static URI url(String s) {
        try {
            URI u = URI.create(s);
            if (!u.isAbsolute() || u.getRawQuery() != null) throw new BadRequest("transaction_notify_url 必须是不带参数的绝对地址");
            return u;
        } catch (IllegalArgumentException e) {
            throw new BadRequest("transaction_notify_url 不是合法的 URL");
        }
    }
}
