package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.LegDriver.LegCall;
import org.hospay.gateway.payment.LegDriver.Undo;
import org.hospay.gateway.payment.LegDriver.UndoTool;
import org.junit.jupiter.api.Test;

/** What each driver makes of its counterparty's answers: the engine decides on these alone. */
class LegDriversTest {

    private final EngineHarness h = new EngineHarness(1_000, 200, 300);
    private final InsuranceSettlementDriver insurance = new InsuranceSettlementDriver(h.insurance);
    private final CodeChargeDriver codes = new CodeChargeDriver(h.charges);
    private final WithholdingDriver withholding = new WithholdingDriver(h.proxy);
    private final CommercialClaimDriver claims = new CommercialClaimDriver(h.commercial, h.seal);

    @Test
    void aSettlementIsBookedAsTheFundAndPersonalAccountPartsItMoved() {
        var booked = (Outcome.Succeeded<LegDriver.Booked>) insurance.send(call("INSURANCE", LegRow.Kind.INSURANCE, EngineHarness.evoucher())).block();
        assertThat(booked.value()).isEqualTo(new LegDriver.Booked("SETL001", 1_200L));
    }

    @Test
    void aRefusedSettlementCancelEscalatesToThe2601ReversalAndARefusedReversalNeedsAPerson() {
        List<UndoTool> ladder = insurance.undo(call("INSURANCE", LegRow.Kind.INSURANCE, null));
        assertThat(ladder).extracting(UndoTool::action).containsExactly("CANCEL_SETTLEMENT_2208", "REVERSAL_2601");
        h.insurance.cancel.answer(Outcome.declined("NOT_CANCELLABLE", "cleared", "-1"));
        h.insurance.reverse.answer(Outcome.declined("NOT_REVERSIBLE", "cleared", "-1"));
        assertThat(tryOnce(ladder.get(0))).isEqualTo(Undo.ESCALATE);
        assertThat(tryOnce(ladder.get(1))).isEqualTo(Undo.MANUAL);
    }

    @Test
    void anUndoRefusedOnOurSideOfTheWireIsTriedAgainNeverEscalated() {
        List<UndoTool> ladder = insurance.undo(call("INSURANCE", LegRow.Kind.INSURANCE, null));
        h.insurance.cancel.answer(Outcome.declined(DeclineCodes.CHANNEL_UNAVAILABLE, "circuit open", "CIRCUIT_OPEN"));
        assertThat(tryOnce(ladder.get(0))).isEqualTo(Undo.AGAIN);
    }

    @Test
    void anInsuranceLegGivenUpIsReversedBy2601WithAFreshMsgIdEachTry() {
        List<UndoTool> giveUp = insurance.giveUp(call("INSURANCE", LegRow.Kind.INSURANCE, null));
        assertThat(giveUp).extracting(UndoTool::action).containsExactly("REVERSAL_2601");
        assertThat(giveUp.get(0).requestIds().get()).isNotEqualTo(giveUp.get(0).requestIds().get());
    }

    @Test
    void aRefusedRefundEscalatesToReversingTheOrderWhoseRetriesKeepOneRefundNumber() {
        List<UndoTool> ladder = codes.undo(call("WECHAT", LegRow.Kind.SELF_PAY, null));
        assertThat(ladder).extracting(UndoTool::action).containsExactly("REFUND", "REVERSE");
        assertThat(ladder.get(0).requestIds().get()).isEqualTo(ladder.get(0).requestIds().get()).startsWith("C");
        h.charges.refund.answer(Outcome.declined("REFUND_REFUSED", "too old", "NOTENOUGH"));
        assertThat(tryOnce(ladder.get(0))).isEqualTo(Undo.ESCALATE);
    }

    @Test
    void aReversalIsDoneWhenTheOrderIsGoneAgainWhileTheChannelSaysRecallAndAPersonsJobOtherwise() {
        UndoTool reverse = codes.giveUp(call("WECHAT", LegRow.Kind.SELF_PAY, null)).getFirst();
        h.charges.reverse.answer(Outcome.declined(DeclineCodes.ORDER_NOT_FOUND, "no such order", "ORDERNOTEXIST"));
        assertThat(tryOnce(reverse)).isEqualTo(Undo.DONE);
        h.charges.reverse.answer(Outcome.succeeded(new ChargePort.Reversal(false, true)));
        assertThat(tryOnce(reverse)).isEqualTo(Undo.AGAIN);
        h.charges.reverse.answer(Outcome.declined("REVERSE_EXPIRED", "too late to reverse", "REVERSE_EXPIRE"));
        assertThat(tryOnce(reverse)).isEqualTo(Undo.MANUAL);
    }

    @Test
    void aCodeChargeWithoutAPaymentCodeIsRefusedWithoutCallingTheChannel() {
        Outcome<LegDriver.Booked> refused = codes.send(call("WECHAT", LegRow.Kind.SELF_PAY, EngineHarness.card())).block();
        assertThat(refused).isInstanceOf(Outcome.Declined.class);
        assertThat(h.charges.charge.calls()).isZero();
    }

    @Test
    void aFamilyProxyDeductionNeedsTheBoundCardAndGoesToThePayers() {
        assertThat(withholding.send(call("FAMILY_PROXY", LegRow.Kind.SELF_PAY, EngineHarness.code(SelfPayMethod.WECHAT))).block())
                .isInstanceOf(Outcome.Declined.class);
        assertThat(h.proxy.deduct.calls()).isZero();
        assertThat(withholding.send(call("FAMILY_PROXY", LegRow.Kind.SELF_PAY, EngineHarness.card())).block())
                .isEqualTo(Outcome.succeeded(new LegDriver.Booked("PAPAY001", null)));
        assertThat(h.proxy.deduct.calls()).isOne();
    }

