package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * docs/api.md §13.6: an insured stay is admitted at the insurance platform (2401), its fee batches uploaded (2301,
 * cancelled by 2302 for a correction), and its discharge settled there (2402, 2304) by the inpatient pooling rules — a
 * deductible per admission by hospital level, the insurance type's ratio, the annual cap — fund + account + cash = the
 * fees, the cash part settled against the deposits; an unanswered 2304 is looked up, never made twice; a settlement
 * cancel undoes the settlement (2305), then the discharge (2405), and the stay holds its deposits again.
 */
class InsuredStayIT extends GatewayIntegrationTest {

    private SignedClient bedside;

    @BeforeEach
    void bedsideTerminal() {
        terminals.upsert(new Terminal("it-bedside-01", Terminal.Kind.BEDSIDE, "it-hospital", "5A"), "it-bedside-01-secret").block();
        bedside = new SignedClient(http, "it-bedside-01", "it-bedside-01-secret");
    }

    @AfterEach
    void clearFaults() {
        Sim.clearFault("INSURANCE");
    }

    private static Map<?, ?> person(Sim.Person p) {
        return WebClient.create(TestSimulator.URL).get().uri("/sim/insurance/persons/{p}", p.psnNo()).retrieve().bodyToMono(Map.class)
                .block(Duration.ofSeconds(20));
    }

    private static List<Sim.Entry> settlements(Sim.Person p, String type) {
        return Sim.ledger("INSURANCE").stream().filter(e -> type.equals(e.type()) && p.psnNo().equals(e.account())).toList();
    }

    private Inpatients.Stay admitted(Sim.Person p) {
        Inpatients.Reply r = Inpatients.admitInsured(bedside, p.idNo());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Inpatients.Stay stay = r.as(Inpatients.Stay.class);
        assertThat(stay.insurance().stage()).as(r.body()).isEqualTo("ADMITTED");
        return stay;
    }

    /** Two batches of 3,000 CNY in scope: at a tertiary hospital an employee gets 90 % above the 1,000 CNY deductible. */
    private void fees(UUID stayId) {
        Inpatients.Reply f1 = Inpatients.fees(bedside, stayId, "F1", 200_000);
        assertThat(f1.status()).as(f1.body()).isEqualTo(200);
        assertThat(f1.as(Inpatients.FeeAnswer.class).insurance()).isEqualTo("UPLOADED");
        assertThat(Inpatients.fees(bedside, stayId, "F2", 100_000).status()).isEqualTo(200);
    }

