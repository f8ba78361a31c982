package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The payment answer explains why the pooling fund paid what it paid, with the platform's figures, in fen: the Qingdao
 * outpatient-pooling cases (docs/architecture.md §1). Employee-insured patients are pooled at 75/60/50 % above an annual
 * deductible of 0/500/800 CNY by hospital level, up to 1,700 CNY a year; resident insurance is not pooled; a patient not
 * signed to a community clinic is pooled only at a specialty hospital (dental, eye, psychiatric, infectious).
 * The simulated hospital is tertiary and dental unless a test says otherwise.
 */
class PoolingExplanationIT extends GatewayIntegrationTest {

    @AfterEach
    void backToTheTertiaryDentalHospital() {
        Sim.hospital("TERTIARY", "DENTAL");
    }

    private Payments.View pay(Sim.Person patient, String bill) {
        Payments.View pay = Payments.pay(window, bill);
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        Books.assertAgree(db, pay);
        // The explanation is kept with the payment: a later read shows the same figures.
        assertThat(Payments.get(window, pay.paymentId()).insurance().pooling()).isEqualTo(pay.insurance().pooling());
        return pay;
    }

    private static String treatment(Sim.Person patient, long fen) {
        return Bills.bill(Bills.newBillNo(), Sim.voucher(patient, "WECHAT").code(), "TREATMENT", fen);
    }

    @Test
    void atAPrimaryHospitalTheFundPays75PercentFromTheFirstYuanAndNeverPaysForMaterials() {
        Sim.hospital("BASIC", "DENTAL");
        Sim.Person patient = Sim.employee(0);
        String bill = """
                {"billNo":"%s","scannedCode":"%s","medType":"OUTPATIENT",
                 "items":[{"code":"DENT-FILL-01","name":"树脂充填","category":"TREATMENT","quantity":1,"priceFen":100000,"amountFen":100000},
                          {"code":"M300","name":"义齿材料","category":"MATERIAL","quantity":1,"priceFen":20000,"amountFen":20000}],
                 "totalFen":120000}""".formatted(Bills.newBillNo(), Sim.voucher(patient, "WECHAT").code());

        Payments.View pay = pay(patient, bill);

        assertThat(pay.insurance().fundPayFen()).isEqualTo(75_000);
        assertThat(pay.selfPay().amountFen()).isEqualTo(45_000);
        Payments.Pooling p = pay.insurance().pooling();
        assertThat(p.eligibility()).isEqualTo("POOLED");
        assertThat(p.hospitalLevel()).isEqualTo("PRIMARY");
        assertThat(p.ratioPercent()).isEqualTo(75);
        assertThat(p.inScopeFen()).isEqualTo(100_000);
        assertThat(p.notReimbursableFen()).as("the material is not reimbursable").isEqualTo(20_000);
        assertThat(p.deductibleFen()).isZero();
        assertThat(p.deductibleAppliedFen()).isZero();
        assertThat(p.deductibleRemainingFen()).isZero();
        assertThat(p.annualCapFen()).isEqualTo(170_000);
        assertThat(p.annualCapUsedFen()).isEqualTo(75_000);
        assertThat(p.annualCapRemainingFen()).isEqualTo(95_000);
        assertThat(p.signing()).isEqualTo("SIGNED");
        assertThat(p.platformNote()).contains("75%");
    }

    @Test
    void atASecondaryHospitalTheFirst500YuanAreTheDeductibleAndTheFundPays60PercentAboveIt() {
        Sim.hospital("SECONDARY", "GENERAL");
        Sim.Person patient = Sim.employee(0);

        Payments.Pooling p = pay(patient, treatment(patient, 100_000)).insurance().pooling();

        assertThat(p.hospitalLevel()).isEqualTo("SECONDARY");
        assertThat(p.ratioPercent()).isEqualTo(60);
        assertThat(p.deductibleFen()).isEqualTo(50_000);
        assertThat(p.deductibleAppliedFen()).isEqualTo(50_000);
        assertThat(p.deductibleRemainingFen()).isZero();
        assertThat(p.annualCapUsedFen()).as("60 %% of the 500 CNY above the deductible").isEqualTo(30_000);
        assertThat(p.annualCapRemainingFen()).isEqualTo(140_000);
        assertThat(p.notReimbursableFen()).isZero();
    }

