package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.COMPACT;
import static org.hospay.simulator.insurance.InsuranceJson.fen;
import static org.hospay.simulator.insurance.InsuranceJson.obj;
import static org.hospay.simulator.insurance.InsuranceJson.opt;
import static org.hospay.simulator.insurance.InsuranceJson.str;
import static org.hospay.simulator.insurance.InsuranceJson.yuan;
import static org.hospay.simulator.insurance.InsurancePersons.refuseInpatient;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hospay.simulator.insurance.InsuranceBook.Refused;
import org.hospay.simulator.insurance.InsuranceState.Fee;
import org.hospay.simulator.insurance.InsuranceState.Order;
import org.hospay.simulator.insurance.InsuranceState.OrderState;
import org.hospay.simulator.insurance.InsuranceState.Setl;
import org.hospay.simulator.insurance.InsuranceState.SetlState;
import org.hospay.simulator.insurance.InsuranceState.SimPerson;
import org.hospay.simulator.insurance.InsuranceState.StoredRefund;
import org.hospay.simulator.insurance.InsuranceState.Visit;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mobile insurance payment (the 6xxx interfaces): 6201 uploads a bill and answers the pre-split
 * order, 6202 pays it (one settlement, like 2207), 6301 queries it, 6401 revokes an unpaid one and
 * 6203 refunds a paid one in parts. Called by {@link InsuranceBook} under the state's lock.
 */
@Component
class MobilePayments {

    private final InsuranceState state;
    private final InsurancePersons identity;
    private final OutpatientSettlements outpatient;
    private final PoolingRules pooling;
    private final Map<String, SimPerson> persons;
    private final Map<String, Visit> visits;
    private final Map<String, Setl> settlements;
    private final Map<String, Order> orders;
    private final Map<String, StoredRefund> refunds;

    MobilePayments(InsuranceState state, InsurancePersons identity, OutpatientSettlements outpatient, PoolingRules pooling) {
        this.state = state;
        this.identity = identity;
        this.outpatient = outpatient;
        this.pooling = pooling;
        this.persons = state.persons;
        this.visits = state.visits;
        this.settlements = state.settlements;
        this.orders = state.orders;
        this.refunds = state.refunds;
    }

    // ------------------------------------------------------------------ 6201 / 6202 / 6203 / 6301 / 6401

    JsonNode mobileUpload(JsonNode in) {
        SimPerson p = identity.personOf(str(in, "psnNo"));
        String certType = opt(in, "mdtrtCertType");
        identity.checkCert(p, certType, "01".equals(certType) ? opt(in, "ecToken") : opt(in, "mdtrtCertNo"));
        String insutype = str(in, "insutype");
        if (!insutype.equals(p.insutype)) throw new Refused(PlatformError.NOT_INSURED, "人员未参加险种 " + insutype);
        refuseInpatient(p);
        String chrgBchno = str(in, "chrgBchno");
        JsonNode lines = in.path("feedetailList");
        if (!lines.isArray() || lines.isEmpty()) throw new Refused(PlatformError.INVALID_INPUT, "feedetailList 为空");
        List<Fee> fees = new ArrayList<>();
        for (JsonNode l : lines) {
            fees.add(new Fee(str(l, "feedetlSn"), chrgBchno, str(l, "medListCodg"),
                    FeeCategory.ofChrgitmType(opt(l, "medChrgitmType")), fen(l, "detItemFeeSumamt")));
        }
        long claimed = fen(in, "medfeeSumamt");
        long uploaded = fees.stream().mapToLong(Fee::amountFen).sum();
        if (claimed != uploaded)
            throw new Refused(PlatformError.FEE_MISMATCH, "医疗费总额 " + yuan(claimed) + " 与明细合计 " + yuan(uploaded) + " 不符");
        Visit v = outpatient.visitFor(p, str(in, "iptOtpNo"), insutype);
        if (outpatient.settledBatch(v.mdtrtId, chrgBchno).isPresent())
            throw new Refused(PlatformError.ALREADY_SETTLED, "收费批次 " + chrgBchno + " 已结算");
        fees.forEach(f -> v.fees.put(f.sn(), f));
        boolean accountUsed = "1".equals(opt(in, "acctUsedFlag"));
        Split pre = pooling.split(p, fees, accountUsed);
        String payOrdId = "ORD" + COMPACT.format(state.now()) + String.format("%08d", state.seq.incrementAndGet());
        byte[] t = new byte[16];
        state.random.nextBytes(t);
        Order o = new Order(payOrdId, HexFormat.of().formatHex(t), p.psnNo, v.mdtrtId, chrgBchno, opt(in, "medOrgOrd"), insutype,
                opt(in, "medType"), certType, accountUsed, pre);
        orders.put(payOrdId, o);
        return obj().put("payOrdId", payOrdId).put("payToken", o.payToken).put("medOrgOrd", o.medOrgOrd)
                .put("feeSumamt", yuan(pre.totalFen())).put("fundPay", yuan(pre.fundFen()))
                .put("psnAcctPay", yuan(pre.accountFen())).put("ownPayAmt", yuan(pre.cashFen()));
    }