    @Test
    void anInsuredDischargeSettlesByTheInpatientPoolingRulesAndTheCashPartAgainstTheDeposits() {
        Sim.Person p = Sim.employee(20_000);
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Sim.Wallet alipay = Sim.wallet("ALIPAY", 1_000_000);
        Inpatients.Stay stay = admitted(p);
        assertThat(stay.insurance().mdtrtId()).isNotBlank();
        assertThat(person(p).get("inpatient")).isEqualTo(true);
        Inpatients.deposit(bedside, stay.stayId(), 80_000, wechat.authCode());
        Inpatients.DepositAnswer newer = Inpatients.deposit(window, stay.stayId(), 50_000, alipay.authCode());
        fees(stay.stayId());
        // the same batch again changes nothing, here or at the platform
        assertThat(Inpatients.fees(bedside, stay.stayId(), "F2", 100_000).body()).contains("\"replayed\":true");

        Inpatients.Reply r = Inpatients.discharge(bedside, stay.stayId());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Inpatients.Stay done = r.as(Inpatients.Stay.class);
        assertThat(done.status()).isEqualTo("DISCHARGED");
        // 3,000 CNY: 1,000 deductible, 90 % of 2,000 = 1,800 fund; the patient's 1,200: 200 account, 1,000 cash
        assertThat(done.settlement()).isEqualTo(new Inpatients.Settlement(300_000, 180_000, 20_000, 100_000, 130_000, 30_000, 0));
        assertThat(done.insurance().stage()).isEqualTo("SETTLED");
        assertThat(done.insurance().setlId()).isNotBlank();
        assertThat(done.insurance().pooling().deductibleAppliedFen()).isEqualTo(100_000);
        assertThat(done.insurance().pooling().ratioPercent()).isEqualTo(90);
        assertThat(done.insurance().pooling().hospitalLevel()).isEqualTo("TERTIARY");
        assertThat(done.insurance().pooling().platformNote()).contains("住院统筹");
        // the difference back to the newest deposit
        assertThat(done.refunds()).extracting(Inpatients.Refund::paymentId, Inpatients.Refund::amountFen, Inpatients.Refund::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(newer.payment().paymentId(), 30_000L, "SUCCEEDED"));
        assertThat(done.balanceFen()).isZero();
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000 - 20_000);
        assertThat(settlements(p, "INPATIENT_SETTLEMENT")).extracting(Sim.Entry::amountFen).containsExactly(200_000L);
        assertThat(person(p).get("accountBalanceFen")).isEqualTo(0);
        assertThat(person(p).get("inpatient")).isEqualTo(false);
    }

    @Test
    void aSettlementWhoseAnswerIsLostIsLookedUpAndMadeOnce() {
        Sim.Person p = Sim.employee(0);
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Inpatients.Stay stay = admitted(p);
        Inpatients.deposit(bedside, stay.stayId(), 150_000, wechat.authCode());
        fees(stay.stayId());
        // The platform settles and never answers: the gateway asks 5203 what its msgid did.
        Sim.fault("INSURANCE", Map.of("timeoutRate", 1.0, "operations", Set.of("2304")));

        Inpatients.Reply r = Inpatients.discharge(bedside, stay.stayId());
        Sim.clearFault("INSURANCE");
        Inpatients.Stay done = Inpatients.await(bedside, stay.stayId(), s -> s.status().equals("DISCHARGED"), Duration.ofSeconds(30));

        assertThat(r.status()).as(r.body()).isIn(200, 202);
        assertThat(done.status()).as("%s", done).isEqualTo("DISCHARGED");
        assertThat(done.settlement()).isEqualTo(new Inpatients.Settlement(300_000, 180_000, 0, 120_000, 150_000, 30_000, 0));
        assertThat(settlements(p, "INPATIENT_SETTLEMENT")).hasSize(1);
    }

    @Test
    void aSettlementCancelUndoesTheSettlementThenTheDischargeAndTheStayHoldsItsDepositsAgain() {
        Sim.Person p = Sim.employee(20_000);
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Inpatients.Stay stay = admitted(p);
        Inpatients.deposit(bedside, stay.stayId(), 130_000, wechat.authCode());
        fees(stay.stayId());
        assertThat(Inpatients.discharge(bedside, stay.stayId()).status()).isEqualTo(200);

        Inpatients.Reply cancel = Inpatients.call(window, "/api/v1/inpatient/stays/" + stay.stayId() + "/discharge/cancel", "", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        Inpatients.Stay reopened = cancel.as(Inpatients.Stay.class);
        assertThat(reopened.status()).isEqualTo("ADMITTED");
        assertThat(reopened.settlement()).isNull();
        assertThat(reopened.insurance().stage()).isEqualTo("ADMITTED");
        assertThat(reopened.insurance().setlId()).isNull();
        // 1,300 paid, 300 refunded at the discharge: 1,000 held again; the fund and account parts back at the platform
        assertThat(reopened.balanceFen()).isEqualTo(100_000);
        assertThat(settlements(p, "INPATIENT_SETTLEMENT")).extracting(Sim.Entry::state).containsExactly("CANCELLED");
        assertThat(settlements(p, "INPATIENT_SETTLEMENT_CANCEL")).extracting(Sim.Entry::amountFen).containsExactly(200_000L);
        assertThat(person(p).get("accountBalanceFen")).isEqualTo(20_000);
        assertThat(person(p).get("inpatient")).isEqualTo(true);
        // a second cancel finds nothing to cancel
        Inpatients.Reply again = Inpatients.call(window, "/api/v1/inpatient/stays/" + stay.stayId() + "/discharge/cancel", "", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("STAY_NOT_DISCHARGED");

        // the corrected discharge settles again from what the deposits hold: nothing more to refund or collect
        Inpatients.Reply second = Inpatients.discharge(bedside, stay.stayId());
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.as(Inpatients.Stay.class).settlement())
                .isEqualTo(new Inpatients.Settlement(300_000, 180_000, 20_000, 100_000, 100_000, 0, 0));
        assertThat(settlements(p, "INPATIENT_SETTLEMENT")).extracting(Sim.Entry::state).containsExactlyInAnyOrder("CANCELLED", "SUCCESS");
    }

    @Test
    void aFeeBatchIsCancelledAtThePlatformForACorrectionAndUploadedAgainUnderItsNumber() {
        Sim.Person p = Sim.employee(0);
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Inpatients.Stay stay = admitted(p);
        Inpatients.deposit(bedside, stay.stayId(), 20_000, wechat.authCode());
        assertThat(Inpatients.fees(bedside, stay.stayId(), "F1", 10_000).status()).isEqualTo(200);

        Inpatients.Reply cancelled = Inpatients.cancelFees(bedside, stay.stayId(), "F1");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.as(Inpatients.FeeAnswer.class).insurance()).isEqualTo("CANCELLED");
        assertThat(cancelled.as(Inpatients.FeeAnswer.class).feesFen()).isZero();
        Inpatients.Reply corrected = Inpatients.fees(bedside, stay.stayId(), "F1", 12_000);
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(corrected.as(Inpatients.FeeAnswer.class).replayed()).isFalse();
        assertThat(Inpatients.cancelFees(bedside, stay.stayId(), "F9").body()).contains("FEE_BATCH_NOT_FOUND");

        Inpatients.Reply r = Inpatients.discharge(bedside, stay.stayId());

        // the platform settles the corrected 120 CNY only (had the first batch stayed there, 2304 would not add up)
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.as(Inpatients.Stay.class).settlement()).isEqualTo(new Inpatients.Settlement(12_000, 0, 0, 12_000, 20_000, 8_000, 0));
        Inpatients.Reply late = Inpatients.cancelFees(bedside, stay.stayId(), "F1");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("STAY_NOT_ADMITTED");
    }

    @Test
    void anInsuredDischargeWithoutFeesOrASecondOneIsRefusedAndSettlesNothing() {
        Sim.Person p = Sim.employee(0);
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Inpatients.Stay stay = admitted(p);

        Inpatients.Reply none = Inpatients.discharge(bedside, stay.stayId());
        assertThat(none.status()).as(none.body()).isEqualTo(409);
        assertThat(none.body()).contains("NO_FEES");
        Inpatients.Stay still = Inpatients.get(bedside, stay.stayId());
        assertThat(still.status()).isEqualTo("ADMITTED");
        assertThat(still.insurance().stage()).isEqualTo("ADMITTED");

        Inpatients.deposit(bedside, stay.stayId(), 20_000, wechat.authCode());
        assertThat(Inpatients.fees(bedside, stay.stayId(), "F1", 10_000).status()).isEqualTo(200);
        assertThat(Inpatients.discharge(bedside, stay.stayId()).status()).isEqualTo(200);
        Inpatients.Reply twice = Inpatients.discharge(bedside, stay.stayId());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("STAY_ALREADY_DISCHARGED");
        assertThat(settlements(p, "INPATIENT_SETTLEMENT")).hasSize(1);
        long before = Sim.balance(wechat.walletId());
        Inpatients.Reply late = Inpatients.call(bedside, "/api/v1/inpatient/stays/" + stay.stayId() + "/deposits",
                "{\"amountFen\":100,\"scannedCode\":\"" + wechat.authCode() + "\"}", UUID.randomUUID().toString());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("STAY_NOT_ADMITTED");
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(before);
        assertThat(Inpatients.fees(bedside, stay.stayId(), "F2", 1_000).body()).contains("STAY_NOT_ADMITTED");
    }

    @Test
    void anAdmissionThePlatformRefusesWritesNothing() {
        Sim.Person p = Sim.employee(0);
        admitted(p);
        // the same person is still in hospital: the platform refuses a second admission, and no stay is left behind
        String admissionNo = Inpatients.newAdmissionNo();
        Inpatients.Reply refused = Inpatients.call(bedside, "/api/v1/inpatient/stays", "{\"admissionNo\":\"" + admissionNo
                + "\",\"patientName\":\"王秀英\",\"insurance\":{\"certType\":\"ID_NUMBER\",\"certNo\":\"" + p.idNo() + "\"}}", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("INSURANCE_ADMISSION_REFUSED").contains("IN_HOSPITAL").doesNotContain(p.idNo());
        assertThat(db.sql("SELECT count(*) AS n FROM inpatient_stay WHERE admission_no = :a").bind("a", admissionNo)
                .map(row -> row.get("n", Long.class)).one().block()).isZero();

        Inpatients.Reply unknown = Inpatients.admitInsured(bedside, Sim.idNumber());
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.body()).contains("INSURANCE_IDENTITY_REJECTED");
        Inpatients.Reply badType = Inpatients.call(bedside, "/api/v1/inpatient/stays", "{\"admissionNo\":\"" + Inpatients.newAdmissionNo()
                + "\",\"patientName\":\"王秀英\",\"insurance\":{\"certType\":\"PASSPORT\",\"certNo\":\"X\"}}", null);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).contains("INVALID_CERT_TYPE");
    }
}
