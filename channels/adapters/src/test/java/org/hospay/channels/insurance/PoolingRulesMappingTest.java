package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import org.hospay.channels.Money;
import org.hospay.channels.insurance.InsurancePlatform.HospitalGrade;
import org.hospay.channels.insurance.InsurancePlatform.PoolingEligibility;
import org.hospay.channels.insurance.InsurancePlatform.PoolingRules;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PoolingRulesMappingTest {

    private static JsonNode json(String text) {
        return Envelope.JSON.readTree(text);
    }

    @Test
    void theGradeComesFromHospLvAndTheLocalParametersFromExpContent() {
        PoolingRules r = PoolingRulesMapping.rules(json("""
                {"hosp_lv":"05","exp_content":{"opsp_dedc_std":"500.00","opsp_dedc_cum":"120.50","opsp_year_lmt":"1700.00",
                 "opsp_hifp_cum":"0.00","opsp_elig":"1","sign_flag":"0","sign_exem_flag":"1","hosp_spec":"DENTAL"}}"""));

        assertThat(r.grade()).isEqualTo(HospitalGrade.SECONDARY);
        assertThat(r.deductible()).isEqualTo(Money.ofFen(50_000));
        assertThat(r.deductibleMetBefore()).isEqualTo(Money.ofFen(12_050));
        assertThat(r.annualCap()).isEqualTo(Money.ofFen(170_000));
        assertThat(r.fundUsedBefore()).isEqualTo(Money.ZERO);
        assertThat(r.eligibility()).isEqualTo(PoolingEligibility.POOLED);
        assertThat(r.signed()).isFalse();
        assertThat(r.signingExempt()).isTrue();
        assertThat(r.hospitalSpecialty()).isEqualTo("DENTAL");
    }

    @Test
    void anExpContentSentAsJsonTextIsReadToo() {
        PoolingRules r = PoolingRulesMapping.rules(json("""
                {"dedc_hosp_lv":"02","exp_content":"{\\"opsp_elig\\":\\"2\\"}"}"""));

        assertThat(r.grade()).isEqualTo(HospitalGrade.TERTIARY);
        assertThat(r.eligibility()).isEqualTo(PoolingEligibility.INSUTYPE_NOT_POOLED);
        assertThat(r.deductible()).as("not sent: unknown, not zero").isNull();
        assertThat(r.signed()).isNull();
    }

    @Test
    void aPlatformThatSendsNoneOfThemGivesNoRules() {
        assertThat(PoolingRulesMapping.rules(json("{\"setl_id\":\"ST1\"}"))).isNull();
        assertThat(PoolingRulesMapping.rules(json("{\"hosp_lv\":\"99\",\"exp_content\":\"not json\"}"))).isNull();
    }
}
