package org.hospay.simulator.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.hospay.simulator.insurance.OutpatientPooling.Line;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.junit.jupiter.api.Test;

class InpatientPoolingTest {

    private static final InpatientPoolingPolicy POLICY = InpatientPoolingPolicy.defaults();
    private static final HospitalProfile TERTIARY = new HospitalProfile(HospitalLevel.TERTIARY, HospitalType.GENERAL);
    private static final HospitalProfile SECONDARY = new HospitalProfile(HospitalLevel.SECONDARY, HospitalType.GENERAL);

    private static List<Line> bedAndDrugs(long bed, long drugs) {
        return List.of(new Line("1", "B001", FeeCategory.OTHER, bed), new Line("2", "D001", FeeCategory.DRUG, drugs));
    }

    private static void addsUp(Split s) {
        assertThat(s.fundFen() + s.accountFen() + s.cashFen()).isEqualTo(s.totalFen());
        assertThat(s.fundFen()).isNotNegative();
        assertThat(s.accountFen()).isNotNegative();
        assertThat(s.cashFen()).isNotNegative();
    }

    @Test
    void each_admission_pays_its_level_deductible_then_the_employee_ratio_of_the_rest() {
        Split s = InpatientPooling.split(POLICY, TERTIARY, "310", 0, 0, bedAndDrugs(100_000, 200_000), false);

        assertThat(s.inScopeFen()).isEqualTo(300_000);
        assertThat(s.deductibleAppliedFen()).isEqualTo(100_000);
        assertThat(s.fundFen()).isEqualTo(180_000); // 90 % of 2,000 CNY
        assertThat(s.cashFen()).isEqualTo(120_000);
        assertThat(s.deductibleMetBeforeFen()).isZero();
        assertThat(s.procInfo()).contains("住院统筹").contains("起付线(每次住院) 1000.00").contains("90%");
        addsUp(s);
    }

    @Test
    void the_deductible_and_ratio_follow_the_hospital_level_and_the_insurance_type() {
        Split employee = InpatientPooling.split(POLICY, SECONDARY, "310", 0, 0, bedAndDrugs(100_000, 200_000), false);
        Split resident = InpatientPooling.split(POLICY, SECONDARY, "390", 0, 0, bedAndDrugs(100_000, 200_000), false);

        assertThat(employee.deductibleAppliedFen()).isEqualTo(70_000);
        assertThat(employee.fundFen()).isEqualTo(211_600); // 92 % of 2,300 CNY
        assertThat(resident.fundFen()).isEqualTo(172_500); // 75 %
        addsUp(employee);
        addsUp(resident);
    }

    @Test
    void the_fund_stops_at_what_is_left_of_its_annual_cap() {
        Split s = InpatientPooling.split(POLICY, TERTIARY, "310", POLICY.annualCapFen() - 5_000, 0, bedAndDrugs(100_000, 200_000), false);

        assertThat(s.capRemainingFen()).isEqualTo(5_000);
        assertThat(s.fundFen()).isEqualTo(5_000);
        assertThat(s.procInfo()).contains("已达年度最高支付限额");
        addsUp(s);
    }

    @Test
    void registration_is_out_of_scope_and_the_account_pays_before_cash_when_allowed() {
        List<Line> lines = List.of(new Line("1", "R001", FeeCategory.REGISTRATION, 1_000), new Line("2", "D001", FeeCategory.DRUG, 50_000));
        Split s = InpatientPooling.split(POLICY, TERTIARY, "310", 0, 20_000, lines, true);

        assertThat(s.outOfScopeFen()).isEqualTo(1_000);
        assertThat(s.fundFen()).isZero(); // all within the 1,000 CNY deductible
        assertThat(s.accountFen()).isEqualTo(20_000);
        assertThat(s.cashFen()).isEqualTo(31_000);
        addsUp(s);
    }

    @Test
    void fund_account_and_cash_always_add_up_to_the_total() {
        Random r = new Random(15);
        for (int i = 0; i < 2_000; i++) {
            Split s = InpatientPooling.split(POLICY, r.nextBoolean() ? TERTIARY : SECONDARY, r.nextBoolean() ? "310" : "390",
                    r.nextLong(POLICY.annualCapFen() + 1), r.nextLong(100_000), bedAndDrugs(r.nextLong(1, 500_000), r.nextLong(1, 500_000)),
                    r.nextBoolean());
            addsUp(s);
            assertThat(s.fundFen()).isLessThanOrEqualTo(s.capRemainingFen());
        }
    }
}
