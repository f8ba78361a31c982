package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.obj;
import static org.hospay.simulator.insurance.InsuranceJson.yuan;

import org.hospay.simulator.insurance.OutpatientPooling.Split;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a settlement shows why the fund paid what it paid, beside the amounts of {@code setlinfo}
 * ({@code inscp_scp_amt}, {@code fulamt_ownpay_amt}, {@code act_pay_dedc}, {@code hifp_pay}) and the
 * pooling line of {@code setldetail} ({@code pool_prop}, {@code crt_payb_lmt_amt}, {@code setl_proc_info}).
 *
 * <p>{@code hosp_lv} and {@code dedc_hosp_lv} are national {@code setlinfo} fields (医院等级 / 起付线医院等级,
 * dictionary HOSP_LV: 01-04 三级, 05-07 二级, 08-10 一级, 11 无等级); the simulated levels are sent as
 * 02 三级甲等, 05 二级甲等 and 08 一级甲等 (基层). The local pooling parameters are not standardised
 * nationally, so they travel in the settlement's extension object {@code exp_content} under this
 * simulator's own names (amounts in yuan, like every amount):
 * <ul>
 *   <li>{@code opsp_dedc_std} the level's annual deductible (起付标准), {@code opsp_dedc_cum} the deductible met
 *       this year before this settlement;</li>
 *   <li>{@code opsp_year_lmt} the fund's annual cap, {@code opsp_hifp_cum} what the fund paid this year before
 *       this settlement;</li>
 *   <li>{@code opsp_elig}: 1 pooled, 2 the insurance type is not pooled (not employee-insured), 3 in hospital,
 *       4 not signed to a community clinic;</li>
 *   <li>{@code sign_flag} 1/0: signed to a community clinic; {@code sign_exem_flag} 1/0: not signed, but the
 *       hospital's specialty ({@code hosp_spec}: PSYCHIATRIC, INFECTIOUS, DENTAL, EYE) waives the signing.</li>
 * </ul>
 */
final class PoolingExplanation {

    private PoolingExplanation() {}

    static String hospLv(HospitalLevel level) {
        return switch (level) {
            case TERTIARY -> "02";
            case SECONDARY -> "05";
            case BASIC -> "08";
        };
    }

    /**
     * The inpatient settlement's explanation (med_type 2x), under {@code ipt_} names in {@code exp_content}:
     * {@code ipt_dedc_std} the level's deductible per admission, {@code ipt_dedc_cum} always 0 (nothing carries over
     * between admissions), {@code ipt_year_lmt} the inpatient fund's annual cap, {@code ipt_hifp_cum} what it paid this
     * year before this settlement, {@code ipt_pool_prop} the insurance type's ratio, {@code ipt_elig} 1 (pooled).
     */
    static ObjectNode addInpatient(ObjectNode setlinfo, Split split, int year) {
        String lv = hospLv(split.hospital().level());
        setlinfo.put("hosp_lv", lv).put("dedc_hosp_lv", lv).put("year", Integer.toString(year));
        setlinfo.set("exp_content", obj()
                .put("ipt_dedc_std", yuan(split.deductibleStdFen()))
                .put("ipt_dedc_cum", yuan(0))
                .put("ipt_year_lmt", yuan(split.annualCapFen()))
                .put("ipt_hifp_cum", yuan(split.fundUsedBeforeFen()))
                .put("ipt_pool_prop", split.ratio().toPlainString())
                .put("ipt_elig", "1")
                .put("hosp_spec", split.hospital().type().name()));
        return setlinfo;
    }

    /** Adds the level fields and {@code exp_content} to a {@code setlinfo}. */
    static ObjectNode addTo(ObjectNode setlinfo, Split split, int year) {
        String lv = hospLv(split.hospital().level());
        setlinfo.put("hosp_lv", lv).put("dedc_hosp_lv", lv).put("year", Integer.toString(year));
        ObjectNode exp = obj()
                .put("opsp_dedc_std", yuan(split.deductibleStdFen()))
                .put("opsp_dedc_cum", yuan(split.deductibleMetBeforeFen()))
                .put("opsp_year_lmt", yuan(split.annualCapFen()))
                .put("opsp_hifp_cum", yuan(split.fundUsedBeforeFen()))
                .put("opsp_elig", switch (split.eligibility()) {
                    case POOLED -> "1";
                    case NOT_EMPLOYEE_INSURED -> "2";
                    case INPATIENT -> "3";
                    case NOT_SIGNED -> "4";
                })
                .put("sign_flag", split.signed() ? "1" : "0")
                .put("sign_exem_flag", split.signingExempt() ? "1" : "0")
                .put("hosp_spec", split.hospital().type().name());
        setlinfo.set("exp_content", exp);
        return setlinfo;
    }
}
