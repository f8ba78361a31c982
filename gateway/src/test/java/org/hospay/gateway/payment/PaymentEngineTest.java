package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** The engine's schedules, on virtual time: each runs in milliseconds whatever it waits for. */
class PaymentEngineTest {

    private static final Duration NO_TIME = Duration.ofMillis(1);

    @Test
    void anAggregatedCodeSettlesAndChargesAtOnceAndSucceedsWithoutReadingBackWhatItWrote() {
        EngineHarness h = new EngineHarness(1_200, 300, 850);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.legs()).extracting(LegRow::status).containsOnly(LegStatus.SUCCEEDED);
                    assertThat(s.legs().stream().mapToLong(LegRow::amountFen).sum()).isEqualTo(h.totalFen);
                    assertThat(s.payment().fundPayFen() + s.payment().accountPayFen() + s.payment().selfPayFen()).isEqualTo(h.totalFen);
                    assertThat(s.view().insurance().settlementId()).isEqualTo("SETL001");
                    assertThat(s.view().selfPay().channelTradeNo()).isEqualTo("4200001");
                })
                .verifyComplete();
        assertThat(h.insurance.settle.calledAt()).containsExactly(0L);
        assertThat(h.charges.charge.calledAt()).containsExactly(0L);
        assertThat(h.repo.paymentReads).hasValue(0);
        assertThat(h.events.seen).containsExactly("succeeded");
    }

    @Test
    void aPlanIsWrittenWithTheMoveToTheFanOutAndTheLegsIntentsSoAPaidPaymentMovesThreeTimesNotFour() {
        EngineHarness h = new EngineHarness(1_200, 300, 850);
        AtomicReference<UUID> id = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> id.set(s.payment().paymentId()))
                .verifyComplete();
        assertThat(h.repo.transitions(id.get()))
                .extracting(InMemoryPaymentRepository.Transition::stage, InMemoryPaymentRepository.Transition::note)
                .containsExactly(tuple(Stage.CREATED, "received"), tuple(Stage.LEGS_SENT, "pre-settled, legs sent"),
                        tuple(Stage.DONE, "all legs succeeded"));
        assertThat(h.repo.plansWithIntents).as("both legs' intents written with the plan").hasValue(1);
        assertThat(h.repo.intentBatches).as("no intent written after the plan").hasValue(0);
        assertThat(h.repo.completedWithLastLeg).as("the last answer and the move to SUCCEEDED in one write").hasValue(1);
    }

    @Test
    void aSuccessAnsweredWhileTheOtherLegsAnswerIsStillBeingWrittenWaitsForItThenMovesThePaymentWithItsOwn() {
        EngineHarness h = new EngineHarness(1_200, 300, 850);
        h.repo.answerWriteTime = Duration.ofMillis(20);
        AtomicReference<UUID> id = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(19))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(s -> {
                    id.set(s.payment().paymentId());
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(s.legs()).extracting(LegRow::status).containsOnly(LegStatus.SUCCEEDED);
                })
                .verifyComplete();
        assertThat(h.repo.completedWithLastLeg).as("the second answer waited for the first one's write").hasValue(1);
        assertThat(h.repo.legsOf(id.get())).extracting(LegRow::status).containsOnly(LegStatus.SUCCEEDED);
        assertThat(h.repo.transitions(id.get())).extracting(InMemoryPaymentRepository.Transition::note)
                .containsExactly("received", "pre-settled, legs sent", "all legs succeeded");
    }

    @Test
    void aPaymentWhoseOtherAnswerCouldNotBeStoredIsNotMovedToSucceededButLeftToRecovery() {
        EngineHarness h = new EngineHarness(1_200, 300, 850);
        h.repo.answerWriteFails = true;
        h.repo.answerWriteTime = Duration.ofMillis(20);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .thenAwait(Duration.ofMillis(20))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.PROCESSING);
                    assertThat(s.legs()).extracting(LegRow::status).as("as stored: their answers still to be found by recovery")
                            .containsOnly(LegStatus.SENT);
                })
                .verifyComplete();
        assertThat(h.repo.completedWithLastLeg).hasValue(0);
    }

    @Test
    void aPersonLookUpStartedBeforeThePaymentIsStoredIsTheOneItsPlanUsesSoTheWriteCostsItNoTime() {
        EngineHarness h = new EngineHarness(1_200, 300, 850);
        h.insurance.identify.latency(Duration.ofSeconds(2));
        Bill bill = h.bill();
        PaymentSource source = EngineHarness.aggregated(SelfPayMethod.WECHAT);
        StepVerifier.withVirtualTime(() -> {
                    var lookUp = h.engine.lookUpAhead(bill, source, Context.empty());
                    // the payment's row takes a second to be stored here; the look-up is under way meanwhile
                    return Mono.delay(Duration.ofSeconds(1))
                            .then(h.repo.create(h.newRow(bill, source), null, h.engine.owner(), h.props.lease()))
                            .flatMap(created -> h.engine.start(created, bill, source, lookUp));
                })
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(h.insurance.identify.calledAt()).as("once, before the row was stored").containsExactly(0L);
        assertThat(h.engine.lookUpAhead(bill, EngineHarness.code(SelfPayMethod.WECHAT), Context.empty()))
                .as("a payment code's plan starts with no look-up").isNull();
    }

    @Test
    void aDeclinedChargeIsNeverWrittenAsThePaymentsCompletion() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.declined("INSUFFICIENT_FUNDS", "balance too low", "NOTENOUGH"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.legs()).extracting(LegRow::status).containsOnly(LegStatus.DECLINED, LegStatus.COMPENSATED);
                })
                .verifyComplete();
        assertThat(h.repo.completedWithLastLeg).hasValue(0);
    }

    @Test
    void aPaymentCodesSingleLegIsAlsoPlannedWithItsIntent() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.code(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(h.repo.plansWithIntents).hasValue(1);
        assertThat(h.repo.completedWithLastLeg).as("its answer moves the payment").hasValue(1);
        assertThat(h.charges.charge.calls()).isOne();
    }

    @Test
    void sequentialModeAndTheCardPlanWriteEachIntentBeforeItsOwnCallNotWithThePlan() {
        EngineHarness sequential = new EngineHarness(EngineProperties.Mode.SEQUENTIAL, 1_000, 0, 500);
        StepVerifier.withVirtualTime(() -> sequential.pay(sequential.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(sequential.repo.plansWithIntents).as("the charge is sent only if the settlement succeeds").hasValue(0);
        assertThat(sequential.repo.completedWithLastLeg).hasValue(0);
        EngineHarness card = new EngineHarness(1_000, 0, 500);
        StepVerifier.withVirtualTime(() -> card.pay(card.bill(), EngineHarness.card()))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(card.repo.plansWithIntents).as("the settlement is sent only once the deduction is paid").hasValue(0);
    }

    @Test
    void aCardPlanIsAlsoWrittenWithTheMoveToTheFanOut() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        AtomicReference<UUID> id = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.card()))
                .assertNext(s -> id.set(s.payment().paymentId()))
                .verifyComplete();
        assertThat(h.repo.transitions(id.get())).extracting(InMemoryPaymentRepository.Transition::stage)
                .containsExactly(Stage.CREATED, Stage.LEGS_SENT, Stage.DONE);
    }

    @Test
    void aWechatCodeStillPayingIsQueriedEveryFiveSecondsForThirtyThenReversedAndTheSettlementCancelled() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.pending("USERPAYING"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(29))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("CHANNEL_TIMEOUT");
                    assertThat(s.legs()).extracting(LegRow::status).containsOnly(LegStatus.COMPENSATED);
                    assertThat(compensations(h, s)).containsOnly(Map.entry("REVERSE", CompensationStatus.DONE),
                            Map.entry("CANCEL_SETTLEMENT_2208", CompensationStatus.DONE));
                })
                .verifyComplete();
        assertThat(h.charges.query.calledAt()).containsExactly(5L, 10L, 15L, 20L, 25L, 30L);
        assertThat(h.charges.reverse.calledAt()).containsExactly(30L);
        assertThat(h.insurance.cancel.calledAt()).containsExactly(30L);
        assertThat(h.events.seen).containsExactly("pending", "failed");
    }

    @Test
    void aWechatCodePaidWhileBeingQueriedSucceedsAtTheQueryThatSeesIt() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.pending("USERPAYING"));
        h.charges.query.answer(Outcome.pending("USERPAYING"), Outcome.pending("USERPAYING"),
                Outcome.succeeded(new ChargePort.Charge("4200009", null)));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(14))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(h.charges.query.calledAt()).containsExactly(5L, 10L, 15L);
        assertThat(h.charges.reverse.calls()).isZero();
    }

    @Test
    void anAlipayBuyerWhoNeverConfirmsIsQueriedFiveTimesThenTheOrderIsCancelled() {
        EngineHarness h = new EngineHarness(0, 0, 2_000);
        h.charges.charge.answer(Outcome.pending("10003"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.code(SelfPayMethod.ALIPAY)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(24))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("CHANNEL_TIMEOUT");
                })
                .verifyComplete();
        assertThat(h.charges.query.calledAt()).containsExactly(5L, 10L, 15L, 20L, 25L);
        assertThat(h.charges.reverse.calledAt()).containsExactly(25L);
        assertThat(h.insurance.settle.calls()).isZero();
    }

    @Test
    void aSettlementWithNoAnswerIsQueriedUntilItsDeadlineThenReversedBy2601AndTheChargeRefunded() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.insurance.settle.answer(Outcome.unknown("read timeout"));
        h.insurance.find.answer(Outcome.unknown("read timeout"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(19))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("INSURANCE_TIMEOUT");
                    assertThat(compensations(h, s)).containsOnly(Map.entry("REVERSAL_2601", CompensationStatus.DONE),
                            Map.entry("REFUND", CompensationStatus.DONE));
                })
                .verifyComplete();
        assertThat(h.insurance.find.calledAt()).containsExactly(2L, 5L, 8L, 11L, 14L, 17L, 20L);
        assertThat(h.insurance.reverse.calledAt()).containsExactly(20L);
        assertThat(h.charges.refund.calledAt()).containsExactly(20L);
    }

    @Test
    void aSettlementTheQuerySaysNeverHappenedIsMadeSureOfWith2601AndTheLegDeclined() {
        EngineHarness h = new EngineHarness(1_000, 0, 0);
        h.insurance.settle.answer(Outcome.unknown("read timeout"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.evoucher()))
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("INSURANCE_NOT_FOUND");
                    assertThat(s.legs()).extracting(LegRow::status).containsExactly(LegStatus.DECLINED);
                })
                .verifyComplete();
        assertThat(h.insurance.reverse.calledAt()).containsExactly(2L);
    }

    @Test
    void aFailedPaymentClosesItsVisitAtThePlatformAndASucceededOneDoesNot() {
        EngineHarness failing = new EngineHarness(1_000, 0, 500);
        failing.charges.charge.answer(Outcome.declined("INSUFFICIENT_FUNDS", "balance too low", "NOTENOUGH"));
        StepVerifier.withVirtualTime(() -> failing.pay(failing.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED))
                .verifyComplete();
        assertThat(failing.insurance.visitsClosed).containsExactly("MDTRT001");

        EngineHarness paying = new EngineHarness(1_000, 0, 500);
        StepVerifier.withVirtualTime(() -> paying.pay(paying.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(paying.insurance.visitsClosed).isEmpty();
    }

    @Test
    void anUndoRefusedByEveryToolParksTheLegForReview() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.declined("INSUFFICIENT_FUNDS", "balance too low", "NOTENOUGH"));
        h.insurance.cancel.answer(Outcome.declined("NOT_CANCELLABLE", "already cleared", "-1"));
        h.insurance.reverse.answer(Outcome.declined("NOT_REVERSIBLE", "already cleared", "-1"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("INSUFFICIENT_FUNDS");
                    assertThat(leg(s, LegRow.Kind.INSURANCE).status()).isEqualTo(LegStatus.NEEDS_REVIEW);
                    assertThat(compensations(h, s)).containsOnly(Map.entry("CANCEL_SETTLEMENT_2208", CompensationStatus.ESCALATED),
                            Map.entry("REVERSAL_2601", CompensationStatus.MANUAL));
                })
                .verifyComplete();
    }

    @Test
    void anUndoNotConfirmedIsTriedAgainWithDoublingBackoffUntilItIs() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.declined("INSUFFICIENT_FUNDS", "balance too low", "NOTENOUGH"));
        h.insurance.cancel.answer(Outcome.unknown("timeout"), Outcome.unknown("timeout"), Outcome.unknown("timeout"), Outcome.succeeded(null));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(6))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertThat(leg(s, LegRow.Kind.INSURANCE).status()).isEqualTo(LegStatus.COMPENSATED);
                    assertThat(h.repo.compensations(s.payment().paymentId()).blockFirst().tries()).isEqualTo(4);
                })
                .verifyComplete();
        assertThat(h.insurance.cancel.calledAt()).containsExactly(0L, 1L, 3L, 7L);
    }

    @Test
    void aSettlementOfAnotherAmountThanPreSettledIsUndoneAndThePaymentFails() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.insurance.settle.answer(Outcome.succeeded(new InsurancePort.Settlement("SETL002", org.hospay.channels.Money.ofFen(900),
                org.hospay.channels.Money.ofFen(0), org.hospay.channels.Money.ofFen(600))));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().failureCode()).isEqualTo("INSURANCE_AMOUNT_MISMATCH");
                    assertThat(s.legs()).extracting(LegRow::status).containsOnly(LegStatus.COMPENSATED);
                    assertThat(h.repo.legsOf(s.payment().paymentId())).filteredOn(LegRow::amountChanged).hasSize(1);
                })
                .verifyComplete();
        assertThat(h.insurance.cancel.calls()).isOne();
        assertThat(h.charges.refund.calls()).isOne();
    }

    @Test
    void anInsuranceCallThatNeverLeftFailsAsBusyNotAsARejectionOfThePatient() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.insurance.identify.answer(Outcome.declined(DeclineCodes.CHANNEL_BUSY, "insurance platform (1101): no connection free in time, nothing was sent", "POOL_EXHAUSTED"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("INSURANCE_CHANNEL_BUSY");
                })
                .verifyComplete();
        EngineHarness pre = new EngineHarness(1_000, 0, 500);
        pre.insurance.preSettle.answer(Outcome.declined(DeclineCodes.CHANNEL_UNAVAILABLE, "insurance platform not reachable, nothing was sent", "CONNECT_FAILED"));
        StepVerifier.withVirtualTime(() -> pre.pay(pre.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.payment().failureCode()).isEqualTo("INSURANCE_CHANNEL_UNAVAILABLE"))
                .verifyComplete();
        EngineHarness refused = new EngineHarness(1_000, 0, 500);
        refused.insurance.identify.answer(Outcome.declined("PSN_NOT_FOUND", "no such insured person", "PSN_NOT_FOUND"));
        StepVerifier.withVirtualTime(() -> refused.pay(refused.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.payment().failureCode()).isEqualTo("INSURANCE_IDENTITY_REJECTED"))
                .verifyComplete();
    }

    @Test
    void aCardNoFamilyPayerCanPayForWaitsForACodeWithNothingSettled() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.proxy.deduct.answer(Outcome.declined("NO_PAYER_AVAILABLE", "limits", "LIMIT"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.card()))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.PENDING);
                    assertThat(s.payment().stage()).isEqualTo(Stage.AWAITING_CODE);
                })
                .verifyComplete();
        assertThat(h.insurance.settle.calls()).isZero();
        assertThat(h.events.seen).containsExactly("awaitingCode");
    }

    @Test
    void aCardPaidByAFamilyPayerIsSettledOnlyAfterTheDeduction() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.card()))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(h.proxy.deduct.calls()).isOne();
        assertThat(h.insurance.settle.calls()).isOne();
    }

    @Test
    void sequentialModeSettlesFirstAndChargesNothingWhenTheSettlementIsRefused() {
        EngineHarness h = new EngineHarness(EngineProperties.Mode.SEQUENTIAL, 1_000, 0, 500);
        h.insurance.settle.answer(Outcome.declined("REJECTED", "not covered", "-1"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> {
                    assertThat(s.payment().failureCode()).isEqualTo("INSURANCE_REJECTED");
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).status()).isEqualTo(LegStatus.PLANNED);
                })
                .verifyComplete();
        assertThat(h.charges.charge.calls()).isZero();
    }

    @Test
    void recoveryQueriesALegLeftOpenByACrashAndFinishesThePayment() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.unknown("connection reset"));
        h.charges.query.answer(Outcome.unknown("still down"));
        // The first run is cut off (the process died) while the charge is open and the settlement done.
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(12))
                .thenCancel()
                .verify();
        UUID id = h.repo.onlyPaymentId();
        assertThat(h.repo.orphans(10).collectList().block()).as("leased by a live owner").isEmpty();
        h.repo.expireLease(id);
        h.charges.query.answer(Outcome.succeeded(new ChargePort.Charge("4200077", null)));
        StepVerifier.withVirtualTime(() -> h.repo.orphans(10).single().flatMap(h.engine::recover))
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).vendorRef()).isEqualTo("4200077");
                })
                .verifyComplete();
        assertThat(h.insurance.settle.calls()).as("nothing is sent again").isOne();
        assertThat(h.charges.charge.calls()).as("nothing is sent again").isOne();
    }

    /** A payment whose charge is open when its instance dies, found by recovery an hour later (past the deadline). */
    private static EngineHarness crashedAnHourAgoWithTheChargeOpen() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.unknown("connection reset"));
        h.charges.query.answer(Outcome.unknown("still down"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(12))
                .thenCancel()
                .verify();
        UUID id = h.repo.onlyPaymentId();
        h.repo.expireLease(id);
        h.repo.ageOpenLegs(id, Duration.ofHours(1));
        return h;
    }

    @Test
    void recoveryLooksAtALegFoundPastItsDeadlineBeforeGivingItUpAndCompletesThePaymentIfItWentThrough() {
        EngineHarness h = crashedAnHourAgoWithTheChargeOpen();
        int queriesBefore = h.charges.query.calls();
        h.charges.query.answer(Outcome.succeeded(new ChargePort.Charge("4200078", null)));
        StepVerifier.withVirtualTime(() -> h.repo.orphans(10).single().flatMap(h.engine::recover))
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(s -> {
                    assertThat(s.payment().status()).as("the patient paid: the payment completes").isEqualTo(PaymentStatus.SUCCEEDED);
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).vendorRef()).isEqualTo("4200078");
                })
                .verifyComplete();
        assertThat(h.charges.query.calls() - queriesBefore).as("one last look").isOne();
        assertThat(h.charges.charge.calls()).as("nothing is sent again").isOne();
    }

    @Test
    void recoveryGivesUpALegFoundPastItsDeadlineWhoseLastLookIsStillUnknown() {
        EngineHarness h = crashedAnHourAgoWithTheChargeOpen();
        StepVerifier.withVirtualTime(() -> h.repo.orphans(10).single().flatMap(h.engine::recover))
                .thenAwait(Duration.ofMinutes(5))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(leg(s, LegRow.Kind.SELF_PAY).status()).isEqualTo(LegStatus.COMPENSATED);
                })
                .verifyComplete();
    }

    @Test
    void recoveryFailsAPaymentThatStoppedBeforeAnyMoneyMovedAndCallsNobody() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        StepVerifier.withVirtualTime(() -> h.repo.create(h.newRow(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)), null,
                                "dead-instance", Duration.ofSeconds(15))
                        .flatMap(created -> h.engine.recover(created.paymentId())))
                .assertNext(s -> {
                    assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED);
                    assertThat(s.payment().failureCode()).isEqualTo("INTERRUPTED");
                })
                .verifyComplete();
        assertThat(h.insurance.settle.calls() + h.charges.charge.calls()).isZero();
    }

    @Test
    void aLegNoDriverMovesYetIsRefusedBeforeAnythingIsSent() {
        EngineHarness h = new EngineHarness(0, 0, 500);
        PaymentRow p = h.repo.create(h.newRow(h.bill(), EngineHarness.code(SelfPayMethod.WECHAT)), null, "me", Duration.ofSeconds(15))
                .block(NO_TIME.plusSeconds(1));
        LegRow credit = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, "CREDIT", 500, "P0001");
        StepVerifier.create(h.legs.send(new LegDriver.LegCall(p, credit, h.bill(), EngineHarness.code(SelfPayMethod.WECHAT))))
                .assertNext(l -> {
                    assertThat(l.status()).isEqualTo(LegStatus.DECLINED);
                    assertThat(l.vendorCode()).isEqualTo("LEG_NOT_SUPPORTED");
                })
                .verifyComplete();
        assertThat(h.repo.attempts(p.paymentId())).isEmpty();
    }

    private static LegRow leg(PaymentState s, LegRow.Kind kind) {
        return s.legs().stream().filter(l -> l.kind() == kind).findFirst().orElseThrow();
    }

    private static Map<String, CompensationStatus> compensations(EngineHarness h, PaymentState s) {
        List<PaymentRepository.CompensationRow> rows = h.repo.compensations(s.payment().paymentId()).collectList().block();
        return rows.stream().collect(Collectors.toMap(PaymentRepository.CompensationRow::action, PaymentRepository.CompensationRow::status));
    }
}