    private Order orderOf(JsonNode in) {
        Order o = orders.get(str(in, "payOrdId"));
        if (o == null || !o.payToken.equals(opt(in, "payToken")))
            throw new Refused(PlatformError.ORDER_NOT_FOUND, "订单 " + opt(in, "payOrdId") + " 不存在或 payToken 不符");
        return o;
    }

    /** 6202 is idempotent by payOrdId: paying a paid order answers the payment again. */
    JsonNode mobilePay(JsonNode in, String msgid) {
        Order o = orderOf(in);
        switch (o.state) {
            case UPLOADED -> {
                SimPerson p = persons.get(o.psnNo);
                Visit v = visits.get(o.mdtrtId);
                Setl s = outpatient.commit(p, o.mdtrtId, msgid, o.payOrdId, o.chrgBchno, o.insutype, o.medType, o.certType,
                        pooling.split(p, v.batch(o.chrgBchno), o.accountUsed));
                o.setlId = s.setlId;
                o.state = OrderState.SETTLED;
            }
            case SETTLED, PARTIALLY_REFUNDED, REFUNDED -> { }
            case REVOKED -> throw new Refused(PlatformError.ORDER_STATE, "订单已撤销");
        }
        return payment(o);
    }

    JsonNode mobileQuery(JsonNode in) {
        return payment(orderOf(in));
    }

    JsonNode mobileRevoke(JsonNode in) {
        Order o = orderOf(in);
        switch (o.state) {
            case UPLOADED, REVOKED -> o.state = OrderState.REVOKED;
            case SETTLED, PARTIALLY_REFUNDED, REFUNDED -> throw new Refused(PlatformError.ORDER_STATE, "订单已支付, 请走退费");
        }
        return payment(o);
    }

    private JsonNode payment(Order o) {
        Setl s = o.setlId == null ? null : settlements.get(o.setlId);
        Split split = s == null ? o.preSplit : s.split;
        return obj().put("payOrdId", o.payOrdId).put("ordStas", o.state.name()).put("feeSumamt", yuan(split.totalFen()))
                .put("fundPay", yuan(split.fundFen())).put("psnAcctPay", yuan(split.accountFen()))
                .put("ownPayAmt", yuan(split.cashFen())).put("setlId", s == null ? "" : s.setlId).put("mdtrtId", o.mdtrtId);
    }

