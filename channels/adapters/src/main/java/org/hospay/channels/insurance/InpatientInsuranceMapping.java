package org.hospay.channels.insurance;

import static org.hospay.channels.insurance.InsuranceMapping.DATE_TIME;
import static org.hospay.channels.insurance.InsuranceMapping.F;
import static org.hospay.channels.insurance.InsuranceMapping.feeLine;
import static org.hospay.channels.insurance.InsuranceMapping.orEmpty;
import static org.hospay.channels.insurance.InsuranceMapping.required;
import static org.hospay.channels.insurance.InsuranceMapping.requiredText;
import static org.hospay.channels.insurance.InsuranceMapping.text;
import static org.hospay.channels.insurance.InsuranceMapping.wrap;
import static org.hospay.channels.insurance.InsuranceMapping.yuan;

import java.util.List;
import org.hospay.channels.insurance.InsurancePlatform.AdmissionRequest;
import org.hospay.channels.insurance.InsurancePlatform.DischargeRequest;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.FeeUploadRequest;
import org.hospay.channels.insurance.InsurancePlatform.Registration;
import org.hospay.channels.insurance.InsurancePlatform.SettleRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure mapping of the national inpatient interfaces: the {@code input} of 2401 admission, 2402 discharge,
 * 2404/2405 their cancellations, 2301/2302 fee lines and 2303/2304 settlement, and 2401's {@code output}. The other
 * inpatient answers read as the outpatient ones, in {@link InsuranceMapping}, whose helpers this uses.
 */
final class InpatientInsuranceMapping {

    private InpatientInsuranceMapping() {}

    // ------------------------------------------------------------------ inputs

    /** 2401: {@code mdtrtinfo} (diagnoses, {@code diseinfo}, are the HIS's business and sent empty here). */
    static ObjectNode input2401(AdmissionRequest r, String mdtrtareaAdmvs) {
        ObjectNode info = F.objectNode()
                .put("psn_no", r.insured().psnNo())
                .put("insutype", r.insutype())
                .put("coner_name", "")
                .put("tel", "")
                .put("begntime", DATE_TIME.format(r.begntime()))
                .put("mdtrt_cert_type", r.certType().code())
                .put("mdtrt_cert_no", r.certNo())
                .put("med_type", InsurancePlatform.MED_TYPE_INPATIENT)
                .put("ipt_no", r.iptNo())
                .put("medrcdno", r.iptNo())
                .put("atddr_no", "")
                .put("chfpdr_name", "")
                .put("adm_diag_dscr", "")
                .put("adm_dept_codg", orEmpty(r.deptCode()))
                .put("adm_dept_name", orEmpty(r.deptName()))
                .put("adm_bed", orEmpty(r.bed()))
                .put("dscg_maindiag_code", "")
                .put("dscg_maindiag_name", "")
                .put("insuplc_admdvs", r.insured().insuplcAdmdvs())
                .put("mdtrtarea_admvs", orEmpty(mdtrtareaAdmvs));
        ObjectNode input = wrap("mdtrtinfo", info);
        input.set("diseinfo", F.arrayNode());
        return input;
    }

    /** 2402: {@code dscginfo} (dscg_way 1: discharged on the doctor's order). */
    static ObjectNode input2402(DischargeRequest r) {
        ObjectNode info = F.objectNode()
                .put("mdtrt_id", r.mdtrtId())
                .put("psn_no", r.insured().psnNo())
                .put("insutype", r.insutype())
                .put("endtime", DATE_TIME.format(r.endtime()))
                .put("dise_codg", "")
                .put("dise_name", "")
                .put("dscg_way", "1")
                .put("insuplc_admdvs", r.insured().insuplcAdmdvs());
        ObjectNode input = wrap("dscginfo", info);
        input.set("diseinfo", F.arrayNode());
        return input;
    }

    /** 2404 and 2405: the stay by mdtrt_id and psn_no. */
    static ObjectNode inputOfStay(String psnNo, String mdtrtId) {
        return wrap("data", F.objectNode().put("mdtrt_id", mdtrtId).put("psn_no", psnNo));
    }

    /** 2301: as 2204's lines with the inpatient med_type. */
    static ObjectNode input2301(FeeUploadRequest r) {
        ArrayNode lines = F.arrayNode();
        for (FeeItem item : r.items()) {
            lines.add(feeLine(item, r.insured().psnNo(), r.mdtrtId(), r.chrgBchno()).put("med_type", InsurancePlatform.MED_TYPE_INPATIENT));
        }
        return wrap("feedetail", lines);
    }

    /** 2302: one row per line, or the one row feedetl_sn 0000 for all of them. */
    static ObjectNode input2302(String psnNo, String mdtrtId, List<String> feedetlSns) {
        ArrayNode rows = F.arrayNode();
        for (String sn : feedetlSns.isEmpty() ? List.of("0000") : feedetlSns) {
            rows.add(F.objectNode().put("feedetl_sn", sn).put("mdtrt_id", mdtrtId).put("psn_no", psnNo));
        }
        return wrap("data", rows);
    }

    /** 2303 and 2304: the whole stay (no charge batch), after discharge (mid_setl_flag 0). */
    static ObjectNode input2304(SettleRequest r) {
        ObjectNode data = F.objectNode()
                .put("psn_no", r.insured().psnNo())
                .put("mdtrt_cert_type", r.certType().code())
                .put("mdtrt_cert_no", r.certNo())
                .put("med_type", r.medType())
                .put("medfee_sumamt", yuan(r.medfeeSumamt()))
                .put("psn_setlway", "01")
                .put("mdtrt_id", r.mdtrtId())
                .put("insutype", r.insutype())
                .put("acct_used_flag", r.accountUsed() ? "1" : "0")
                .put("mid_setl_flag", "0")
                .put("invono", "")
                .put("fulamt_advpay_flag", "0");
        return wrap("data", data);
    }

    // ------------------------------------------------------------------ outputs

    /** 2401 answers under {@code result} (some provinces: {@code data}). */
    static Registration admission(JsonNode output) {
        JsonNode data = output.has("result") ? output.path("result") : required(output, "data");
        return new Registration(requiredText(data, "mdtrt_id"), text(data, "psn_no"), text(data, "ipt_otp_no"));
    }
}
