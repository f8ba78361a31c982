package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Family proxy end to end (docs/architecture.md §8): a payer verifies and binds a parent's hospital card in the
 * mini-program, signs a withholding agreement in the channel's app (the simulator, which calls the
 * gateway back), and from then on every bill the HIS posts for that card is paid from the payer's account
 * with nobody at a window; the payer is told of each deduction. Checked against the channels' ledger.
 */
class FamilyProxyIT extends FamilyIntegrationTest {

    @Test
    void aWechatPayerPaysTheSelfPartOfAnInsuredParentsBillAndIsNotified() {
        Family.Person parent = Family.insuredPatient(1_000);
        Family.Payer payer = Family.activePayer(http, parent, "WECHAT", 100_000, 20_000, 50_000, 200_000);
        Family.awaitMessage(payer.user().subject(), Family.kind("AGREEMENT_SIGNED", null), "the agreement-signed message");
        String billNo = Bills.newBillNo();

        JsonNode pay = postBill(billNo, parent.cardNo(), Bills.TOTAL);

        assertThat(pay.path("status").asString()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.path("sourceKind").asString()).isEqualTo("HOSPITAL_CARD");
        assertThat(pay.path("insurance").path("accountPayFen").asLong()).isEqualTo(1_000);
        long self = pay.path("selfPay").path("amountFen").asLong();
        assertThat(pay.path("selfPay").path("method").asString()).isEqualTo("FAMILY_PROXY");
        assertThat(pay.path("insurance").path("fundPayFen").asLong() + 1_000 + self).isEqualTo(Bills.TOTAL);
        assertThat(Sim.balance(payer.wallet().walletId())).as("the payer's WeChat balance").isEqualTo(100_000 - self);
        assertThat(Sim.ledger("WECHAT").stream().filter(e -> e.type().equals("WITHHOLD") && e.account().equals(payer.wallet().accountId())))
                .as("one WeChat papay deduction from the payer").hasSize(1);
        Books.assertAgree(db, Payments.get(window, UUID.fromString(pay.path("paymentId").asString())));

        Family.Message m = Family.awaitMessage(payer.user().subject(), Family.kind("DEDUCTED", billNo), "the deduction message");
        assertThat(((Number) m.payload().get("amountFen")).longValue()).isEqualTo(self);
        assertThat(m.payload().toString()).doesNotContain(parent.idNo()).doesNotContain(parent.name());
        assertThat(payer.user().binding(payer.bindingId()).path("usage").path("todayFen").asLong()).isEqualTo(self);

        JsonNode again = postBill(billNo, parent.cardNo(), Bills.TOTAL);
        assertThat(again.path("paymentId").asString()).as("the HIS re-posting a bill gets the same payment").isEqualTo(pay.path("paymentId").asString());
        assertThat(Sim.balance(payer.wallet().walletId())).as("and no second deduction").isEqualTo(100_000 - self);
    }

    @Test
    void anUninsuredPatientsWholeBillIsPaidByAnAlipayPayer() {
        Family.Person mother = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, mother, "ALIPAY", 50_000, 10_000, 20_000, 100_000);

        JsonNode pay = postBill(Bills.newBillNo(), mother.cardNo(), 4_200);

