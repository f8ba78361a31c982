package org.hospay.simulator.wechat;

import static org.hospay.simulator.wechat.WechatPaySim.BEIJING;
import static org.hospay.simulator.wechat.WechatPaySim.CHANNEL;
import static org.hospay.simulator.wechat.WechatPaySim.JSON;
import static org.hospay.simulator.wechat.WechatPaySim.json;
import static org.hospay.simulator.wechat.WechatPaySim.merchant;
import static org.hospay.simulator.wechat.WechatPaySim.positive;
import static org.hospay.simulator.wechat.WechatPaySim.rfc3339;
import static org.hospay.simulator.wechat.WechatPaySim.text;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hospay.simulator.wire.DemoKeys;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.hospay.simulator.wechat.WechatPaySim.BadRequest;
import org.hospay.simulator.wechat.WechatPaySim.Order;
import org.hospay.simulator.wechat.WechatPaySim.State;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Papay (委托代扣): withholding contracts the payer signs and ends in the WeChat app or the merchant
 * ends by API, and the deductions made on them. A deduction needs a SIGNED contract (else
 * CONTRACT_NOT_EXIST), 07:00–22:00 Beijing time and no earlier successful deduction on the contract
 * that Beijing day (else RULE_LIMIT).
 */
@Component
class WechatPapay {

    private static final LocalTime DEDUCT_FROM = LocalTime.of(7, 0);
    private static final LocalTime DEDUCT_UNTIL = LocalTime.of(22, 0);

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

    private final Map<String, Contract> contracts = new ConcurrentHashMap<>();
    private final Map<String, String> contractsByCode = new ConcurrentHashMap<>();
    private final WechatPaySim sim;
    private final Map<String, Order> orders;
    private final Wallets wallets;
    private final Ledger ledger;
    private final Clock clock;

    WechatPapay(WechatPaySim sim, Wallets wallets, Ledger ledger, Clock clock) {
        this.sim = sim;
        this.orders = sim.orders;
        this.wallets = wallets;
        this.ledger = ledger;
        this.clock = clock;
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
        Contract contract = new Contract(sim.contractId(), planId, outContractCode,
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
            Order order = new Order(outTradeNo, sim.transactionId(), "PAP", description, "", "", contractId, total, wallet,
                    clock.instant(), State.NOTPAY);
            Order raced = orders.putIfAbsent(outTradeNo, order);
            if (raced != null) return new Deduction(Answer.error(403, "OUT_TRADE_NO_USED", "商户订单号重复"), null, null);
            ledger.bookIfAbsent(CHANNEL, "WITHHOLD", outTradeNo, contractId, 0, "ACCEPT", wallet.accountId());
            synchronized (order) {
                if (!sim.pay(order)) return new Deduction(order.decline, null, null);
            }
            contract.deductedOn.put(day, outTradeNo);
            return new Deduction(Answer.ok(accepted(order)), order, notifyUrl);
        }
    }

    private static Deduction refused(Answer answer) {
        return new Deduction(answer, null, null);
    }

    private ObjectNode accepted(Order o) {
        ObjectNode a = JSON.createObjectNode().put("out_trade_no", o.outTradeNo);
        a.putObject("amount").put("total", o.totalFen).put("currency", "CNY");
        return a;
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
