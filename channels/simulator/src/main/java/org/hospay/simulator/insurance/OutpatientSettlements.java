package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.COMPACT;
import static org.hospay.simulator.insurance.InsuranceJson.DATE_TIME;
import static org.hospay.simulator.insurance.InsuranceJson.fen;
import static org.hospay.simulator.insurance.InsuranceJson.obj;
import static org.hospay.simulator.insurance.InsuranceJson.opt;
import static org.hospay.simulator.insurance.InsuranceJson.str;
import static org.hospay.simulator.insurance.InsuranceJson.wrap;
import static org.hospay.simulator.insurance.InsuranceJson.yuan;
import static org.hospay.simulator.insurance.InsurancePersons.birthday;
import static org.hospay.simulator.insurance.InsurancePersons.gender;
import static org.hospay.simulator.insurance.InsurancePersons.refuseInpatient;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hospay.simulator.insurance.InsuranceBook.Refused;
import org.hospay.simulator.insurance.InsuranceState.Fee;
import org.hospay.simulator.insurance.InsuranceState.Setl;
import org.hospay.simulator.insurance.InsuranceState.SetlState;
import org.hospay.simulator.insurance.InsuranceState.SimPerson;
import org.hospay.simulator.insurance.InsuranceState.Visit;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outpatient visit and its settlement: 2201 registers the visit (2202 cancels it), 2204 uploads its fees, 2206
 * pre-settles and 2207 settles a fee batch, 2208 cancels a settlement. What a settlement takes
 * (commit) and gives back (undo), and how it is shown (setlinfo, setldetail), are here for the
 * mobile payments, the reversal and the queries too. Called by {@link InsuranceBook} under the
 * state's lock.
 */
@Component
class OutpatientSettlements {

    private final InsuranceState state;
    private final InsurancePersons identity;
    private final PoolingRules pooling;
    private final Map<String, SimPerson> persons;
    private final Map<String, Visit> visits;
    private final Map<String, String> visitByOtpNo;
    private final Map<String, Setl> settlements;
    private final Map<String, List<Setl>> settlementsOfVisit;
    private final Map<String, String> setlByMsgid;

    OutpatientSettlements(InsuranceState state, InsurancePersons identity, PoolingRules pooling) {
        this.state = state;
        this.identity = identity;
        this.pooling = pooling;
        this.persons = state.persons;
        this.visits = state.visits;
        this.visitByOtpNo = state.visitByOtpNo;
        this.settlements = state.settlements;
        this.settlementsOfVisit = state.settlementsOfVisit;
        this.setlByMsgid = state.setlByMsgid;
    }

    // ------------------------------------------------------------------ 2201 / 2204

    JsonNode register(JsonNode d) {
        SimPerson p = identity.personOf(str(d, "psn_no"));
        identity.checkCert(p, opt(d, "mdtrt_cert_type"), opt(d, "mdtrt_cert_no"));
        String insutype = str(d, "insutype");
        if (!insutype.equals(p.insutype)) throw new Refused(PlatformError.NOT_INSURED, "人员未参加险种 " + insutype);
        refuseInpatient(p);
        String otpNo = str(d, "ipt_otp_no");
        Visit v = visitFor(p, otpNo, insutype);
        return wrap("data", obj().put("mdtrt_id", v.mdtrtId).put("psn_no", p.psnNo).put("ipt_otp_no", otpNo));
    }

    Visit visitFor(SimPerson p, String otpNo, String insutype) {
        String key = p.psnNo + '|' + otpNo;
        String existing = visitByOtpNo.get(key);
        if (existing != null && !visits.get(existing).cancelled) return visits.get(existing);
        String mdtrtId = "MD" + COMPACT.format(state.now()) + String.format("%08d", state.seq.incrementAndGet());
        Visit v = new Visit(mdtrtId, p.psnNo, otpNo, insutype);
        visits.put(mdtrtId, v);
        visitByOtpNo.put(key, mdtrtId);
        return v;
    }

