package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.insurance.InsurancePlatform.AdmissionRequest;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.insurance.InsurancePlatform.HospitalGrade;
import org.hospay.channels.insurance.InsurancePlatform.Insured;
import org.hospay.channels.insurance.InsurancePlatform.PoolingEligibility;
import org.hospay.channels.insurance.InsurancePlatform.SettleRequest;
import org.hospay.channels.insurance.InsurancePlatform.Settlement;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The inpatient transactions' mapping (2401, 2302, 2304, and the inpatient pooling explanation of a settlement). */
class InpatientMappingTest {

    private static final Insured WHO = new Insured("37020000000000000001", "370200");

    @Test
    void a2401CarriesTheAdmissionNumberAsIptNoWithTheInpatientMedType() {
        JsonNode input = InpatientInsuranceMapping.input2401(new AdmissionRequest(WHO, "310", CertType.ID_NUMBER, "370202198003120029", "ZY1",
                LocalDateTime.of(2026, 12, 5, 9, 30), "5A", "5A", "12"), "370200");

        JsonNode info = input.path("mdtrtinfo");
        assertThat(info.path("ipt_no").asString()).isEqualTo("ZY1");
        assertThat(info.path("med_type").asString()).isEqualTo("21");
        assertThat(info.path("mdtrt_cert_type").asString()).isEqualTo("02");
        assertThat(info.path("begntime").asString()).isEqualTo("2026-12-05 09:30:00");
        assertThat(info.path("adm_bed").asString()).isEqualTo("12");
        assertThat(input.path("diseinfo").isArray()).isTrue();
    }

    @Test
    void a2401AnswerGivesTheStaysMdtrtId() throws Exception {
        JsonNode out = Envelope.JSON.readTree("{\"result\":{\"mdtrt_id\":\"MD1\",\"psn_no\":\"P\",\"ipt_otp_no\":\"ZY1\"}}");

        assertThat(InpatientInsuranceMapping.admission(out).mdtrtId()).isEqualTo("MD1");
    }

    @Test
    void a2302WithoutLinesCancelsThemAllAndWithLinesEachOne() {
        assertThat(InpatientInsuranceMapping.input2302("P", "MD1", List.of()).path("data").get(0).path("feedetl_sn").asString()).isEqualTo("0000");
        assertThat(InpatientInsuranceMapping.input2302("P", "MD1", List.of("F1-1", "F1-2")).path("data")).hasSize(2);
    }

    @Test
    void a2304SettlesTheWholeStayAfterDischarge() {
        JsonNode data = InpatientInsuranceMapping.input2304(new SettleRequest(WHO, CertType.ID_NUMBER, "X", "21", "310", "MD1", "",
                Money.ofFen(300_000), true)).path("data");

        assertThat(data.path("mid_setl_flag").asString()).isEqualTo("0");
        assertThat(data.path("medfee_sumamt").decimalValue()).isEqualByComparingTo("3000.00");
        assertThat(data.has("chrg_bchno")).isFalse();
    }

    @Test
    void anInpatientSettlementExplainsItsPoolingUnderTheIptNames() throws Exception {
        JsonNode out = Envelope.JSON.readTree("""
                {"setlinfo":{"setl_id":"ST1","mdtrt_id":"MD1","psn_no":"P","medfee_sumamt":3000.00,"fund_pay_sumamt":1800.00,
                  "acct_pay":200.00,"psn_cash_pay":1000.00,"hifp_pay":1800.00,"act_pay_dedc":1000.00,"hosp_lv":"02",
                  "exp_content":{"ipt_dedc_std":"1000.00","ipt_dedc_cum":"0.00","ipt_year_lmt":"400000.00","ipt_hifp_cum":"0.00",
                                 "ipt_pool_prop":"0.90","ipt_elig":"1"}},
                 "setldetail":[{"pool_prop":"0.90","crt_payb_lmt_amt":"400000.00","setl_proc_info":"住院统筹"}]}""");

        Settlement s = InsuranceMapping.settlement(out);

        assertThat(s.fundPaySumamt()).isEqualTo(Money.ofFen(180_000));
        var rules = s.pooling().rules();
        assertThat(rules.grade()).isEqualTo(HospitalGrade.TERTIARY);
        assertThat(rules.deductible()).isEqualTo(Money.ofFen(100_000));
        assertThat(rules.deductibleMetBefore()).isEqualTo(Money.ofFen(0));
        assertThat(rules.annualCap()).isEqualTo(Money.ofFen(40_000_000));
        assertThat(rules.eligibility()).isEqualTo(PoolingEligibility.POOLED);
    }
}
