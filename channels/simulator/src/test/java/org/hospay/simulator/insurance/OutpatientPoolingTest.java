package org.hospay.simulator.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.hospay.simulator.insurance.OutpatientPooling.Eligibility;
import org.hospay.simulator.insurance.OutpatientPooling.Line;
import org.hospay.simulator.insurance.OutpatientPooling.Patient;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.junit.jupiter.api.Test;

class OutpatientPoolingTest {

    private static final PoolingPolicy POLICY = PoolingPolicy.defaults();
    private static final HospitalProfile TERTIARY_DENTAL = new HospitalProfile(HospitalLevel.TERTIARY, HospitalType.DENTAL);
    private static final HospitalProfile TERTIARY_GENERAL = new HospitalProfile(HospitalLevel.TERTIARY, HospitalType.GENERAL);

    private static Patient employee(long deductibleMet, long fundUsed, long balance) {
        return new Patient("310", true, false, deductibleMet, fundUsed, balance);
    }

    private static List<Line> filling(long fen) {
        return List.of(new Line("1", "DENT-FILL-01", FeeCategory.TREATMENT, fen));
    }

    private static void addsUp(Split s) {
        assertThat(s.fundFen() + s.accountFen() + s.cashFen()).isEqualTo(s.totalFen());
        assertThat(s.fundFen()).isNotNegative();
        assertThat(s.accountFen()).isNotNegative();
        assertThat(s.cashFen()).isNotNegative();
    }

    @Test
    void a_bill_inside_the_open_deductible_gets_no_fund_pay() {
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(0, 0, 0), filling(30_000), true);

