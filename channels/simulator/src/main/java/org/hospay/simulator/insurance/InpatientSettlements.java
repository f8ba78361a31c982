package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.COMPACT;
import static org.hospay.simulator.insurance.InsuranceJson.fen;
import static org.hospay.simulator.insurance.InsuranceJson.obj;
import static org.hospay.simulator.insurance.InsuranceJson.opt;
import static org.hospay.simulator.insurance.InsuranceJson.str;
import static org.hospay.simulator.insurance.InsuranceJson.wrap;
import static org.hospay.simulator.insurance.InsuranceJson.yuan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.hospay.simulator.insurance.InsuranceBook.Refused;
import org.hospay.simulator.insurance.InsuranceState.Fee;
import org.hospay.simulator.insurance.InsuranceState.Setl;
import org.hospay.simulator.insurance.InsuranceState.SetlState;
import org.hospay.simulator.insurance.InsuranceState.SimPerson;
import org.hospay.simulator.insurance.InsuranceState.Stay;
import org.hospay.simulator.insurance.InsuranceState.Visit;
import org.hospay.simulator.insurance.OutpatientPooling.Line;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inpatient stay at the platform: 2401 admits (2404 cancels the admission), 2301 uploads fee lines (2302 cancels
 * them), 2402 discharges (2405 cancels the discharge), 2303 pre-settles and 2304 settles the whole stay by the
 * inpatient-pooling rules ({@link InpatientPooling}), 2305 cancels the settlement. The order is the national one:
 * fees are accepted and cancelled only while no settlement is valid; settlement needs the discharge; a discharge is
 * cancelled only once its settlement is, an admission only without a discharge. A stay is a {@link Visit} too, so 5203
 * lists its settlements. Inpatient settlements are booked as {@code INPATIENT_SETTLEMENT}, apart from the outpatient
 * statements (3201/3202). Called by {@link InsuranceBook} under the state's lock.
 */
@Component
class InpatientSettlements {

    private final InsuranceState state;
    private final InsurancePersons identity;
    private final OutpatientSettlements outpatient;
    private final PoolingRules outpatientRules;
    private final AtomicReference<InpatientPoolingPolicy> policy;
    private final Map<String, Stay> stays;

    InpatientSettlements(InsuranceState state, InsurancePersons identity, OutpatientSettlements outpatient, PoolingRules outpatientRules,
                         InpatientPoolingPolicy policy) {
        this.state = state;
        this.identity = identity;
        this.outpatient = outpatient;
        this.outpatientRules = outpatientRules;
        this.policy = new AtomicReference<>(policy);
        this.stays = state.stays;
    }

    InpatientPoolingPolicy policy() {
        return policy.get();
    }

    // ------------------------------------------------------------------ 2401 / 2404

    /** 2401 入院办理: idempotent by (person, ipt_no); a person with another open stay is refused. */
    JsonNode admit(JsonNode d) {
        SimPerson p = identity.personOf(str(d, "psn_no"));
        identity.checkCert(p, opt(d, "mdtrt_cert_type"), opt(d, "mdtrt_cert_no"));
        String insutype = str(d, "insutype");
        if (!insutype.equals(p.insutype)) throw new Refused(PlatformError.NOT_INSURED, "人员未参加险种 " + insutype);
        String iptNo = str(d, "ipt_no");
        String existing = state.visitByOtpNo.get(p.psnNo + '|' + iptNo);
        Stay stay = existing == null ? null : stays.get(existing);
        if (stay == null || stay.visit.cancelled) {
            if (p.inpatient) throw new Refused(PlatformError.IN_HOSPITAL, "参保人存在未出院的住院登记");
            stay = new Stay(outpatient.visitFor(p, iptNo, insutype));
            stays.put(stay.visit.mdtrtId, stay);
            p.inpatient = true;
            state.book("ADMISSION", stay.visit.mdtrtId, iptNo, 0, "SUCCESS", p.psnNo);
        }
        return wrap("result", obj().put("mdtrt_id", stay.visit.mdtrtId).put("psn_no", p.psnNo).put("ipt_otp_no", iptNo));
    }

    /** 2404 入院撤销: only without a discharge and without fees; cancelled before answers success again. */
    JsonNode cancelAdmission(JsonNode d) {
        Stay s = stay(d, true);
        if (s.visit.cancelled) return obj();
        if (s.discharged) throw new Refused(PlatformError.INVALID_INPUT, "已办理出院, 请先撤销出院");
        if (!s.visit.fees.isEmpty()) throw new Refused(PlatformError.INVALID_INPUT, "存在已上传的费用明细, 请先撤销费用明细");
        s.visit.cancelled = true;
        identity.personOf(s.visit.psnNo).inpatient = false;
        state.restate("ADMISSION", s.visit.mdtrtId, "CANCELLED");
        return obj();
    }

