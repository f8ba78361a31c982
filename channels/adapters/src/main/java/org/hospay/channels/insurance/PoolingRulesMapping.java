package org.hospay.channels.insurance;

import org.hospay.channels.Money;
import org.hospay.channels.insurance.InsurancePlatform.HospitalGrade;
import org.hospay.channels.insurance.InsurancePlatform.PoolingEligibility;
import org.hospay.channels.insurance.InsurancePlatform.PoolingRules;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The pooling parameters of a {@code setlinfo}: {@code hosp_lv} (or {@code dedc_hosp_lv}) and the extension object
 * {@code exp_content} (an object, or a JSON text as some provinces send it) with {@code opsp_dedc_std},
 * {@code opsp_dedc_cum}, {@code opsp_year_lmt}, {@code opsp_hifp_cum}, {@code opsp_elig}, {@code sign_flag},
 * {@code sign_exem_flag}, {@code hosp_spec} — or, for an inpatient settlement, the same under {@code ipt_}
 * ({@code ipt_dedc_std} per admission, {@code ipt_year_lmt}, {@code ipt_hifp_cum}, {@code ipt_elig}). Null when the platform sends none of them; any single one may be null.
 */
final class PoolingRulesMapping {

    private PoolingRulesMapping() {}

    static PoolingRules rules(JsonNode setlinfo) {
        String lv = InsuranceMapping.text(setlinfo, "dedc_hosp_lv");
        if (lv == null || lv.isBlank()) lv = InsuranceMapping.text(setlinfo, "hosp_lv");
        JsonNode exp = expContent(setlinfo.path("exp_content"));
        HospitalGrade grade = HospitalGrade.ofHospLv(lv);
        if (grade == null && exp == null) return null;
        if (exp == null) exp = JsonNodeFactory.instance.objectNode();
        // An inpatient settlement explains itself under ipt_ names: a deductible per admission, the inpatient fund's cap.
        String p = exp.has("ipt_dedc_std") || exp.has("ipt_elig") ? "ipt_" : "opsp_";
        String elig = InsuranceMapping.text(exp, p + "elig");
        String spec = InsuranceMapping.text(exp, "hosp_spec");
        return new PoolingRules(grade, money(exp, p + "dedc_std"), money(exp, p + "dedc_cum"), money(exp, p + "year_lmt"),
                money(exp, p + "hifp_cum"), elig == null ? null : switch (elig) {
                    case "1" -> PoolingEligibility.POOLED;
                    case "2" -> PoolingEligibility.INSUTYPE_NOT_POOLED;
                    case "3" -> PoolingEligibility.INPATIENT;
                    case "4" -> PoolingEligibility.NOT_SIGNED;
                    default -> null;
                }, flag(exp, "sign_flag"), flag(exp, "sign_exem_flag"), spec == null || spec.isBlank() ? null : spec);
    }

    private static JsonNode expContent(JsonNode v) {
        if (v.isObject()) return v;
        if (v.isString() && v.asString().strip().startsWith("{")) {
            try {
                JsonNode parsed = Envelope.JSON.readTree(v.asString());
                return parsed.isObject() ? parsed : null;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
        return null;
    }

    private static Money money(JsonNode exp, String field) {
        String v = InsuranceMapping.text(exp, field);
        return v == null || v.isBlank() ? null : InsuranceMapping.optMoney(exp, field);
    }

    private static Boolean flag(JsonNode exp, String field) {
        String v = InsuranceMapping.text(exp, field);
        return "1".equals(v) ? Boolean.TRUE : "0".equals(v) ? Boolean.FALSE : null;
    }
}