    @Test
    void eachLegGoesToTheDriverOfItsTypeAndCreditHasNoneYet() {
        LegDrivers drivers = new LegDrivers(List.of(insurance, codes, withholding, claims));
        assertThat(drivers.of(leg("INSURANCE", LegRow.Kind.INSURANCE))).containsSame(insurance);
        assertThat(drivers.of(leg("ALIPAY", LegRow.Kind.SELF_PAY))).containsSame(codes);
        assertThat(drivers.of(leg("FAMILY_PROXY", LegRow.Kind.SELF_PAY))).containsSame(withholding);
        assertThat(drivers.of(leg("CREDIT", LegRow.Kind.SELF_PAY))).isEmpty();
        assertThat(drivers.of(leg("COMMERCIAL", LegRow.Kind.COMMERCIAL))).containsSame(claims);
    }

    @Test
    void aClaimIsFiledForTheSealedInsuredAndBookedWithTheAmountTheInsurerPaid() {
        h.commercial.pays(250);
        var booked = (Outcome.Succeeded<LegDriver.Booked>) claims.send(call("COMMERCIAL", LegRow.Kind.COMMERCIAL, EngineHarness.evoucher())).block();
        // Booked with the amount paid, so the engine sees a claim that paid other than planned (300) as changed.
        assertThat(booked.value()).isEqualTo(new LegDriver.Booked("CLM001", 250L));
        CommercialPort.ClaimRequest sent = h.commercial.claimed.getFirst();
        assertThat(sent.insured()).isEqualTo(new CommercialPort.Insured("张三", "370202199001011234"));
        assertThat(sent.insured().toString()).doesNotContain("370202");
        assertThat(sent.fund().fen()).isEqualTo(1_000);
        assertThat(sent.account().fen()).isEqualTo(200);
    }

    @Test
    void aClaimTheQueryFindsCancelledOrMissingNeverTookMoney() {
        h.commercial.query.answer(Outcome.succeeded(new CommercialPort.Claim("CLM001", true, org.hospay.channels.Money.ofFen(0))));
        assertThat(claims.query(call("COMMERCIAL", LegRow.Kind.COMMERCIAL, null)).block()).isInstanceOf(Outcome.Declined.class);
        h.commercial.query.answer(Outcome.declined("CLAIM_NOT_FOUND", "never arrived", "CLAIM_NOT_FOUND"));
        assertThat(((Outcome.Declined<LegDriver.Booked>) claims.query(call("COMMERCIAL", LegRow.Kind.COMMERCIAL, null)).block()).code())
                .isEqualTo("CLAIM_NOT_FOUND");
    }

    @Test
    void aClaimIsUndoneAndGivenUpByOneCancelWhoseNumberIsTheSameOnEveryTry() {
        LegCall call = call("COMMERCIAL", LegRow.Kind.COMMERCIAL, null);
        List<UndoTool> undo = claims.undo(call);
        List<UndoTool> giveUp = claims.giveUp(call);
        assertThat(undo).extracting(UndoTool::action).containsExactly("CANCEL_CLAIM");
        assertThat(giveUp).extracting(UndoTool::action).containsExactly("CANCEL_CLAIM");
        assertThat(undo.getFirst().requestIds().get()).isEqualTo(giveUp.getFirst().requestIds().get()).isEqualTo("N0123456789");
        assertThat(tryOnce(undo.getFirst())).isEqualTo(Undo.DONE);
        h.commercial.cancel.answer(Outcome.declined("ALREADY_CANCELLED", "cancelled", "ALREADY_CANCELLED"));
        assertThat(tryOnce(undo.getFirst())).isEqualTo(Undo.DONE);
        h.commercial.cancel.answer(Outcome.declined(DeclineCodes.CHANNEL_UNAVAILABLE, "circuit open", "CIRCUIT_OPEN"));
        assertThat(tryOnce(undo.getFirst())).isEqualTo(Undo.AGAIN);
        h.commercial.cancel.answer(Outcome.unknown("timeout"));
        assertThat(tryOnce(undo.getFirst())).isEqualTo(Undo.AGAIN);
        h.commercial.cancel.answer(Outcome.declined("CHANNEL_REJECTED", "bad request", "INVALID_REQUEST"));
        assertThat(tryOnce(undo.getFirst())).isEqualTo(Undo.MANUAL);
    }

    private LegCall call(String channel, LegRow.Kind kind, PaymentSource source) {
        Bill bill = h.bill();
        PaymentRow p = h.newRow(bill, source == null ? EngineHarness.evoucher() : source);
        PaymentRow presettled = Rows.presettled(p, new InsurancePort.Person("PSN001", null, "310", "370200"), "MDTRT001",
                1_000, 200, 300, channel, PaymentStatus.PROCESSING, Stage.PRESETTLED, EngineHarness.START,
                new PaymentRow.Commercial("DEMO-HIC", PaymentRow.CommercialStatus.ELIGIBLE, 300,
                        h.seal.seal(new CommercialPort.Insured("张三", "370202199001011234"))), null);
        return new LegCall(presettled, leg(channel, kind), bill, source);
    }

    private static LegRow leg(String channel, LegRow.Kind kind) {
        String requestId = kind == LegRow.Kind.COMMERCIAL ? "M0123456789" : "P0123456789";
        return LegRow.planned(java.util.UUID.randomUUID(), kind, channel, kind == LegRow.Kind.INSURANCE ? 1_200 : 300, requestId)
                .with(LegStatus.SUCCEEDED, "REF1", null);
    }

    private static Undo tryOnce(UndoTool tool) {
        return tool.tryWith().apply(tool.requestIds().get()).block();
    }
}
