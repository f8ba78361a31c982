package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.BEIJING;
import static org.hospay.simulator.insurance.InsuranceJson.DATE_TIME;
import static org.hospay.simulator.insurance.InsuranceJson.fen;
import static org.hospay.simulator.insurance.InsuranceJson.obj;
import static org.hospay.simulator.insurance.InsuranceJson.opt;
import static org.hospay.simulator.insurance.InsuranceJson.str;
import static org.hospay.simulator.insurance.InsuranceJson.yuan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hospay.simulator.insurance.InsuranceState.Order;
import org.hospay.simulator.insurance.InsuranceState.Setl;
import org.hospay.simulator.insurance.InsuranceState.SetlState;
import org.hospay.simulator.insurance.InsuranceState.SimPerson;
import org.hospay.simulator.ledger.LedgerEntry;
import org.hospay.simulator.statement.StatementDifferences;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the platform says about settlements already made, changing nothing: 5203 the settlements of
 * one visit, 3201 the reconciliation totals and 3202 the detail lines of a period (both from the
 * ledger). Called by {@link InsuranceBook} under the state's lock.
 */
@Component
class SettlementQueries {

    private final InsuranceState state;
    private final OutpatientSettlements outpatient;
    private final Map<String, SimPerson> persons;
    private final Map<String, Setl> settlements;
    private final Map<String, List<Setl>> settlementsOfVisit;
    private final Map<String, String> setlByMsgid;
    private final Map<String, Order> orders;

    /** Settlements 3201/3202 are made to leave out (reconciliation tests, channels/docs/statements.md). */
    private final StatementDifferences differences;

    SettlementQueries(InsuranceState state, OutpatientSettlements outpatient, StatementDifferences differences) {
        this.differences = differences;
        this.state = state;
        this.outpatient = outpatient;
        this.persons = state.persons;
        this.settlements = state.settlements;
        this.settlementsOfVisit = state.settlementsOfVisit;
        this.setlByMsgid = state.setlByMsgid;
        this.orders = state.orders;
    }

    // ------------------------------------------------------------------ 5203

    JsonNode query(JsonNode d) {
        String mdtrtId = str(d, "mdtrt_id");
        outpatient.visitOf(mdtrtId, str(d, "psn_no"));
        String setlId = opt(d, "setl_id");
        ObjectNode out = obj();
        ArrayNode list = out.putArray("setlinfo");
        for (Setl s : settlementsOfVisit.getOrDefault(mdtrtId, List.of())) {
            if (!setlId.isEmpty() && !setlId.equals(s.setlId)) continue;
            ObjectNode info = outpatient.setlinfo(persons.get(s.psnNo), s.setlId, s.mdtrtId, s.medType, s.certType, s.split,
                    s.insutype, s.balanceAfter, s.setlTime, s.msgid, s.state == SetlState.VALID, 1);
            info.put("setl_stas", s.state.name());
            info.set("setldetail", outpatient.setldetail(s.split, s.insutype));
            list.add(info);
        }
        return out;
    }

    // ------------------------------------------------------------------ 3201 / 3202 (from the ledger)

    /**
     * Settlements (valid or not) booked in the ledger within [begin, end] (Beijing dates), optionally of one insutype and
     * one clearing type ({@code clr_type} 11 outpatient: 2207/6201 settlements; 21 inpatient: 2304; absent: both).
     */
    private List<Setl> settledIn(JsonNode d) {
        LocalDate begin = LocalDate.parse(str(d, "stmt_begndate"));
        LocalDate end = LocalDate.parse(str(d, "stmt_enddate"));
        String insutype = opt(d, "insutype");
        String clrType = opt(d, "clr_type");
        List<Setl> result = new ArrayList<>();
        for (LedgerEntry e : state.ledger.all(InsuranceBook.CHANNEL)) {
            if (!"SETTLEMENT".equals(e.type()) && !"INPATIENT_SETTLEMENT".equals(e.type())) continue;
            LocalDate day = LocalDate.ofInstant(e.receivedAt(), BEIJING);
            if (day.isBefore(begin) || day.isAfter(end)) continue;
            Setl s = settlementByLedgerId(e.requestId());
            if (s != null && (insutype.isEmpty() || insutype.equals(s.insutype)) && (clrType.isEmpty() || clrType.equals(clrType(s)))
                    && !differences.of(InsuranceBook.CHANNEL).omits(s.setlId))
                result.add(s);
        }
        return result;
    }

    private Setl settlementByLedgerId(String ledgerId) {
        String setlId = setlByMsgid.get(ledgerId);
        if (setlId == null) {
            Order o = orders.get(ledgerId);
            setlId = o == null ? null : o.setlId;
        }
        return setlId == null ? null : settlements.get(setlId);
    }

    JsonNode statementTotals(JsonNode d) {
        long medfee = 0, fund = 0, acct = 0, count = 0;
        for (Setl s : settledIn(d)) {
            if (s.state != SetlState.VALID) continue;
            medfee += s.split.totalFen();
            fund += s.split.fundFen();
            acct += s.split.accountFen();
            count++;
        }
        long theirMedfee = fen(d, "medfee_sumamt");
        long theirFund = fen(d, "fund_pay_sumamt");
        long theirAcct = fen(d, "acct_pay");
        long theirCount = d.path("fixmedins_setl_cnt").asLong();
        boolean balanced = medfee == theirMedfee && fund == theirFund && acct == theirAcct && count == theirCount;
        String dscr = balanced ? "对账一致" : String.format("对账不平: 中心 医疗费 %s 基金 %s 个账 %s 笔数 %d; 机构 医疗费 %s 基金 %s 个账 %s 笔数 %d",
                yuan(medfee), yuan(fund), yuan(acct), count, yuan(theirMedfee), yuan(theirFund), yuan(theirAcct), theirCount);
        ObjectNode out = obj();
        out.putObject("stmtinfo").put("setl_optins", opt(d, "setl_optins")).put("stmt_rslt", balanced ? "0" : "1")
                .put("stmt_rslt_dscr", dscr).put("medfee_sumamt", yuan(medfee)).put("fund_pay_sumamt", yuan(fund))
                .put("acct_pay", yuan(acct)).put("fixmedins_setl_cnt", count);
        return out;
    }

    /** The settlement's clearing type, as its 2207/2304 answer gave it: 21 inpatient, 11 outpatient. */
    private static String clrType(Setl s) {
        return InpatientPooling.isInpatient(s.medType) ? "21" : "11";
    }

    JsonNode statementDetails(JsonNode d) {
        ObjectNode out = obj();
        ArrayNode lines = out.putArray("stmtinfo");
        for (Setl s : settledIn(d)) {
            lines.addObject().put("setl_id", s.setlId).put("mdtrt_id", s.mdtrtId).put("psn_no", s.psnNo)
                    .put("medins_setl_id", s.msgid).put("setl_time", DATE_TIME.format(s.setlTime))
                    .put("medfee_sumamt", yuan(s.split.totalFen())).put("fund_pay_sumamt", yuan(s.split.fundFen()))
                    .put("acct_pay", yuan(s.split.accountFen())).put("psn_cash_pay", yuan(s.split.cashFen()))
                    .put("vali_flag", s.state == SetlState.VALID ? "1" : "0").put("setl_stas", s.state.name())
                    .put("clr_type", clrType(s));
        }
        return out;
    }
}