    /**
     * 2202 挂号撤销: closes a visit that will not be settled (its fees go with it). A visit with a settlement still
     * valid is refused (cancel the settlement first, 2208); a visit cancelled before answers success again.
     */
    JsonNode cancelRegistration(JsonNode d, String msgid) {
        Visit v = visits.get(str(d, "mdtrt_id"));
        if (v == null || !v.psnNo.equals(str(d, "psn_no")) || !v.iptOtpNo.equals(str(d, "ipt_otp_no")))
            throw new Refused(PlatformError.VISIT_NOT_FOUND, "就诊 " + opt(d, "mdtrt_id") + " 不存在");
        if (settlementsOfVisit.getOrDefault(v.mdtrtId, List.of()).stream().anyMatch(s -> s.state == SetlState.VALID))
            throw new Refused(PlatformError.ALREADY_SETTLED, "就诊 " + v.mdtrtId + " 存在有效结算, 请先撤销结算");
        if (!v.cancelled) {
            v.cancelled = true;
            state.book("REGISTRATION_CANCEL", msgid, v.mdtrtId, 0, "SUCCESS", v.psnNo);
        }
        return obj();
    }

    /** Test data: a person's visits as {mdtrtId, iptOtpNo, state OPEN|SETTLED|CANCELLED}, in no particular order. */
    List<Map<String, String>> visitsOf(String psnNo) {
        state.lock.lock();
        try {
            return visits.values().stream().filter(v -> v.psnNo.equals(psnNo)).map(v -> Map.of("mdtrtId", v.mdtrtId,
                    "iptOtpNo", v.iptOtpNo, "state", v.cancelled ? "CANCELLED"
                            : settlementsOfVisit.getOrDefault(v.mdtrtId, List.of()).stream().anyMatch(s -> s.state == SetlState.VALID)
                            ? "SETTLED" : "OPEN")).toList();
        } finally {
            state.lock.unlock();
        }
    }

    JsonNode uploadFees(JsonNode lines) {
        if (!lines.isArray() || lines.isEmpty()) throw new Refused(PlatformError.INVALID_INPUT, "feedetail 为空");
        List<Fee> parsed = new ArrayList<>();
        Visit visit = null;
        for (JsonNode l : lines) {
            Visit v = visitOf(str(l, "mdtrt_id"), str(l, "psn_no"));
            if (visit != null && visit != v) throw new Refused(PlatformError.INVALID_INPUT, "一次上传只能属于一个就诊");
            visit = v;
            Fee fee = new Fee(str(l, "feedetl_sn"), str(l, "chrg_bchno"), str(l, "med_list_codg"),
                    FeeCategory.ofChrgitmType(opt(l, "med_chrgitm_type")), fen(l, "det_item_fee_sumamt"));
            if (settledBatch(v.mdtrtId, fee.chrgBchno()).isPresent())
                throw new Refused(PlatformError.ALREADY_SETTLED, "收费批次 " + fee.chrgBchno() + " 已结算, 不能再上传明细");
            parsed.add(fee);
        }
        ObjectNode out = obj();
        ArrayNode result = out.putArray("result");
        for (Fee f : parsed) {
            visit.fees.put(f.sn(), f);
            boolean inScope = pooling.policy().inScope(f.category(), f.itemCode());
            result.addObject().put("feedetl_sn", f.sn()).put("det_item_fee_sumamt", yuan(f.amountFen()))
                    .put("inscp_scp_amt", yuan(inScope ? f.amountFen() : 0))
                    .put("fulamt_ownpay_amt", yuan(inScope ? 0 : f.amountFen()))
                    .put("overlmt_amt", yuan(0)).put("preselfpay_amt", yuan(0))
                    .put("selfpay_prop", inScope ? "0" : "1").put("chrgitm_lv", inScope ? "01" : "03")
                    .put("med_chrgitm_type", f.category().chrgitmType());
        }
        return out;
    }

    Visit visitOf(String mdtrtId, String psnNo) {
        Visit v = visits.get(mdtrtId);
        if (v == null || !v.psnNo.equals(psnNo) || v.cancelled)
            throw new Refused(PlatformError.VISIT_NOT_FOUND, "就诊 " + mdtrtId + " 不存在或已撤销");
        return v;
    }

    // ------------------------------------------------------------------ 2206 / 2207

