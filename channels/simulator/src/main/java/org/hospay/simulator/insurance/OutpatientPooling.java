package org.hospay.simulator.insurance;

import java.math.BigDecimal;
import java.util.List;

/**
 * The outpatient-pooling split of one bill: pure arithmetic over the policy, the hospital and the
 * patient's year so far. All amounts are fen.
 *
 * <p>Order: in-scope amount → annual deductible still open (act_pay_dedc) → ratio of what is above
 * it, <b>rounded down to the fen</b> (the fund never pays more than the ratio) → capped by the fund's
 * remaining annual room → the rest is the patient's share, paid from the personal account first when
 * the patient allows it (acct_used_flag), the remainder in cash. fund + account + cash = total exactly.
 */
final class OutpatientPooling {

    private OutpatientPooling() {}

    /** Why the fund paid or did not. */
    enum Eligibility { POOLED, NOT_EMPLOYEE_INSURED, INPATIENT, NOT_SIGNED }

    record Line(String feedetlSn, String itemCode, FeeCategory category, long amountFen) {}

    /** The patient as the rules see them, with this year's usage. */
    record Patient(String insutype, boolean signedToClinic, boolean inpatient, long deductibleMetFen, long fundUsedFen,
                   long accountBalanceFen) {}

    /**
     * {@code capRemainingFen} is the fund's annual room before this bill; the explanation fields say what the rules
     * were applied with: the hospital, the level's deductible ({@code deductibleStdFen}) and the deductible met and fund
     * used this year before this bill, the annual cap, whether the patient is signed to a community clinic and whether
     * the hospital's specialty waived the signing ({@code signingExempt}).
     */
    record Split(long totalFen, long inScopeFen, long outOfScopeFen, long deductibleAppliedFen, long fundFen,
                 long poolSelfPayFen, long accountFen, long cashFen, int ratioPercent, long capRemainingFen,
                 Eligibility eligibility, String procInfo, HospitalProfile hospital, long deductibleStdFen,
                 long deductibleMetBeforeFen, long annualCapFen, long fundUsedBeforeFen, boolean signed, boolean signingExempt) {

        long patientShareFen() {
            return accountFen + cashFen;
        }

        BigDecimal ratio() {
            return BigDecimal.valueOf(ratioPercent, 2);
        }
    }

    static Split split(PoolingPolicy policy, HospitalProfile hospital, Patient patient, List<Line> lines, boolean accountUsed) {
        long total = 0;
        long inScope = 0;
        for (Line line : lines) {
            total = Math.addExact(total, line.amountFen());
            if (policy.inScope(line.category(), line.itemCode())) inScope = Math.addExact(inScope, line.amountFen());
        }
        Eligibility eligibility = eligibility(policy, hospital, patient);
        int ratio = policy.ratioPercent().get(hospital.level());
        long capRemaining = Math.max(0, policy.annualCapFen() - patient.fundUsedFen());
        long deductibleApplied = 0;
        long fund = 0;
        long above = 0;
        if (eligibility == Eligibility.POOLED) {
            long deductibleOpen = Math.max(0, policy.deductibleFen().get(hospital.level()) - patient.deductibleMetFen());
            deductibleApplied = Math.min(inScope, deductibleOpen);
            above = inScope - deductibleApplied;
            fund = Math.min(Math.multiplyExact(above, ratio) / 100, capRemaining);
        }
        long patientShare = total - fund;
        long account = accountUsed ? Math.min(Math.max(0, patient.accountBalanceFen()), patientShare) : 0;
        long cash = patientShare - account;
        String info = switch (eligibility) {
            case POOLED -> String.format("门诊统筹: %s 起付线 %s 已累计 %s 本次起付 %s 支付比例 %d%% 年度限额剩余 %s 统筹支付 %s",
                    hospital.level(), yuan(policy.deductibleFen().get(hospital.level())), yuan(patient.deductibleMetFen()),
                    yuan(deductibleApplied), ratio, yuan(capRemaining), yuan(fund))
                    + (patient.signedToClinic() ? "" : " 未签约, 本院类型 " + hospital.type() + " 免签约");
            case NOT_EMPLOYEE_INSURED -> "门诊统筹: 险种 " + patient.insutype() + " 不享受职工门诊统筹";
            case INPATIENT -> "门诊统筹: 住院期间不享受门诊统筹";
            case NOT_SIGNED -> "门诊统筹: 未签约社区门诊统筹定点, 本院类型 " + hospital.type() + " 不在免签约范围";
        };
        boolean exempt = !patient.signedToClinic() && policy.signingExempt().contains(hospital.type());
        return new Split(total, inScope, total - inScope, deductibleApplied, fund, above - fund, account, cash,
                eligibility == Eligibility.POOLED ? ratio : 0, capRemaining, eligibility, info, hospital,
                policy.deductibleFen().get(hospital.level()), patient.deductibleMetFen(), policy.annualCapFen(), patient.fundUsedFen(),
                patient.signedToClinic(), exempt);
    }

    private static Eligibility eligibility(PoolingPolicy policy, HospitalProfile hospital, Patient patient) {
        if (!policy.eligibleInsutypes().contains(patient.insutype())) return Eligibility.NOT_EMPLOYEE_INSURED;
        if (patient.inpatient()) return Eligibility.INPATIENT;
        if (!patient.signedToClinic() && !policy.signingExempt().contains(hospital.type())) return Eligibility.NOT_SIGNED;
        return Eligibility.POOLED;
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