        assertThat(pay.path("status").asString()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.path("insurance").isNull()).as("no insurance part for an uninsured patient: %s", pay).isTrue();
        assertThat(pay.path("selfPay").path("amountFen").asLong()).isEqualTo(4_200);
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(50_000 - 4_200);
        Books.assertAgree(db, Payments.get(window, UUID.fromString(pay.path("paymentId").asString())));
    }

    @Test
    void aDeclinedPayerFallsThroughToTheNextByPriorityAndBothAreTold() {
        Family.Person father = Family.uninsuredPatient();
        Family.Payer poor = Family.activePayer(http, father, "ALIPAY", 1_000, 10_000, 20_000, 100_000);
        Family.Payer able = Family.activePayer(http, father, "ALIPAY", 50_000, 10_000, 20_000, 100_000);
        assertThat(poor.user().binding(poor.bindingId()).path("priority").asInt()).isEqualTo(1);
        assertThat(able.user().binding(able.bindingId()).path("priority").asInt()).isEqualTo(2);
        String billNo = Bills.newBillNo();

        JsonNode pay = postBill(billNo, father.cardNo(), 3_000);

        assertThat(pay.path("status").asString()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(poor.wallet().walletId())).isEqualTo(1_000);
        assertThat(Sim.balance(able.wallet().walletId())).isEqualTo(50_000 - 3_000);
        Family.Message failed = Family.awaitMessage(poor.user().subject(), Family.kind("DEDUCTION_FAILED", billNo), "the failure message");
        assertThat((String) failed.payload().get("reason")).startsWith("INSUFFICIENT_FUNDS");
        Family.awaitMessage(able.user().subject(), Family.kind("DEDUCTED", billNo), "the deduction message");
        assertThat(poor.user().binding(poor.bindingId()).path("usage").path("todayFen").asLong())
                .as("a declined deduction gives its reservation back").isZero();
        Books.assertAgree(db, Payments.get(window, UUID.fromString(pay.path("paymentId").asString())));
    }

    @Test
    void thePatientReordersTheirPayersAndTheNewFirstPays() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer first = Family.activePayer(http, parent, "ALIPAY", 50_000, 10_000, 20_000, 100_000);
        Family.Payer second = Family.activePayer(http, parent, "ALIPAY", 50_000, 10_000, 20_000, 100_000);
        Family.User patient = Family.patient(http, parent);
        JsonNode mine = patient.ok(HttpMethod.GET, "/api/v1/mini/bindings?as=patient", null);
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0).path("role").asString()).isEqualTo("PATIENT");

        patient.ok(HttpMethod.PATCH, "/api/v1/mini/bindings/" + second.bindingId(), "{\"priority\":1}");
        patient.ok(HttpMethod.PATCH, "/api/v1/mini/bindings/" + first.bindingId(), "{\"priority\":2}");
        assertThat(patient.refused(HttpMethod.PATCH, "/api/v1/mini/bindings/" + first.bindingId(),
                "{\"limits\":{\"perPaymentFen\":1,\"perDayFen\":1,\"perMonthFen\":1}}", 403)).isEqualTo("PAYER_ONLY");

        JsonNode pay = postBill(Bills.newBillNo(), parent.cardNo(), 2_500);

        assertThat(pay.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(second.wallet().walletId())).isEqualTo(50_000 - 2_500);
        assertThat(Sim.balance(first.wallet().walletId())).isEqualTo(50_000);
    }

    @Test
    void whenNoPayerCanPayTheBillWaitsAtTheWindowAndAPaymentCodeCompletesIt() {
        Family.Person parent = Family.insuredPatient(500);
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 100, 10_000, 20_000, 100_000);
        String billNo = Bills.newBillNo();

        JsonNode waiting = postBill(billNo, parent.cardNo(), Bills.TOTAL);

        assertThat(waiting.path("status").asString()).as("%s", waiting).isEqualTo("AWAITING_PAYMENT");
        assertThat(waiting.path("awaitingPaymentCode").asBoolean()).isTrue();
        UUID paymentId = UUID.fromString(waiting.path("paymentId").asString());
        assertThat(Books.legs(db, paymentId)).filteredOn(l -> l.kind().equals("INSURANCE"))
                .allSatisfy(l -> assertThat(l.status()).as("nothing settled while the bill waits").isEqualTo("PLANNED"));
        Family.awaitMessage(payer.user().subject(), Family.kind("DEDUCTION_FAILED", billNo), "the failure message");

        Sim.Wallet code = Sim.wallet("WECHAT", 100_000);
        Payments.View done = Payments.presentCode(window, paymentId, code.authCode());

        assertThat(done.status()).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(done.selfPay().method()).isEqualTo("WECHAT");
        assertThat(done.insurance().accountPayFen()).isEqualTo(500);
        assertThat(Sim.balance(code.walletId())).isEqualTo(100_000 - done.selfPay().amountFen());
        Books.assertAgree(db, done);
    }

    @Test
    void aCardWithoutBindingsIsAwaitingPaymentWithoutAPayment() {
        Family.Person stranger = Family.uninsuredPatient();
        String billNo = Bills.newBillNo();

        JsonNode answer = postBill(billNo, stranger.cardNo(), 1_000);

        assertThat(answer.path("status").asString()).isEqualTo("AWAITING_PAYMENT");
        assertThat(answer.path("reason").asString()).isEqualTo("CARD_NOT_BOUND");
        assertThat(Payments.byBill(window, billNo)).isEmpty();
    }

    @Test
    void aRefundOfAProxyPaidBillGoesBackToThePayersAccountAndFreesTheLimit() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "WECHAT", 30_000, 10_000, 20_000, 100_000);
        String billNo = Bills.newBillNo();
        JsonNode pay = postBill(billNo, parent.cardNo(), 6_000);
        assertThat(pay.path("status").asString()).isEqualTo("SUCCEEDED");
        Books.assertAgree(db, Payments.get(window, UUID.fromString(pay.path("paymentId").asString())));

        var refund = window.postWithKey("/api/v1/payments/" + pay.path("paymentId").asString() + "/refunds",
                "{\"amountFen\":2000,\"reason\":\"退药\"}", UUID.randomUUID().toString()).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(Family.JSON.readTree(refund).path("status").asString()).as(refund).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(payer.wallet().walletId())).as("the refund is back in the payer's account").isEqualTo(30_000 - 6_000 + 2_000);
        Family.awaitMessage(payer.user().subject(), Family.kind("REFUNDED", billNo), "the refund message");
        assertThat(payer.user().binding(payer.bindingId()).path("usage").path("todayFen").asLong()).isEqualTo(4_000);
        assertThat(Books.proxyNet(db, Books.legs(db, UUID.fromString(pay.path("paymentId").asString())).getFirst().requestId()))
                .as("what the payer's channel kept: the deduction less the refund").isEqualTo(4_000);
    }

    @Test
    void aPausedBindingIsSkippedUntilResumed() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 30_000, 10_000, 20_000, 100_000);
        payer.user().ok(HttpMethod.POST, "/api/v1/mini/bindings/" + payer.bindingId() + "/pause", null);

        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(30_000);

        payer.user().ok(HttpMethod.POST, "/api/v1/mini/bindings/" + payer.bindingId() + "/resume", null);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(29_000);
    }

    @Test
    void aBindingRevokedByThePayerNeverPaysAgainAndItsAgreementIsEnded() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "WECHAT", 30_000, 10_000, 20_000, 100_000);

        JsonNode revoked = payer.user().ok(HttpMethod.POST, "/api/v1/mini/bindings/" + payer.bindingId() + "/revoke", null);

        assertThat(revoked.path("status").asString()).isEqualTo("REVOKED");
        assertThat(revoked.path("revokedBy").asString()).isEqualTo("PAYER");
        assertThat(Family.contractState(payer.agreement().path("contractId").asString())).isEqualTo("TERMINATED");
        JsonNode answer = postBill(Bills.newBillNo(), parent.cardNo(), 1_000);
        assertThat(answer.path("status").asString()).isEqualTo("AWAITING_PAYMENT");
        assertThat(answer.path("reason").asString()).as("a revoked binding does not even name the card").isEqualTo("CARD_NOT_BOUND");
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(30_000);
        assertThat(payer.user().refused(HttpMethod.POST, "/api/v1/mini/bindings/" + payer.bindingId() + "/resume", null, 409))
                .isEqualTo("BINDING_STATE_CONFLICT");
        Family.awaitMessage(payer.user().subject(), Family.kind("BINDING_REVOKED", null), "the revocation message");
    }

    @Test
    void thePatientMayRevokeAPayersBinding() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 30_000, 10_000, 20_000, 100_000);
        Family.Payer other = Family.activePayer(http, parent, "ALIPAY", 30_000, 10_000, 20_000, 100_000);
        Family.User patient = Family.patient(http, parent);
        Family.User stranger = Family.registered(http, Family.subject("stranger"));
        assertThat(stranger.refused(HttpMethod.POST, "/api/v1/mini/bindings/" + payer.bindingId() + "/revoke", null, 404))
                .isEqualTo("BINDING_NOT_FOUND");

        JsonNode revoked = patient.ok(HttpMethod.POST, "/api/v1/mini/bindings/" + payer.bindingId() + "/revoke", null);

        assertThat(revoked.path("revokedBy").asString()).isEqualTo("PATIENT");
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(payer.wallet().walletId())).as("the revoked payer").isEqualTo(30_000);
        assertThat(Sim.balance(other.wallet().walletId())).as("the remaining payer").isEqualTo(29_000);
    }

    @Test
    void thePayerEndingTheAgreementInTheAppStopsDeductionsUntilSignedAgain() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "WECHAT", 30_000, 10_000, 20_000, 100_000);
        String contractId = payer.agreement().path("contractId").asString();
        org.springframework.web.reactive.function.client.WebClient.create(TestSimulator.URL).post()
                .uri("/sim/wechat/papay/contracts/{id}/terminate", contractId).retrieve().toBodilessEntity().block();

        JsonNode b = payer.user().binding(payer.bindingId());
        assertThat(b.path("status").asString()).isEqualTo("AWAITING_AGREEMENT");
        assertThat(b.path("agreementStatus").asString()).isEqualTo("TERMINATED");
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
        Family.awaitMessage(payer.user().subject(), Family.kind("AGREEMENT_ENDED", null), "the agreement-ended message");
    }

    @Test
    void aMessageTheNotifierRefusesIsDeliveredLaterExactlyOnce() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 30_000, 10_000, 20_000, 100_000);
        Family.awaitMessage(payer.user().subject(), Family.kind("AGREEMENT_SIGNED", null), "the agreement-signed message");
        String billNo = Bills.newBillNo();
        awaitOutboxEmpty();
        Family.outage(2);
        try {
            assertThat(postBill(billNo, parent.cardNo(), 1_000).path("status").asString()).isEqualTo("SUCCEEDED");
            Family.Message m = Family.awaitMessage(payer.user().subject(), Family.kind("DEDUCTED", billNo), "the deduction message");
            assertThat(m.deliveries()).isEqualTo(1);
            List<Family.Message> deducted = Family.messages(payer.user().subject()).stream().filter(x -> x.kind().equals("DEDUCTED")).toList();
            assertThat(deducted).hasSize(1);
            Integer attempts = db.sql("SELECT attempts FROM family_notification WHERE payer_id = :p AND kind = 'DEDUCTED'")
                    .bind("p", payer.user().subject()).map(r -> r.get("attempts", Integer.class)).one().block();
            assertThat(attempts).as("delivered after the refused attempts").isGreaterThan(1);
        } finally {
            Family.outage(0);
        }
    }

    /**
     * So the outage set next is met by this test's message, not by one left from an earlier test: every message due
     * within the next minute of the family clock is delivered first. One an earlier test wrote under a clock set days
     * ahead is not due within this test and cannot meet the outage.
     */
    private void awaitOutboxEmpty() {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (db.sql("SELECT count(*) AS n FROM family_notification WHERE status = 'PENDING' AND next_attempt_at <= :horizon")
                .bind("horizon", CLOCK.instant().plusSeconds(60)).map(r -> r.get("n", Long.class)).one().block() > 0) {
            assertThat(System.nanoTime()).as("the outbox drains").isLessThan(deadline);
            Payments.pause(100);
        }
    }
}