    JsonNode settle(JsonNode d, String msgid, boolean commit) {
        Visit v = visitOf(str(d, "mdtrt_id"), str(d, "psn_no"));
        SimPerson p = persons.get(v.psnNo);
        refuseInpatient(p);
        String chrgBchno = str(d, "chrg_bchno");
        long claimed = fen(d, "medfee_sumamt");
        boolean accountUsed = "1".equals(opt(d, "acct_used_flag"));
        List<Fee> fees = v.batch(chrgBchno);
        if (fees.isEmpty()) throw new Refused(PlatformError.FEE_MISMATCH, "收费批次 " + chrgBchno + " 未上传费用明细");
        long uploaded = fees.stream().mapToLong(Fee::amountFen).sum();
        if (uploaded != claimed)
            throw new Refused(PlatformError.FEE_MISMATCH, "医疗费总额 " + yuan(claimed) + " 与上传明细合计 " + yuan(uploaded) + " 不符");
        if (commit && settledBatch(v.mdtrtId, chrgBchno).isPresent())
            throw new Refused(PlatformError.ALREADY_SETTLED, "收费批次 " + chrgBchno + " 已结算");
        Split split = pooling.split(p, fees, accountUsed);
        if (!commit) return settlementOutput(p, null, v.mdtrtId, opt(d, "med_type"), opt(d, "mdtrt_cert_type"), split, v.insutype,
                p.accountBalanceFen - split.accountFen(), state.now(), null, true);
        Setl s = commit(p, v.mdtrtId, msgid, msgid, chrgBchno, v.insutype, opt(d, "med_type"), opt(d, "mdtrt_cert_type"), split);
        return settlementOutput(s);
    }

    Setl commit(SimPerson p, String mdtrtId, String msgid, String ledgerId, String chrgBchno, String insutype,
                String medType, String certType, Split split) {
        int year = state.year();
        long[] u = p.usage(year);
        p.accountBalanceFen -= split.accountFen();
        u[0] += split.deductibleAppliedFen();
        u[1] += split.fundFen();
        String setlId = "ST" + COMPACT.format(state.now()) + String.format("%08d", state.seq.incrementAndGet());
        Setl s = new Setl(setlId, mdtrtId, p.psnNo, msgid, ledgerId, chrgBchno, insutype, medType, certType, year, split, state.now(),
                p.accountBalanceFen);
        settlements.put(setlId, s);
        settlementsOfVisit.computeIfAbsent(mdtrtId, k -> new ArrayList<>()).add(s);
        setlByMsgid.put(msgid, setlId);
        state.book("SETTLEMENT", ledgerId, null, split.fundFen() + split.accountFen(), "SUCCESS", p.psnNo);
        return s;
    }

    Optional<Setl> settledBatch(String mdtrtId, String chrgBchno) {
        return settlementsOfVisit.getOrDefault(mdtrtId, List.of()).stream()
                .filter(s -> s.chrgBchno.equals(chrgBchno) && s.state != SetlState.CANCELLED
                        && s.state != SetlState.REVERSED)
                .findFirst();
    }

    private ObjectNode settlementOutput(Setl s) {
        return settlementOutput(persons.get(s.psnNo), s.setlId, s.mdtrtId, s.medType, s.certType, s.split, s.insutype,
                s.balanceAfter, s.setlTime, s.msgid, s.state == SetlState.VALID);
    }

    private ObjectNode settlementOutput(SimPerson p, String setlId, String mdtrtId, String medType, String certType, Split split,
                                        String insutype, long balanceAfter, LocalDateTime time, String msgid, boolean valid) {
        ObjectNode out = obj();
        out.set("setlinfo", setlinfo(p, setlId, mdtrtId, medType, certType, split, insutype, balanceAfter, time, msgid, valid, 1));
        out.set("setldetail", setldetail(split, insutype));
        return out;
    }