        assertThat(s.eligibility()).isEqualTo(Eligibility.POOLED);
        assertThat(s.deductibleAppliedFen()).isEqualTo(30_000);
        assertThat(s.fundFen()).isZero();
        assertThat(s.cashFen()).isEqualTo(30_000);
        addsUp(s);
    }

    @Test
    void the_deductible_met_mid_bill_pools_only_the_part_above_it() {
        // 800 CNY tertiary deductible, 600 already met: 200 of this 500 CNY bill meets it, 50 % of 300 is pooled.
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(60_000, 0, 0), filling(50_000), true);

        assertThat(s.deductibleAppliedFen()).isEqualTo(20_000);
        assertThat(s.fundFen()).isEqualTo(15_000);
        assertThat(s.poolSelfPayFen()).isEqualTo(15_000);
        assertThat(s.ratioPercent()).isEqualTo(50);
        assertThat(s.cashFen()).isEqualTo(35_000);
        addsUp(s);
    }

    @Test
    void ratio_and_deductible_follow_the_hospital_level() {
        var bill = filling(100_000);
        Split basic = OutpatientPooling.split(POLICY, new HospitalProfile(HospitalLevel.BASIC, HospitalType.DENTAL), employee(0, 0, 0), bill, false);
        Split secondary = OutpatientPooling.split(POLICY, new HospitalProfile(HospitalLevel.SECONDARY, HospitalType.DENTAL), employee(0, 0, 0), bill, false);
        Split tertiary = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(0, 0, 0), bill, false);

        assertThat(basic.fundFen()).isEqualTo(75_000);            // no deductible, 75 %
        assertThat(secondary.fundFen()).isEqualTo(30_000);        // (1000 - 500) x 60 %
        assertThat(tertiary.fundFen()).isEqualTo(10_000);         // (1000 - 800) x 50 %
    }

    @Test
    void fund_pay_is_rounded_down_to_the_fen() {
        // 3.33 CNY above the deductible at 75 % is 2.4975 CNY: the fund pays 2.49, the patient 0.84.
        Split s = OutpatientPooling.split(POLICY, new HospitalProfile(HospitalLevel.BASIC, HospitalType.DENTAL), employee(0, 0, 0),
                filling(333), false);

        assertThat(s.fundFen()).isEqualTo(249);
        assertThat(s.cashFen()).isEqualTo(84);
        addsUp(s);
    }

    @Test
    void an_exhausted_annual_cap_pays_nothing() {
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(80_000, 170_000, 0), filling(50_000), true);

        assertThat(s.eligibility()).isEqualTo(Eligibility.POOLED);
        assertThat(s.capRemainingFen()).isZero();
        assertThat(s.fundFen()).isZero();
        assertThat(s.cashFen()).isEqualTo(50_000);
    }

    @Test
    void the_cap_reached_mid_bill_pays_only_what_is_left_of_it() {
        // 1,650 of 1,700 CNY used: 50 % of 400 would be 200, only 50 is left.
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(80_000, 165_000, 0), filling(40_000), true);

        assertThat(s.capRemainingFen()).isEqualTo(5_000);
        assertThat(s.fundFen()).isEqualTo(5_000);
        assertThat(s.poolSelfPayFen()).isEqualTo(35_000);
        assertThat(s.cashFen()).isEqualTo(35_000);
        addsUp(s);
    }

    @Test
    void resident_insured_are_not_pooled() {
        Patient resident = new Patient("390", true, false, 80_000, 0, 0);
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, resident, filling(50_000), true);

        assertThat(s.eligibility()).isEqualTo(Eligibility.NOT_EMPLOYEE_INSURED);
        assertThat(s.fundFen()).isZero();
        assertThat(s.deductibleAppliedFen()).isZero();
    }

    @Test
    void an_unsigned_patient_is_pooled_at_a_dental_hospital_but_not_at_a_general_one() {
        Patient unsigned = new Patient("310", false, false, 80_000, 0, 0);

        Split general = OutpatientPooling.split(POLICY, TERTIARY_GENERAL, unsigned, filling(50_000), false);
        Split dental = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, unsigned, filling(50_000), false);

        assertThat(general.eligibility()).isEqualTo(Eligibility.NOT_SIGNED);
        assertThat(general.fundFen()).isZero();
        assertThat(dental.eligibility()).isEqualTo(Eligibility.POOLED);
        assertThat(dental.fundFen()).isEqualTo(25_000);
    }

    @Test
    void every_exempt_hospital_type_waives_the_signing_rule() {
        Patient unsigned = new Patient("310", false, false, 80_000, 0, 0);
        for (HospitalType type : List.of(HospitalType.PSYCHIATRIC, HospitalType.INFECTIOUS, HospitalType.DENTAL, HospitalType.EYE)) {
            Split s = OutpatientPooling.split(POLICY, new HospitalProfile(HospitalLevel.TERTIARY, type), unsigned, filling(10_000), false);
            assertThat(s.eligibility()).as(type.name()).isEqualTo(Eligibility.POOLED);
        }
    }

    @Test
    void non_reimbursable_items_in_a_mixed_bill_stay_with_the_patient() {
        List<Line> bill = List.of(
                new Line("1", "DENT-FILL-01", FeeCategory.TREATMENT, 20_000),     // filling: in scope
                new Line("2", "DENT-IMPL-01", FeeCategory.SURGERY, 500_000),      // implant: excluded by code
                new Line("3", "XRAY-PANO", FeeCategory.EXAM, 10_000),            // X-ray: in scope
                new Line("4", "REG-EXPERT", FeeCategory.REGISTRATION, 5_000),    // registration: out of scope
                new Line("5", "DENT-CLEAN-01", FeeCategory.TREATMENT, 15_000));  // cosmetic cleaning: excluded
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(80_000, 0, 0), bill, false);

        assertThat(s.inScopeFen()).isEqualTo(30_000);
        assertThat(s.outOfScopeFen()).isEqualTo(520_000);
        assertThat(s.fundFen()).isEqualTo(15_000);
        addsUp(s);
    }

    @Test
    void no_pooling_during_an_inpatient_stay() {
        Patient inpatient = new Patient("310", true, true, 80_000, 0, 0);
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, inpatient, filling(50_000), false);

        assertThat(s.eligibility()).isEqualTo(Eligibility.INPATIENT);
        assertThat(s.fundFen()).isZero();
    }

    @Test
    void a_personal_account_smaller_than_the_patients_share_pays_what_it_has_and_cash_the_rest() {
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(80_000, 0, 5_000), filling(40_000), true);

        assertThat(s.fundFen()).isEqualTo(20_000);
        assertThat(s.accountFen()).isEqualTo(5_000);
        assertThat(s.cashFen()).isEqualTo(15_000);
        addsUp(s);
    }

    @Test
    void the_account_pays_nothing_when_the_patient_does_not_allow_it() {
        Split s = OutpatientPooling.split(POLICY, TERTIARY_DENTAL, employee(80_000, 0, 1_000_000), filling(40_000), false);

        assertThat(s.accountFen()).isZero();
        assertThat(s.cashFen()).isEqualTo(20_000);
    }

    @Test
    void fund_account_and_cash_always_add_up_to_the_total() {
        Random r = new Random(42);
        FeeCategory[] categories = FeeCategory.values();
        for (int i = 0; i < 2_000; i++) {
            List<Line> bill = r.ints(1 + r.nextInt(5), 0, categories.length)
                    .mapToObj(c -> new Line("x", r.nextBoolean() ? "DENT-IMPL-" + c : "ITEM-" + c, categories[c], 1 + r.nextInt(200_000)))
                    .toList();
            Patient p = new Patient(r.nextBoolean() ? "310" : "390", r.nextBoolean(), r.nextInt(10) == 0, r.nextInt(100_000),
                    r.nextInt(200_000), r.nextInt(100_000));
            HospitalProfile h = new HospitalProfile(HospitalLevel.values()[r.nextInt(3)], HospitalType.values()[r.nextInt(5)]);
            Split s = OutpatientPooling.split(POLICY, h, p, bill, r.nextBoolean());
            addsUp(s);
            assertThat(s.fundFen()).isLessThanOrEqualTo(Math.max(0, POLICY.annualCapFen() - p.fundUsedFen()));
            assertThat(s.fundFen() * 100).isLessThanOrEqualTo((s.inScopeFen() - s.deductibleAppliedFen()) * s.ratioPercent());
            assertThat(s.accountFen()).isLessThanOrEqualTo(p.accountBalanceFen());
        }
    }
}
