package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.obj;
import static org.hospay.simulator.insurance.InsuranceJson.opt;
import static org.hospay.simulator.insurance.InsuranceJson.str;
import static org.hospay.simulator.insurance.InsuranceJson.wrap;

import java.util.Map;
import java.util.Set;
import org.hospay.simulator.insurance.InsuranceBook.Answer;
import org.hospay.simulator.insurance.InsuranceBook.Refused;
import org.hospay.simulator.insurance.InsuranceState.Order;
import org.hospay.simulator.insurance.InsuranceState.OrderState;
import org.hospay.simulator.insurance.InsuranceState.Recorded;
import org.hospay.simulator.insurance.InsuranceState.Setl;
import org.hospay.simulator.insurance.InsuranceState.SetlState;
import org.hospay.simulator.insurance.InsuranceState.Visit;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * 2601, the reversal of a message whose answer the hospital never saw. It works on the answers kept
 * by msgid, so a reversal and its late original cannot both win. Called by {@link InsuranceBook}
 * under the state's lock.
 */
@Component
class InsuranceReversals {

    private static final Set<String> REVERSIBLE = Set.of("2201", "2204", "2207", "6202");

    private final InsuranceState state;
    private final OutpatientSettlements outpatient;
    private final Map<String, Visit> visits;
    private final Map<String, Setl> settlements;
    private final Map<String, String> setlByMsgid;
    private final Map<String, Order> orders;
    private final Map<String, Recorded> answers;
    private final Map<String, String> reversals;

    InsuranceReversals(InsuranceState state, OutpatientSettlements outpatient) {
        this.state = state;
        this.outpatient = outpatient;
        this.visits = state.visits;
        this.settlements = state.settlements;
        this.setlByMsgid = state.setlByMsgid;
        this.orders = state.orders;
        this.answers = state.answers;
        this.reversals = state.reversals;
    }

    /**
     * 2601. The original answered and settled → undo it (UNDONE). The original answered with a
     * failure → nothing to undo (PREVENTED). The original never arrived → keep a "[REVERSED]" answer
     * under its msgid, so it can never be processed (PREVENTED). A second reversal of the same
     * original answers the first reversal's effect and moves nothing.
     */
    JsonNode reverse(JsonNode d, String msgid, String region) {
        String omsgid = str(d, "omsgid");
        String oinfno = str(d, "oinfno");
        if (!REVERSIBLE.contains(oinfno)) throw new Refused(PlatformError.INVALID_INPUT, "交易 " + oinfno + " 不支持冲正");
        String effect = reversals.get(omsgid);
        long returned = 0;
        if (effect == null) {
            Recorded kept = answers.get(omsgid);
            Answer original = kept == null ? null : kept.answer();
            if (original == null) {
                answers.put(omsgid, new Recorded(
                        state.failure(oinfno, region, PlatformError.REVERSED.message("原交易已被冲正 (" + msgid + ")")), null));
                effect = "PREVENTED";
            } else if (!original.infno().equals(oinfno)) {
                throw new Refused(PlatformError.INVALID_INPUT, "原报文 " + omsgid + " 的交易编号是 " + original.infno() + ", 不是 " + oinfno);
            } else if (original.infcode() != 0) {
                effect = "PREVENTED";
            } else {
                returned = undoOriginal(oinfno, omsgid, original);
                effect = "UNDONE";
            }
            reversals.put(omsgid, effect);
        }
        // every 2601 is booked, a repeated one with nothing moved, so the ledger shows the retries too
        state.book("REVERSAL", msgid, omsgid, returned, effect, opt(d, "psn_no"));
        return wrap("data", obj().put("omsgid", omsgid).put("oinfno", oinfno).put("rvs_rslt", effect));
    }

    private long undoOriginal(String oinfno, String omsgid, Answer original) {
        return switch (oinfno) {
            case "2207" -> {
                Setl s = settlements.get(setlByMsgid.get(omsgid));
                yield s == null || s.state != SetlState.VALID ? 0 : outpatient.undo(s, SetlState.REVERSED, "REVERSED");
            }
            case "6202" -> {
                Order o = orders.get(original.output().path("payOrdId").asString());
                Setl s = o == null || o.setlId == null ? null : settlements.get(o.setlId);
                if (s == null || s.state != SetlState.VALID) yield 0;
                o.state = OrderState.REVOKED;
                yield outpatient.undo(s, SetlState.REVERSED, "REVERSED");
            }
            case "2201" -> {
                Visit v = visits.get(original.output().path("data").path("mdtrt_id").asString());
                if (v != null && v.fees.values().stream().noneMatch(f -> outpatient.settledBatch(v.mdtrtId, f.chrgBchno()).isPresent()))
                    v.cancelled = true;
                yield 0;
            }
            case "2204" -> {
                for (JsonNode r : original.output().path("result")) {
                    String sn = r.path("feedetl_sn").asString();
                    visits.values().forEach(v -> v.fees.computeIfPresent(sn,
                            (k, f) -> outpatient.settledBatch(v.mdtrtId, f.chrgBchno()).isPresent() ? f : null));
                }
                yield 0;
            }
            default -> 0;
        };
    }
}