    // ------------------------------------------------------------------ 2301 / 2302

    /** 2301 住院费用明细上传: a line uploaded again under its feedetl_sn replaces itself (a repeat changes nothing). */
    JsonNode uploadFees(JsonNode lines) {
        if (!lines.isArray() || lines.isEmpty()) throw new Refused(PlatformError.INVALID_INPUT, "feedetail 为空");
        Stay stay = null;
        List<Fee> parsed = new ArrayList<>();
        for (JsonNode l : lines) {
            Stay s = stay(l, false);
            if (stay != null && stay != s) throw new Refused(PlatformError.INVALID_INPUT, "一次上传只能属于一个住院");
            stay = s;
            parsed.add(new Fee(str(l, "feedetl_sn"), opt(l, "chrg_bchno"), str(l, "med_list_codg"),
                    FeeCategory.ofChrgitmType(opt(l, "med_chrgitm_type")), fen(l, "det_item_fee_sumamt")));
        }
        refuseSettled(stay);
        ObjectNode out = obj();
        ArrayNode result = out.putArray("result");
        for (Fee f : parsed) {
            stay.visit.fees.put(f.sn(), f);
            boolean inScope = policy.get().inScope(f.category(), f.itemCode());
            result.addObject().put("feedetl_sn", f.sn()).put("det_item_fee_sumamt", yuan(f.amountFen()))
                    .put("inscp_scp_amt", yuan(inScope ? f.amountFen() : 0))
                    .put("fulamt_ownpay_amt", yuan(inScope ? 0 : f.amountFen()))
                    .put("overlmt_amt", yuan(0)).put("preselfpay_amt", yuan(0))
                    .put("selfpay_prop", inScope ? "0" : "1").put("chrgitm_lv", inScope ? "01" : "03")
                    .put("med_chrgitm_type", f.category().chrgitmType());
        }
        return out;
    }

    /** 2302 住院费用明细撤销: the listed lines, or every line for feedetl_sn 0000; unknown lines are ignored. */
    JsonNode cancelFees(JsonNode data) {
        List<JsonNode> rows = new ArrayList<>();
        if (data.isArray()) data.forEach(rows::add); else rows.add(data);
        if (rows.isEmpty()) throw new Refused(PlatformError.INVALID_INPUT, "data 为空");
        for (JsonNode r : rows) {
            Stay s = stay(r, false);
            refuseSettled(s);
            String sn = str(r, "feedetl_sn");
            if ("0000".equals(sn)) s.visit.fees.clear(); else s.visit.fees.remove(sn);
        }
        return obj();
    }

    // ------------------------------------------------------------------ 2402 / 2405

    /** 2402 出院办理: the stay is closed for the patient (outpatient business is possible again); again answers success. */
    JsonNode discharge(JsonNode d) {
        Stay s = stay(d, false);
        if (!s.discharged) {
            s.discharged = true;
            identity.personOf(s.visit.psnNo).inpatient = false;
        }
        return obj();
    }

    /** 2405 出院撤销: only once no settlement of the stay is valid; a stay not discharged answers success. */
    JsonNode cancelDischarge(JsonNode d) {
        Stay s = stay(d, false);
        refuseSettled(s);
        if (s.discharged) {
            SimPerson p = identity.personOf(s.visit.psnNo);
            if (p.inpatient) // this stay is discharged, so another one is open
                throw new Refused(PlatformError.IN_HOSPITAL, "参保人存在另一未出院的住院登记");
            s.discharged = false;
            p.inpatient = true;
        }
        return obj();
    }

    // ------------------------------------------------------------------ 2303 / 2304 / 2305

