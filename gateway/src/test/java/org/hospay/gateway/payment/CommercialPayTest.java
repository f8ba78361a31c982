package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Commercial direct pay as the third leg (docs/architecture.md §4), on virtual time. */
class CommercialPayTest {

    /** Fund 1,000 + account 200 + cash 800, of which the insurer pays 600 and the patient 200. */
    private static EngineHarness harness() {
        EngineHarness h = new EngineHarness(1_000, 200, 800);
        h.commercial.pays(600);
        return h;
    }

    @Test
    void theSettlementTheClaimAndTheChargeAreSentAtOnceAndTheFourPartsMakeTheBill() {
        EngineHarness h = harness();
        h.insurance.settle.latency(Duration.ofSeconds(2));
        h.commercial.claim.latency(Duration.ofSeconds(2));
        h.charges.charge.latency(Duration.ofSeconds(2));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.legs()).extracting(LegRow::kind)
                            .containsExactlyInAnyOrder(LegRow.Kind.INSURANCE, LegRow.Kind.COMMERCIAL, LegRow.Kind.SELF_PAY);
                    assertThat(s.legs()).extracting(LegRow::status).containsOnly(LegStatus.SUCCEEDED);
                    PaymentRow p = s.payment();
                    assertThat(p.fundPayFen() + p.accountPayFen() + p.commercialPayFen() + p.selfPayFen()).isEqualTo(h.totalFen);
                    assertThat(p.selfPayFen()).isEqualTo(200);
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).requestId()).isEqualTo(Planner.outClaimNo(p.paymentId()));
                    assertThat(s.view().commercial()).isEqualTo(new PaymentView.Commercial("DEMO-HIC", "CLM001", 600, "PAID"));
                    assertThat(s.view().selfPay().amountFen()).isEqualTo(200);
                })
                .verifyComplete();
        // All three left at 0 s and the payment was done at 2 s: the legs overlapped.
        assertThat(h.insurance.settle.calledAt()).containsExactly(0L);
        assertThat(h.commercial.claim.calledAt()).containsExactly(0L);
        assertThat(h.charges.charge.calledAt()).containsExactly(0L);
        assertThat(h.commercial.preCalc.calls()).isOne();
    }

    @Test
    void thePolicyIsLookedUpWhileThePlatformPreSettlesSoAHolderWaitsOnlyForThePreCalculationAfterIt() {
        EngineHarness h = harness();
        h.insurance.preSettle.latency(Duration.ofSeconds(2));
        h.commercial.policy.latency(Duration.ofSeconds(2));
        h.commercial.preCalc.latency(Duration.ofSeconds(1));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .expectComplete()
                .verify(Duration.ofSeconds(10));   // not done at 3 s (virtual): the look-up was not asked beside 2206
        // Asked together at 0 s, both answered at 2 s, the pre-calculation asked then: not at 4 s, after the look-up.
        assertThat(h.insurance.preSettle.calledAt()).containsExactly(0L);
        assertThat(h.commercial.policy.calledAt()).containsExactly(0L);
        assertThat(h.commercial.preCalc.calledAt()).containsExactly(2L);
    }

    @Test
    void aPatientWithoutAPolicyIsNotPreCalculatedAndWaitsForNoCommercialCallAfterThePreSettlement() {
        EngineHarness h = new EngineHarness(1_000, 200, 800);
        h.insurance.preSettle.latency(Duration.ofSeconds(2));
        h.commercial.policy.latency(Duration.ofSeconds(1));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.payment().selfPayFen()).isEqualTo(800);
                    assertThat(s.view().commercial()).isNull();
                })
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(h.commercial.policy.calls()).isOne();
        assertThat(h.commercial.preCalc.calls()).isZero();
        assertThat(h.commercial.claim.calls()).isZero();
    }

    @Test
    void aHolderWhoseAnnualLimitIsUsedUpIsNotPreCalculatedAndPaysTheCashPart() {
        EngineHarness h = harness();
        h.commercial.policy.answer(Outcome.succeeded(new CommercialPort.Policy("HIC0000000001", Money.ZERO)));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.payment().selfPayFen()).isEqualTo(800);
                    assertThat(s.view().commercial()).isNull();
                })
                .verifyComplete();
        assertThat(h.commercial.preCalc.calls() + h.commercial.claim.calls()).isZero();
    }

    @Test
    void aPolicyLookUpWithoutAnAnswerIsTheInsurerUnavailableAndNothingElseIsAskedOfIt() {
        EngineHarness h = harness();
        h.commercial.policy.answer(Outcome.unknown("read timeout"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.payment().selfPayFen()).isEqualTo(800);
                    assertThat(s.view().commercial()).isEqualTo(new PaymentView.Commercial("DEMO-HIC", null, 0, "UNAVAILABLE"));
                })
                .verifyComplete();
        assertThat(h.commercial.preCalc.calls() + h.commercial.claim.calls()).isZero();
    }

    @Test
    void aPaymentWithNoCashPartNeedsNoCommercialPartWhateverTheLookUpSaid() {
        EngineHarness h = new EngineHarness(1_000, 200, 0);
        h.commercial.holds().policy.answer(Outcome.unknown("read timeout"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.evoucher()))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.view().commercial()).isNull();
                })
                .verifyComplete();
        assertThat(h.commercial.preCalc.calls()).isZero();
    }

    @Test
    void anInsurerThatPaysTheWholeCashPartLeavesNoSelfPayLegAndNeedsNoCode() {
        EngineHarness h = new EngineHarness(1_000, 200, 800);
        h.commercial.pays(800);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.evoucher()))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.legs()).extracting(LegRow::kind).containsExactlyInAnyOrder(LegRow.Kind.INSURANCE, LegRow.Kind.COMMERCIAL);
                    assertThat(s.view().selfPay()).isNull();
                })
                .verifyComplete();
    }

    @Test
    void aCardHoldersPolicyIsClaimedWithTheHoldersIdNumberAndTheFamilyPayerPaysOnlyTheRest() {
        EngineHarness h = harness();
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.card()))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).channel()).isEqualTo("FAMILY_PROXY");
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).amountFen()).isEqualTo(200);
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).status()).isEqualTo(LegStatus.SUCCEEDED);
                })
                .verifyComplete();
        assertThat(h.commercial.claimed).singleElement()
                .satisfies(r -> assertThat(r.insured().idNo()).isEqualTo(EngineHarness.card().idNo()));
    }

    @Test
    void anEVoucherWithoutACodeWaitsForTheRestOnlyWithTheClaimPlanned() {
        EngineHarness h = harness();
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.evoucher()))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.PENDING);
                    assertThat(s.payment().stage()).isEqualTo(Stage.AWAITING_CODE);
                    assertThat(s.payment().selfPayFen()).isEqualTo(200);
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).status()).isEqualTo(LegStatus.PLANNED);
                })
                .verifyComplete();
        assertThat(h.commercial.claim.calls()).as("nothing is claimed before the rest has a source").isZero();
    }

    @Test
    void aClaimWithNoAnswerIsQueriedOnItsScheduleAndSucceedsWhenTheQueryFindsItPaid() {
        EngineHarness h = harness();
        h.commercial.claim.answer(Outcome.unknown("read timeout"));
        h.commercial.query.answer(Outcome.unknown("still down"),
                Outcome.succeeded(new CommercialPort.Claim("CLM007", false, Money.ofFen(600))));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).vendorRef()).isEqualTo("CLM007");
                })
                .verifyComplete();
        assertThat(h.commercial.query.calledAt()).containsExactly(2L, 5L);
        assertThat(h.commercial.claim.calls()).as("a claim is never sent again").isOne();
        assertThat(h.commercial.cancel.calls()).isZero();
    }

    @Test
    void aClaimTheQueryNeverFindsIsCancelledSoItCannotArriveLateAndTheOtherLegsAreUndone() {
        EngineHarness h = harness();
        h.commercial.claim.answer(Outcome.unknown("read timeout"));
        h.commercial.query.answer(Outcome.declined("CLAIM_NOT_FOUND", "never arrived", "CLAIM_NOT_FOUND"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("CLAIM_NOT_FOUND");
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).status()).isEqualTo(LegStatus.DECLINED);
                    assertThat(leg(s, LegRow.Kind.INSURANCE).status()).isEqualTo(LegStatus.COMPENSATED);
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).status()).isEqualTo(LegStatus.COMPENSATED);
                    assertThat(compensations(h, s)).containsOnly(Map.entry("CANCEL_CLAIM", CompensationStatus.DONE),
                            Map.entry("CANCEL_SETTLEMENT_2208", CompensationStatus.DONE), Map.entry("REFUND", CompensationStatus.DONE));
                })
                .verifyComplete();
        assertThat(h.commercial.cancelNos).hasSize(1).allMatch(n -> n.startsWith("N"));
    }

    @Test
    void aClaimWithNoAnswerByItsDeadlineIsCancelledAndThePaymentFails() {
        EngineHarness h = harness();
        h.commercial.claim.answer(Outcome.unknown("read timeout"));
        h.commercial.query.answer(Outcome.unknown("still down"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(19))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).status()).isEqualTo(LegStatus.COMPENSATED);
                    assertThat(leg(s, LegRow.Kind.INSURANCE).status()).isEqualTo(LegStatus.COMPENSATED);
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).status()).isEqualTo(LegStatus.COMPENSATED);
                })
                .verifyComplete();
        assertThat(h.commercial.query.calledAt()).containsExactly(2L, 5L, 8L, 11L, 14L, 17L, 20L);
        assertThat(h.commercial.cancel.calledAt()).containsExactly(20L);
    }

    @Test
    void aDeclinedClaimUndoesTheSettlementAndTheCharge() {
        EngineHarness h = harness();
        h.commercial.claim.answer(Outcome.declined("NOT_COVERED", "nothing payable", "NOT_COVERED"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("NOT_COVERED");
                    assertThat(compensations(h, s)).containsOnly(Map.entry("CANCEL_SETTLEMENT_2208", CompensationStatus.DONE),
                            Map.entry("REFUND", CompensationStatus.DONE));
                    assertThat(s.view().commercial().status()).isEqualTo("DECLINED");
                })
                .verifyComplete();
        assertThat(h.commercial.cancel.calls()).isZero();
    }

    @Test
    void aDeclinedChargeUndoesTheSettlementAndCancelsTheClaim() {
        EngineHarness h = harness();
        h.charges.charge.answer(Outcome.declined("INSUFFICIENT_FUNDS", "balance", "NOTENOUGH"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("INSUFFICIENT_FUNDS");
                    assertThat(compensations(h, s)).containsOnly(Map.entry("CANCEL_SETTLEMENT_2208", CompensationStatus.DONE),
                            Map.entry("CANCEL_CLAIM", CompensationStatus.DONE));
                    assertThat(s.view().commercial().status()).isEqualTo("CANCELLED");
                })
                .verifyComplete();
        assertThat(h.commercial.cancelNos).containsExactly(CommercialClaimDriver.outCancelNo(
                LegRow.planned(UUID.randomUUID(), LegRow.Kind.COMMERCIAL, "COMMERCIAL", 1, Planner.outClaimNo(h.repo.onlyPaymentId()))));
    }

    @Test
    void aDeclinedSettlementCancelsTheClaimAndRefundsTheCharge() {
        EngineHarness h = harness();
        h.insurance.settle.answer(Outcome.declined("INSURANCE_REFUSED", "refused", "-1"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(compensations(h, s)).containsOnly(Map.entry("CANCEL_CLAIM", CompensationStatus.DONE),
                            Map.entry("REFUND", CompensationStatus.DONE));
                })
                .verifyComplete();
    }

    @Test
    void aClaimThatPaidAnotherAmountThanPreCalculatedIsUndoneAndThePaymentFails() {
        EngineHarness h = harness();
        h.commercial.claim.answer(Outcome.succeeded(new CommercialPort.Claim("CLM001", false, Money.ofFen(550))));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("COMMERCIAL_AMOUNT_MISMATCH");
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).status()).isEqualTo(LegStatus.COMPENSATED);
                    assertThat(compensations(h, s)).containsKeys("CANCEL_CLAIM", "CANCEL_SETTLEMENT_2208", "REFUND");
                })
                .verifyComplete();
    }

    @Test
    void anInsurerThatCannotBeAskedLeavesThePatientPayingTheResidualAndTheWindowSeesWhy() {
        EngineHarness h = new EngineHarness(1_000, 200, 800);
        h.commercial.holds().preCalc.answer(Outcome.unknown("read timeout"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.legs()).extracting(LegRow::kind).containsExactlyInAnyOrder(LegRow.Kind.INSURANCE, LegRow.Kind.SELF_PAY);
                    assertThat(s.payment().selfPayFen()).isEqualTo(800);
                    assertThat(s.view().commercial()).isEqualTo(new PaymentView.Commercial("DEMO-HIC", null, 0, "UNAVAILABLE"));
                })
                .verifyComplete();
        assertThat(h.commercial.claim.calls()).isZero();
    }

    @Test
    void anOpenCircuitIsUnavailableTooButNoPolicyShowsNothing() {
        EngineHarness open = new EngineHarness(1_000, 200, 800);
        open.commercial.holds().preCalc.answer(Outcome.declined(DeclineCodes.CHANNEL_UNAVAILABLE, "circuit open", "CIRCUIT_OPEN"));
        StepVerifier.withVirtualTime(() -> open.pay(open.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.view().commercial().status()).isEqualTo("UNAVAILABLE"))
                .verifyComplete();
        EngineHarness none = new EngineHarness(1_000, 200, 800);
        StepVerifier.withVirtualTime(() -> none.pay(none.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.view().commercial()).isNull();
                    assertThat(s.payment().commercial()).isNull();
                })
                .verifyComplete();
    }

    @Test
    void aHospitalThatWaitsForTheInsurerFailsThePaymentBeforeAnyMoneyMoved() {
        EngineHarness h = new EngineHarness(EngineProperties.Mode.CONCURRENT, 1_000, 200, 800, CommercialProperties.OnUnavailable.WAIT);
        h.commercial.holds().preCalc.answer(Outcome.unknown("read timeout"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("COMMERCIAL_UNAVAILABLE");
                })
                .verifyComplete();
        assertThat(h.insurance.settle.calls() + h.charges.charge.calls() + h.commercial.claim.calls()).isZero();
    }

    @Test
    void recoveryQueriesAClaimLeftOpenByACrashAndFinishesThePayment() {
        EngineHarness h = harness();
        h.commercial.claim.answer(Outcome.unknown("connection reset"));
        h.commercial.query.answer(Outcome.unknown("still down"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(6))
                .thenCancel()
                .verify();
        UUID id = h.repo.onlyPaymentId();
        h.repo.expireLease(id);
        h.commercial.query.answer(Outcome.succeeded(new CommercialPort.Claim("CLM077", false, Money.ofFen(600))));
        StepVerifier.withVirtualTime(() -> h.repo.orphans(10).single().flatMap(h.engine::recover))
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(leg(s, LegRow.Kind.COMMERCIAL).vendorRef()).isEqualTo("CLM077");
                })
                .verifyComplete();
        assertThat(h.commercial.claim.calls()).as("nothing is sent again").isOne();
        assertThat(h.insurance.settle.calls()).isOne();
        assertThat(h.charges.charge.calls()).isOne();
    }

    private static LegRow leg(PaymentState s, LegRow.Kind kind) {
        return s.legs().stream().filter(l -> l.kind() == kind).findFirst().orElseThrow();
    }

    private static Map<String, CompensationStatus> compensations(EngineHarness h, PaymentState s) {
        List<PaymentRepository.CompensationRow> rows = h.repo.compensations(s.payment().paymentId()).collectList().block();
        return rows.stream().collect(Collectors.toMap(PaymentRepository.CompensationRow::action, PaymentRepository.CompensationRow::status));
    }
}
