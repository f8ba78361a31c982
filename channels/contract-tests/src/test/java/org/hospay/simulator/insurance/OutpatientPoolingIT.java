package org.hospay.simulator.insurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.simulator.insurance.InsuranceSimClient.await;
import static org.hospay.simulator.insurance.InsuranceSimClient.item;
import static org.hospay.simulator.insurance.InsuranceSimClient.settleRequest;
import static org.hospay.simulator.insurance.InsuranceSimClient.treatment;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.hospay.channels.Money;
import org.hospay.channels.insurance.HttpInsurancePlatform;
import org.hospay.channels.insurance.InsuranceConfig;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.Settlement;
import org.hospay.code.DemoKeys;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.insurance.InsuranceSimClient.Patient;
import org.hospay.simulator.insurance.InsuranceSimClient.Policy;
import org.hospay.simulator.insurance.InsuranceSimClient.Visit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The acceptance cases of outpatient pooling (门诊统筹, the Qingdao case of docs/architecture.md §1), through the wire:
 * 2206 and 2207 answers of the simulator, read by the real adapter. The expected amounts are
 * computed here from the policy table the simulator publishes ({@code GET /sim/insurance/policy})
 * and the person's usage it reports, never copied from an answer.
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutpatientPoolingIT {

    @LocalServerPort
    int port;

    InsuranceSimClient sim;
    InsurancePlatform platform;

    @BeforeAll
    void connect() {
        sim = new InsuranceSimClient(port);
        platform = new HttpInsurancePlatform(
                InsuranceConfig.demo(URI.create("http://127.0.0.1:" + port), DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic()),
                Clock.systemUTC());
    }

    @BeforeEach
    void defaultHospital() {
        sim.hospital("TERTIARY", "DENTAL");
    }

    @AfterEach
    void restoreHospital() {
        sim.hospital("TERTIARY", "DENTAL");
    }

    // ------------------------------------------------------------------ the policy, as the test reads it

    /** What the policy table implies for one bill; the test's own arithmetic. */
    record Expected(long inScope, long outOfScope, long deductibleApplied, long fund, long account, long cash, int ratio,
                    long capRemaining) {}

    /** Rounding: the fund pays the ratio of what is above the deductible, rounded down to the fen. */
    static Expected expect(Policy policy, String insutype, boolean signed, long deductibleMet, long fundUsed, long balance,
                           boolean accountUsed, List<FeeItem> items) {
        var table = policy.pooling();
        long total = 0;
        long inScope = 0;
        for (FeeItem i : items) {
            total += i.amount().fen();
            boolean covered = table.reimbursableCategories().contains(i.category().name())
                    && table.excludedItemPrefixes().stream().noneMatch(p -> i.itemCode().toUpperCase(Locale.ROOT).startsWith(p));
            if (covered) inScope += i.amount().fen();
        }
        boolean pooled = table.eligibleInsutypes().contains(insutype) && (signed || table.signingExempt().contains(policy.hospitalType()));
        int ratio = table.ratioPercent().get(policy.hospitalLevel());
        long capRemaining = Math.max(0, table.annualCapFen() - fundUsed);
        long deductibleApplied = 0;
        long fund = 0;
        if (pooled) {
            deductibleApplied = Math.min(inScope, Math.max(0, table.deductibleFen().get(policy.hospitalLevel()) - deductibleMet));
            fund = Math.min((inScope - deductibleApplied) * ratio / 100, capRemaining);
        }
        long share = total - fund;
        long account = accountUsed ? Math.min(balance, share) : 0;
        return new Expected(inScope, total - inScope, deductibleApplied, fund, account, share - account, pooled ? ratio : 0, capRemaining);
    }

    static void assertSplit(Settlement s, Expected e) {
        assertThat(s.inscpScpAmt()).as("in scope").isEqualTo(Money.ofFen(e.inScope()));
        assertThat(s.fulamtOwnpayAmt()).as("fully self-paid").isEqualTo(Money.ofFen(e.outOfScope()));
        assertThat(s.pooling().deductibleApplied()).as("deductible applied").isEqualTo(Money.ofFen(e.deductibleApplied()));
        assertThat(s.fundPaySumamt()).as("fund").isEqualTo(Money.ofFen(e.fund()));
        assertThat(s.hifpPay()).as("pooling fund").isEqualTo(Money.ofFen(e.fund()));
        assertThat(s.acctPay()).as("personal account").isEqualTo(Money.ofFen(e.account()));
        assertThat(s.psnCashPay()).as("cash").isEqualTo(Money.ofFen(e.cash()));
        assertThat(s.pooling().ratio()).as("ratio").isEqualByComparingTo(BigDecimal.valueOf(e.ratio(), 2));
        assertThat(s.pooling().capRemaining()).as("annual room before").isEqualTo(Money.ofFen(e.capRemaining()));
    }

    Patient patient(String insutype, long balance, boolean signed) {
        return sim.patient(platform, insutype, balance, signed);
    }

    /** 2206 then 2207 of the visit, both checked against what the table implies for the person's usage and balance now. */
    Settlement settleChecked(Policy policy, Patient p, Visit v, boolean accountUsed) {
        var now = sim.person(p.psnNo());
        Expected e = expect(policy, now.insutype(), now.pooledSigned(), now.deductibleMetFen(), now.fundUsedFen(), now.accountBalanceFen(),
                accountUsed, v.items());
        assertSplit(await(platform.preSettle(platform.newMsgId(), settleRequest(v, accountUsed))), e);
        Settlement s = await(platform.settle(platform.newMsgId(), settleRequest(v, accountUsed)));
        assertSplit(s, e);
        return s;
    }

    // ------------------------------------------------------------------ the cases

    @Test
    void aBillInsideTheOpenDeductibleGetsNoFundPay() {
        Policy policy = sim.hospital("TERTIARY", "DENTAL");
        Patient p = patient("310", 0, true);
        long deductible = policy.pooling().deductibleFen().get("TERTIARY");
        Visit v = sim.visit(platform, p, List.of(treatment(deductible / 2)));

        Settlement s = settleChecked(policy, p, v, true);

        assertThat(s.fundPaySumamt()).isEqualTo(Money.ZERO);
        assertThat(sim.person(p.psnNo()).deductibleMetFen()).isEqualTo(deductible / 2);
    }

    @Test
    void theDeductibleMetMidBillPoolsOnlyWhatIsAboveIt() {
        Policy policy = sim.hospital("TERTIARY", "DENTAL");
        Patient p = patient("310", 0, true);
        long deductible = policy.pooling().deductibleFen().get("TERTIARY");
        settleChecked(policy, p, sim.visit(platform, p, List.of(treatment(deductible * 3 / 4))), true);

        Settlement s = settleChecked(policy, p, sim.visit(platform, p, List.of(treatment(deductible))), true);

        assertThat(s.pooling().deductibleApplied()).isEqualTo(Money.ofFen(deductible - deductible * 3 / 4));
        assertThat(s.fundPaySumamt().isPositive()).isTrue();
        assertThat(sim.person(p.psnNo()).deductibleMetFen()).isEqualTo(deductible);
    }

    @Test
    void theAnnualCapIsTrackedAcrossPaymentsAndThenTheFundPaysNothing() {
        Policy policy = sim.hospital("BASIC", "DENTAL");
        Patient p = patient("310", 0, true);
        long cap = policy.pooling().annualCapFen();
        long bill = cap / 2;
        long paid = 0;
        int payments = 0;
        while (paid < cap) {
            Settlement s = settleChecked(policy, p, sim.visit(platform, p, List.of(treatment(bill))), false);
            paid += s.fundPaySumamt().fen();
            payments++;
            assertThat(sim.person(p.psnNo()).fundUsedFen()).isEqualTo(paid);
            assertThat(payments).as("the cap is reached within a few bills").isLessThan(10);
        }
        assertThat(paid).isEqualTo(cap);

        Settlement after = settleChecked(policy, p, sim.visit(platform, p, List.of(treatment(bill))), false);

        assertThat(after.fundPaySumamt()).isEqualTo(Money.ZERO);
        assertThat(after.pooling().capRemaining()).isEqualTo(Money.ZERO);
        assertThat(after.psnCashPay()).isEqualTo(Money.ofFen(bill));
    }

    @Test
    void aResidentInsuredPersonGetsNoOutpatientPooling() {
        Policy policy = sim.hospital("BASIC", "DENTAL");
        Patient p = patient("390", 0, true);

        Settlement s = settleChecked(policy, p, sim.visit(platform, p, List.of(treatment(100_000))), true);

        assertThat(s.fundPaySumamt()).isEqualTo(Money.ZERO);
        assertThat(s.insutype()).isEqualTo("390");
    }

    @Test
    void anUnsignedPatientIsPooledAtADentalHospitalButNotAtAGeneralOne() {
        Patient p = patient("310", 0, false);
        Visit atGeneral = sim.visit(platform, p, List.of(treatment(200_000)));
        Policy general = sim.hospital("TERTIARY", "GENERAL");
        Settlement notPooled = settleChecked(general, p, atGeneral, true);

        Visit atDental = sim.visit(platform, p, List.of(treatment(200_000)));
        Policy dental = sim.hospital("TERTIARY", "DENTAL");
        Settlement pooled = settleChecked(dental, p, atDental, true);

        assertThat(notPooled.fundPaySumamt()).isEqualTo(Money.ZERO);
        assertThat(pooled.fundPaySumamt().isPositive()).isTrue();
        assertThat(dental.pooling().signingExempt()).contains("DENTAL").doesNotContain("GENERAL");
    }

    @Test
    void nonReimbursableItemsAreFullySelfPaidAndOnlyTheRestIsPooled() {
        Policy policy = sim.hospital("BASIC", "DENTAL");
        Patient p = patient("310", 0, true);
        List<FeeItem> items = List.of(
                item("DENT-FILL-01", FeeCategory.TREATMENT, 20_000),   // filling: covered
                item("XRAY-PANO", FeeCategory.EXAM, 8_000),            // X-ray: covered
                item("DENT-IMPL-01", FeeCategory.SURGERY, 500_000),    // implant: excluded by item
                item("DENT-ORTH-02", FeeCategory.TREATMENT, 60_000),   // orthodontics: excluded by item
                item("CROWN-ZR", FeeCategory.MATERIAL, 30_000),        // prosthetic material: category not covered
                item("REG-01", FeeCategory.REGISTRATION, 1_000));      // registration: category not covered

        Settlement s = settleChecked(policy, p, sim.visit(platform, p, items), true);

        assertThat(s.inscpScpAmt()).isEqualTo(Money.ofFen(28_000));
        assertThat(s.fulamtOwnpayAmt()).isEqualTo(Money.ofFen(591_000));
    }

    @Test
    void thePersonalAccountPaysThePatientsShareFirstOnlyWhenAllowed() {
        Policy policy = sim.hospital("BASIC", "DENTAL");
        Patient allows = patient("310", 10_000, true);
        Patient refuses = patient("310", 10_000, true);
        Patient rich = patient("310", 1_000_000, true);

        Settlement a = settleChecked(policy, allows, sim.visit(platform, allows, List.of(treatment(100_000))), true);
        Settlement r = settleChecked(policy, refuses, sim.visit(platform, refuses, List.of(treatment(100_000))), false);
        Settlement full = settleChecked(policy, rich, sim.visit(platform, rich, List.of(treatment(100_000))), true);

        assertThat(a.acctPay()).isEqualTo(Money.ofFen(10_000));
        assertThat(r.acctPay()).isEqualTo(Money.ZERO);
        assertThat(full.psnCashPay()).isEqualTo(Money.ZERO);
        assertThat(sim.person(allows.psnNo()).accountBalanceFen()).isZero();
        assertThat(sim.person(refuses.psnNo()).accountBalanceFen()).isEqualTo(10_000);
        assertThat(sim.person(rich.psnNo()).accountBalanceFen()).isEqualTo(1_000_000 - full.acctPay().fen());
        assertThat(a.balanceAfter()).isEqualTo(Money.ZERO);
    }
}