    @Test
    void atATertiaryHospitalABillInsideTheDeductibleGetsNothingFromTheFundAndSaysHowMuchOfItIsLeft() {
        Sim.Person patient = Sim.employee(0);

        Payments.View first = pay(patient, treatment(patient, 50_000));
        assertThat(first.insurance().fundPayFen()).isZero();
        Payments.Pooling why = first.insurance().pooling();
        assertThat(why.eligibility()).as("pooled, but the deductible is not met").isEqualTo("POOLED");
        assertThat(why.hospitalLevel()).isEqualTo("TERTIARY");
        assertThat(why.ratioPercent()).isEqualTo(50);
        assertThat(why.deductibleFen()).isEqualTo(80_000);
        assertThat(why.deductibleAppliedFen()).isEqualTo(50_000);
        assertThat(why.deductibleRemainingFen()).isEqualTo(30_000);
        assertThat(why.annualCapUsedFen()).isZero();
        assertThat(why.annualCapRemainingFen()).isEqualTo(170_000);

        Payments.Pooling second = pay(patient, treatment(patient, 50_000)).insurance().pooling();
        assertThat(second.deductibleAppliedFen()).isEqualTo(30_000);
        assertThat(second.deductibleRemainingFen()).isZero();
        assertThat(second.annualCapUsedFen()).as("50 %% of 200 CNY").isEqualTo(10_000);
    }

    @Test
    void theAnnualCapReachedMidBillLimitsTheFundToWhatWasLeft() {
        Sim.Person patient = Sim.employee(0);
        // 4,000 CNY: 800 deductible, 50 % of 3,200 = 1,600 CNY from the fund.
        Payments.View big = pay(patient, treatment(patient, 400_000));
        assertThat(big.insurance().fundPayFen()).isEqualTo(160_000);
        assertThat(big.insurance().pooling().annualCapRemainingFen()).isEqualTo(10_000);

        // 500 CNY: 50 % would be 250 CNY, only 100 CNY of the year's 1,700 are left.
        Payments.View capped = pay(patient, treatment(patient, 50_000));
        assertThat(capped.insurance().fundPayFen()).isEqualTo(10_000);
        assertThat(capped.selfPay().amountFen()).isEqualTo(40_000);
        Payments.Pooling p = capped.insurance().pooling();
        assertThat(p.deductibleAppliedFen()).isZero();
        assertThat(p.deductibleRemainingFen()).isZero();
        assertThat(p.annualCapFen()).isEqualTo(170_000);
        assertThat(p.annualCapUsedFen()).isEqualTo(170_000);
        assertThat(p.annualCapRemainingFen()).isZero();

        // The cap is used up: the fund pays nothing more this year, and the answer says why.
        Payments.View after = pay(patient, treatment(patient, 50_000));
        assertThat(after.insurance().fundPayFen()).isZero();
        assertThat(after.insurance().pooling().eligibility()).isEqualTo("POOLED");
        assertThat(after.insurance().pooling().annualCapRemainingFen()).isZero();
    }

    @Test
    void aResidentInsuredPatientIsNotPooledAtAllAndTheAnswerSaysSo() {
        Sim.Person resident = Sim.person("390", 0, true);

        Payments.View pay = pay(resident, treatment(resident, 100_000));

        assertThat(pay.insurance().fundPayFen()).isZero();
        assertThat(pay.selfPay().amountFen()).isEqualTo(100_000);
        Payments.Pooling p = pay.insurance().pooling();
        assertThat(p.eligibility()).isEqualTo("INSUTYPE_NOT_POOLED");
        assertThat(p.ratioPercent()).isZero();
        assertThat(p.deductibleAppliedFen()).isZero();
        assertThat(p.annualCapUsedFen()).isZero();
        assertThat(p.platformNote()).contains("390");
    }

    @Test
    void anUnsignedPatientIsPooledAtADentalHospitalByItsSpecialtyExemption() {
        Sim.Person unsigned = Sim.person("310", 0, false);

        Payments.View pay = pay(unsigned, treatment(unsigned, 100_000));

        assertThat(pay.insurance().fundPayFen()).isEqualTo(10_000);
        Payments.Pooling p = pay.insurance().pooling();
        assertThat(p.eligibility()).isEqualTo("POOLED");
        assertThat(p.signing()).isEqualTo("EXEMPT_SPECIALTY");
        assertThat(p.hospitalSpecialty()).isEqualTo("DENTAL");
        assertThat(p.deductibleAppliedFen()).isEqualTo(80_000);
        assertThat(p.annualCapUsedFen()).isEqualTo(10_000);
    }

    @Test
    void anUnsignedPatientAtAGeneralHospitalIsNotPooledAndTheAnswerSaysTheSigningIsMissing() {
        Sim.hospital("TERTIARY", "GENERAL");
        Sim.Person unsigned = Sim.person("310", 0, false);

        Payments.View pay = pay(unsigned, treatment(unsigned, 100_000));

        assertThat(pay.insurance().fundPayFen()).isZero();
        Payments.Pooling p = pay.insurance().pooling();
        assertThat(p.eligibility()).isEqualTo("NOT_SIGNED");
        assertThat(p.signing()).isEqualTo("NOT_SIGNED");
        assertThat(p.hospitalSpecialty()).isEqualTo("GENERAL");
        assertThat(p.deductibleAppliedFen()).isZero();
    }
}
