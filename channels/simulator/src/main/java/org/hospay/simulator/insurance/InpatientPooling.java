package org.hospay.simulator.insurance;

import java.math.BigDecimal;
import java.util.List;
import org.hospay.simulator.insurance.OutpatientPooling.Eligibility;
import org.hospay.simulator.insurance.OutpatientPooling.Line;
import org.hospay.simulator.insurance.OutpatientPooling.Split;

/**
 * The inpatient-pooling split of one stay's fees at discharge: pure arithmetic over the policy, the hospital, the
 * person's insurance type and their inpatient fund use this year. All amounts are fen.
 *
 * <p>Order: in-scope amount → this admission's deductible (act_pay_dedc, in full for every admission) → the insurance
 * type's ratio of what is above it, <b>rounded down to the fen</b> → capped by the inpatient fund's remaining annual
 * room → the rest is the patient's share, from the personal account first when allowed (acct_used_flag), the rest in
 * cash. fund + account + cash = total exactly. The answer is an outpatient {@link Split} so settlements, cancels and
 * queries show both kinds alike; its "deductible met before" is 0 (nothing carries over between admissions).
 */
final class InpatientPooling {

    /** med_type 21, 普通住院. */
    static final String MED_TYPE = "21";

    private InpatientPooling() {}

    static boolean isInpatient(String medType) {
        return medType != null && medType.startsWith("2");
    }

    static Split split(InpatientPoolingPolicy policy, HospitalProfile hospital, String insutype, long fundUsedFen,
                       long accountBalanceFen, List<Line> lines, boolean accountUsed) {
        long total = 0;
        long inScope = 0;
        for (Line line : lines) {
            total = Math.addExact(total, line.amountFen());
            if (policy.inScope(line.category(), line.itemCode())) inScope = Math.addExact(inScope, line.amountFen());
        }
        long deductibleStd = policy.deductibleFen().get(hospital.level());
        int ratio = policy.ratioPercent(insutype, hospital.level());
        long capRemaining = Math.max(0, policy.annualCapFen() - fundUsedFen);
        long deductibleApplied = Math.min(inScope, deductibleStd);
        long above = inScope - deductibleApplied;
        long fund = Math.min(Math.multiplyExact(above, ratio) / 100, capRemaining);
        long patientShare = total - fund;
        long account = accountUsed ? Math.min(Math.max(0, accountBalanceFen), patientShare) : 0;
        long cash = patientShare - account;
        String info = String.format("住院统筹: %s 起付线(每次住院) %s 本次起付 %s 险种 %s 支付比例 %d%% 年度限额剩余 %s 统筹支付 %s",
                hospital.level(), yuan(deductibleStd), yuan(deductibleApplied), insutype, ratio, yuan(capRemaining), yuan(fund))
                + (fund < Math.multiplyExact(above, ratio) / 100 ? " 已达年度最高支付限额" : "");
        return new Split(total, inScope, total - inScope, deductibleApplied, fund, above - fund, account, cash, ratio, capRemaining,
                Eligibility.POOLED, info, hospital, deductibleStd, 0, policy.annualCapFen(), fundUsedFen, true, false);
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