    /**
     * 6203. ALL refunds fund + account + cash, CASH only records the cash part (the money itself went
     * back through the payment channel), HI only fund + account. Each part is bounded by what is left
     * of it; the same appRefdSn again answers the first refund. Fund money returned gives its annual
     * room back; the deductible comes back once the insurance part is refunded in full.
     */
    JsonNode mobileRefund(JsonNode in) {
        String sn = str(in, "appRefdSn");
        String payOrdId = str(in, "payOrdId");
        String type = str(in, "refdType");
        long total = fen(in, "totlRefdAmt");
        long fund = fen(in, "fundRefdAmt");
        long acct = fen(in, "psnAcctRefdAmt");
        long cash = fen(in, "cashRefdAmt");
        StoredRefund prior = refunds.get(sn);
        if (prior != null) {
            if (prior.payOrdId().equals(payOrdId) && prior.fund() == fund && prior.account() == acct && prior.cash() == cash
                    && prior.type().equals(type)) return prior.output();
            throw new Refused(PlatformError.DUPLICATE_MSGID, "退款流水号 " + sn + " 已用于另一笔退款");
        }
        Order o = orders.get(payOrdId);
        if (o == null) throw new Refused(PlatformError.ORDER_NOT_FOUND, "订单 " + payOrdId + " 不存在");
        if (o.state != OrderState.SETTLED && o.state != OrderState.PARTIALLY_REFUNDED)
            throw new Refused(PlatformError.ORDER_STATE, "订单状态 " + o.state + " 不能退费");
        switch (type) {
            case "ALL" -> { }
            case "CASH" -> {
                if (fund != 0 || acct != 0) throw new Refused(PlatformError.INVALID_INPUT, "CASH 退费只能退现金部分");
            }
            case "HI" -> {
                if (cash != 0) throw new Refused(PlatformError.INVALID_INPUT, "HI 退费只能退医保部分");
            }
            default -> throw new Refused(PlatformError.INVALID_INPUT, "refdType 须为 ALL, CASH 或 HI: " + type);
        }
        if (total <= 0 || fund + acct + cash != total)
            throw new Refused(PlatformError.INVALID_INPUT, "退费金额须为正且 基金 + 个账 + 现金 = 总额");
        Setl s = settlements.get(o.setlId);
        long cashLeft = s.split.cashFen() - o.cashRefunded;
        if (fund > s.fundOutstanding || acct > s.accountOutstanding || cash > cashLeft)
            throw new Refused(PlatformError.REFUND_EXCEEDS_PAID, String.format("退费超过可退金额: 基金可退 %s 个账可退 %s 现金可退 %s",
                    yuan(s.fundOutstanding), yuan(s.accountOutstanding), yuan(cashLeft)));
        SimPerson p = persons.get(o.psnNo);
        long[] u = p.usage(s.year);
        s.fundOutstanding -= fund;
        s.accountOutstanding -= acct;
        p.accountBalanceFen += acct;
        u[1] = Math.max(0, u[1] - fund);
        if (s.fundOutstanding == 0 && s.accountOutstanding == 0 && !s.deductibleReturned) {
            u[0] = Math.max(0, u[0] - s.split.deductibleAppliedFen());
            s.deductibleReturned = true;
        }
        o.cashRefunded += cash;
        boolean all = s.fundOutstanding == 0 && s.accountOutstanding == 0 && o.cashRefunded == s.split.cashFen();
        o.state = all ? OrderState.REFUNDED : OrderState.PARTIALLY_REFUNDED;
        if (all) {
            s.state = SetlState.REFUNDED;
            state.restate("SETTLEMENT", s.ledgerId, "REFUNDED");
        }
        state.book("REFUND", sn, o.payOrdId, fund + acct, "SUCCESS", o.psnNo);
        ObjectNode out = obj().put("appRefdSn", sn)
                .put("refdSn", "RF" + COMPACT.format(state.now()) + String.format("%08d", state.seq.incrementAndGet()))
                .put("payOrdId", o.payOrdId).put("ordStas", o.state.name()).put("totlRefdAmt", yuan(total))
                .put("fundRefdAmt", yuan(fund)).put("psnAcctRefdAmt", yuan(acct)).put("cashRefdAmt", yuan(cash));
        refunds.put(sn, new StoredRefund(payOrdId, fund, acct, cash, type, out));
        return out;
    }
}