    ObjectNode setlinfo(SimPerson p, String setlId, String mdtrtId, String medType, String certType, Split split,
                        String insutype, long balanceAfter, LocalDateTime time, String msgid, boolean valid, int sign) {
        long fund = split.fundFen();
        ObjectNode info = obj()
                .put("setl_id", setlId == null ? "" : setlId).put("mdtrt_id", mdtrtId).put("psn_no", p.psnNo)
                .put("psn_name", p.name).put("psn_cert_type", "01").put("certno", p.idNo).put("gend", gender(p.idNo))
                .put("naty", "01").put("brdy", birthday(p.idNo)).put("age", identity.age(p.idNo)).put("insutype", insutype)
                .put("psn_type", "310".equals(insutype) ? "11" : "1501").put("cvlserv_flag", "0")
                .put("setl_time", DATE_TIME.format(time)).put("mdtrt_cert_type", certType).put("med_type", medType)
                .put("medfee_sumamt", yuan(sign * split.totalFen())).put("fulamt_ownpay_amt", yuan(sign * split.outOfScopeFen()))
                .put("overlmt_selfpay", yuan(0)).put("preselfpay_amt", yuan(0)).put("inscp_scp_amt", yuan(sign * split.inScopeFen()))
                .put("act_pay_dedc", yuan(sign * split.deductibleAppliedFen())).put("hifp_pay", yuan(sign * fund))
                .put("pool_prop_selfpay", yuan(sign * split.poolSelfPayFen())).put("cvlserv_pay", yuan(0)).put("hifes_pay", yuan(0))
                .put("hifmi_pay", yuan(0)).put("hifob_pay", yuan(0)).put("maf_pay", yuan(0)).put("oth_pay", yuan(0))
                .put("fund_pay_sumamt", yuan(sign * fund)).put("psn_part_amt", yuan(sign * split.patientShareFen()))
                .put("acct_pay", yuan(sign * split.accountFen())).put("psn_cash_pay", yuan(sign * split.cashFen()))
                .put("hosp_part_amt", yuan(0)).put("balc", yuan(balanceAfter)).put("acct_mulaid_pay", yuan(0))
                .put("medins_setl_id", msgid == null ? "" : msgid).put("clr_optins", p.region).put("clr_way", "1")
                .put("clr_type", InpatientPooling.isInpatient(medType) ? "21" : "11").put("vali_flag", valid ? "1" : "0");
        return InpatientPooling.isInpatient(medType) ? PoolingExplanation.addInpatient(info, split, time.getYear())
                : PoolingExplanation.addTo(info, split, time.getYear());
    }

    ArrayNode setldetail(Split split, String insutype) {
        ArrayNode details = EnvelopeWire.JSON.createArrayNode();
        details.addObject()
                .put("fund_pay_type", "310".equals(insutype) ? "310100" : "390100")
                .put("fund_pay_type_name", "310".equals(insutype) ? "职工基本医疗保险统筹基金" : "城乡居民基本医疗保险基金")
                .put("inscp_scp_amt", yuan(split.inScopeFen()))
                .put("crt_payb_lmt_amt", yuan(split.capRemainingFen()))
                .put("fund_payamt", yuan(split.fundFen()))
                .put("pool_prop", split.ratio().toPlainString())
                .put("setl_proc_info", split.procInfo());
        return details;
    }

    // ------------------------------------------------------------------ 2208

    JsonNode cancel(JsonNode d, String msgid) {
        String setlId = str(d, "setl_id");
        Setl s = settlements.get(setlId);
        if (s == null || !s.mdtrtId.equals(opt(d, "mdtrt_id")) || !s.psnNo.equals(opt(d, "psn_no")))
            throw new Refused(PlatformError.SETTLEMENT_NOT_FOUND, "结算记录 " + setlId + " 不存在");
        if (s.state != SetlState.VALID) throw new Refused(PlatformError.ALREADY_CANCELLED, "结算记录 " + setlId + " 已撤销或冲正");
        long returned = undo(s, SetlState.CANCELLED, "CANCELLED");
        state.book("SETTLEMENT_CANCEL", msgid, s.ledgerId, returned, "SUCCESS", s.psnNo);
        SimPerson p = persons.get(s.psnNo);
        String cancelId = "ST" + COMPACT.format(state.now()) + String.format("%08d", state.seq.incrementAndGet());
        ObjectNode out = obj();
        out.set("setlinfo", setlinfo(p, cancelId, s.mdtrtId, s.medType, s.certType, s.split, s.insutype, p.accountBalanceFen,
                state.now(), msgid, true, -1).put("init_setl_id", s.setlId));
        return out;
    }

    /** Gives back what a settlement still holds (account money, annual fund room, deductible); returns the money. */
    long undo(Setl s, SetlState to, String ledgerState) {
        SimPerson p = persons.get(s.psnNo);
        long[] u = p.usage(s.year);
        long returned = s.fundOutstanding + s.accountOutstanding;
        p.accountBalanceFen += s.accountOutstanding;
        u[1] = Math.max(0, u[1] - s.fundOutstanding);
        if (!s.deductibleReturned) {
            u[0] = Math.max(0, u[0] - s.split.deductibleAppliedFen());
            s.deductibleReturned = true;
        }
        s.fundOutstanding = 0;
        s.accountOutstanding = 0;
        s.state = to;
        state.restate("SETTLEMENT", s.ledgerId, ledgerState);
        return returned;
    }
}