    /** 2303 (commit false) / 2304: the whole stay's fees, after discharge, one valid settlement per stay. */
    JsonNode settle(JsonNode d, String msgid, boolean commit) {
        Stay s = stay(d, false);
        if (!s.discharged && !"1".equals(opt(d, "mid_setl_flag")))
            throw new Refused(PlatformError.IN_HOSPITAL, "未办理出院, 不能办理出院结算");
        SimPerson p = identity.personOf(s.visit.psnNo);
        long claimed = fen(d, "medfee_sumamt");
        List<Fee> fees = List.copyOf(s.visit.fees.values());
        if (fees.isEmpty()) throw new Refused(PlatformError.FEE_MISMATCH, "住院 " + s.visit.mdtrtId + " 未上传费用明细");
        long uploaded = fees.stream().mapToLong(Fee::amountFen).sum();
        if (uploaded != claimed)
            throw new Refused(PlatformError.FEE_MISMATCH, "医疗费总额 " + yuan(claimed) + " 与上传明细合计 " + yuan(uploaded) + " 不符");
        if (commit) refuseSettled(s);
        int year = state.year();
        List<Line> lines = fees.stream().map(f -> new Line(f.sn(), f.itemCode(), f.category(), f.amountFen())).toList();
        Split split = InpatientPooling.split(policy.get(), outpatientRules.hospital(), s.visit.insutype, p.inpatientUsage(year)[0],
                p.accountBalanceFen, lines, "1".equals(opt(d, "acct_used_flag")));
        String medType = opt(d, "med_type").isEmpty() ? InpatientPooling.MED_TYPE : opt(d, "med_type");
        ObjectNode out = obj();
        if (!commit) {
            out.set("setlinfo", outpatient.setlinfo(p, null, s.visit.mdtrtId, medType, opt(d, "mdtrt_cert_type"), split,
                    s.visit.insutype, p.accountBalanceFen - split.accountFen(), state.now(), null, true, 1));
            out.set("setldetail", outpatient.setldetail(split, s.visit.insutype));
            return out;
        }
        p.accountBalanceFen -= split.accountFen();
        p.inpatientUsage(year)[0] += split.fundFen();
        String setlId = "ST" + COMPACT.format(state.now()) + String.format("%08d", state.seq.incrementAndGet());
        Setl setl = new Setl(setlId, s.visit.mdtrtId, p.psnNo, msgid, msgid, "IPT", s.visit.insutype, medType,
                opt(d, "mdtrt_cert_type"), year, split, state.now(), p.accountBalanceFen);
        state.settlements.put(setlId, setl);
        state.settlementsOfVisit.computeIfAbsent(s.visit.mdtrtId, k -> new ArrayList<>()).add(setl);
        state.setlByMsgid.put(msgid, setlId);
        state.book("INPATIENT_SETTLEMENT", msgid, s.visit.mdtrtId, split.fundFen() + split.accountFen(), "SUCCESS", p.psnNo);
        out.set("setlinfo", outpatient.setlinfo(p, setlId, s.visit.mdtrtId, medType, setl.certType, split, s.visit.insutype,
                setl.balanceAfter, setl.setlTime, msgid, true, 1));
        out.set("setldetail", outpatient.setldetail(split, s.visit.insutype));
        return out;
    }

    /** 2305 住院结算撤销: the fund's annual room and the account money go back; the stay is discharged, unsettled. */
    JsonNode cancel(JsonNode d, String msgid) {
        String setlId = str(d, "setl_id");
        Setl s = state.settlements.get(setlId);
        if (s == null || !s.mdtrtId.equals(opt(d, "mdtrt_id")) || !s.psnNo.equals(opt(d, "psn_no")) || !stays.containsKey(s.mdtrtId))
            throw new Refused(PlatformError.SETTLEMENT_NOT_FOUND, "结算记录 " + setlId + " 不存在");
        if (s.state != SetlState.VALID) throw new Refused(PlatformError.ALREADY_CANCELLED, "结算记录 " + setlId + " 已撤销");
        SimPerson p = identity.personOf(s.psnNo);
        long returned = s.fundOutstanding + s.accountOutstanding;
        p.accountBalanceFen += s.accountOutstanding;
        long[] u = p.inpatientUsage(s.year);
        u[0] = Math.max(0, u[0] - s.fundOutstanding);
        s.fundOutstanding = 0;
        s.accountOutstanding = 0;
        s.state = SetlState.CANCELLED;
        state.restate("INPATIENT_SETTLEMENT", s.ledgerId, "CANCELLED");
        state.book("INPATIENT_SETTLEMENT_CANCEL", msgid, s.ledgerId, returned, "SUCCESS", s.psnNo);
        String cancelId = "ST" + COMPACT.format(state.now()) + String.format("%08d", state.seq.incrementAndGet());
        ObjectNode out = obj();
        out.set("setlinfo", outpatient.setlinfo(p, cancelId, s.mdtrtId, s.medType, s.certType, s.split, s.insutype, p.accountBalanceFen,
                state.now(), msgid, true, -1).put("init_setl_id", s.setlId));
        return out;
    }

    // ------------------------------------------------------------------ checks

    private Stay stay(JsonNode d, boolean evenCancelled) {
        Stay s = stays.get(str(d, "mdtrt_id"));
        if (s == null || !s.visit.psnNo.equals(str(d, "psn_no")) || (!evenCancelled && s.visit.cancelled))
            throw new Refused(PlatformError.VISIT_NOT_FOUND, "住院 " + opt(d, "mdtrt_id") + " 不存在或已撤销");
        return s;
    }

    private void refuseSettled(Stay s) {
        Optional<Setl> valid = state.settlementsOfVisit.getOrDefault(s.visit.mdtrtId, List.of()).stream()
                .filter(x -> x.state == SetlState.VALID).findFirst();
        if (valid.isPresent()) throw new Refused(PlatformError.ALREADY_SETTLED, "住院 " + s.visit.mdtrtId + " 已结算, 请先撤销结算");
    }
}
