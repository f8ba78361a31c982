package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Paying an outpatient bill from the phone (docs/api.md §10.1): the HIS's bill listed for the verified patient, mobile
 * insurance 6201/6202 for the insured part and an in-app WeChat order the patient confirms for the rest, through the
 * same engine as the window: the parts add up, a failed in-app payment gives the insurance part back (6203), a lost
 * 6202 answer is found by 6301.
 */
class PhonePaymentIT extends GatewayIntegrationTest {

    @Test
    void anInsuredPatientListsTheirBillAndPaysItWithInsuranceAndWechatInTheApp() {
        Phones.Patient patient = Phones.insured(500);
        String billNo = Phones.issueBill(patient, Phones.billNo(), 2350);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet wallet = Sim.wallet("WECHAT", 100_000);

        JsonNode listed = phone.ok(HttpMethod.GET, "/api/v1/mini/bills", null);
        JsonNode bill = bill(listed, billNo);
        assertThat(bill.path("status").asString()).isEqualTo("UNPAID");
        assertThat(bill.path("totalFen").asLong()).isEqualTo(2350);
        assertThat(bill.path("items")).hasSize(2);
        assertThat(bill.path("cardNo").asString()).as("the card number is masked").contains("*").isNotEqualTo(patient.person().cardNo());
        assertThat(listed.path("patientIdNo").asString()).contains("*").doesNotContain(patient.person().idNo());

        JsonNode waiting = Phones.payAwaitingApp(phone, billNo, wallet);
        String paymentId = waiting.path("paymentId").asString();
        assertThat(waiting.path("status").asString()).isEqualTo("PENDING");
        assertThat(bill(phone.ok(HttpMethod.GET, "/api/v1/mini/bills", null), billNo).path("status").asString()).isEqualTo("PAYING");

        assertThat(Phones.confirmInApp(waiting.path("appPay").path("prepayId").asString())).isEqualTo("SUCCESS");
        JsonNode paid = Phones.awaitFinal(phone, paymentId);

        assertThat(paid.path("status").asString()).as("payment %s", paid).isEqualTo("SUCCEEDED");
        long fund = paid.path("insurance").path("fundPayFen").asLong();
        long account = paid.path("insurance").path("accountPayFen").asLong();
        long self = paid.path("selfPay").path("amountFen").asLong();
        assertThat(account).as("the personal account paid its balance").isEqualTo(500);
        assertThat(self).isPositive();
        assertThat(fund + account + self).as("the parts add up to the bill").isEqualTo(2350);
        assertThat(paid.path("sourceKind").asString()).isEqualTo("MINI_PROGRAM");
        assertThat(paid.path("appPay").isNull()).as("nothing left to pay in the app").isTrue();

        String order = Payments.outTradeNo(UUID.fromString(paymentId));
        List<Sim.Entry> charges = Sim.ledger("WECHAT", order);
        assertThat(charges).as("one in-app charge of the self-pay part").singleElement()
                .satisfies(e -> assertThat(e.amountFen()).isEqualTo(self))
                .satisfies(e -> assertThat(e.state()).isEqualTo("SUCCESS"));
        assertThat(Sim.balance(wallet.walletId())).isEqualTo(100_000 - self);
        assertThat(Phones.insuranceLedger(patient.psnNo())).filteredOn(e -> e.type().equals("SETTLEMENT")).singleElement()
                .satisfies(e -> assertThat(e.amountFen()).isEqualTo(fund + account));
        assertThat(Phones.accountBalance(patient.psnNo())).isZero();
        assertThat(phone.ok(HttpMethod.GET, "/api/v1/mini/bills", null).path("bills").findValuesAsString("billNo"))
                .as("a paid bill is no longer listed").doesNotContain(billNo);
        assertThat(db.sql("SELECT user_id, outcome FROM audit_event WHERE action = 'PHONE_PAYMENT' AND resource_id = :p")
                .bind("p", paymentId).map(r -> r.get("user_id", String.class) + ":" + r.get("outcome", String.class)).all().collectList().block())
                .as("the phone payment is audited with its user").containsExactly(phone.subject() + ":PENDING");
    }

    @Test
    void aPatientTheInsurancePlatformDoesNotKnowPaysTheWholeBillInTheApp() {
        Phones.Patient patient = Phones.uninsured();
        String billNo = Phones.issueBill(patient, Phones.billNo(), 1800);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet wallet = Sim.wallet("WECHAT", 10_000);

        JsonNode waiting = Phones.payAwaitingApp(phone, billNo, wallet);
        Phones.confirmInApp(waiting.path("appPay").path("prepayId").asString());
        JsonNode paid = Phones.awaitFinal(phone, waiting.path("paymentId").asString());

        assertThat(paid.path("status").asString()).as("payment %s", paid).isEqualTo("SUCCEEDED");
        assertThat(paid.path("selfPay").path("amountFen").asLong()).isEqualTo(1800);
        assertThat(paid.path("insurance").path("fundPayFen").asLong() + paid.path("insurance").path("accountPayFen").asLong()).isZero();
        assertThat(Sim.balance(wallet.walletId())).isEqualTo(10_000 - 1800);
    }

    @Test
    void anInAppPaymentThatFailsGivesTheInsurancePartBack() {
        Phones.Patient patient = Phones.insured(700);
        String billNo = Phones.issueBill(patient, Phones.billNo(), 3000);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet empty = Sim.wallet("WECHAT", 0);

        JsonNode waiting = Phones.payAwaitingApp(phone, billNo, empty);
        assertThat(Phones.accountBalance(patient.psnNo())).as("the account paid its part at 6202").isZero();
        assertThat(Phones.confirmInApp(waiting.path("appPay").path("prepayId").asString())).isEqualTo("PAYERROR");
        JsonNode failed = Phones.awaitFinal(phone, waiting.path("paymentId").asString());

        assertThat(failed.path("status").asString()).as("payment %s", failed).isEqualTo("FAILED");
        assertThat(failed.path("failure").path("code").asString()).isEqualTo("PAYMENT_FAILED");
        List<Sim.Entry> insurance = Phones.insuranceLedger(patient.psnNo());
        assertThat(insurance).filteredOn(e -> e.type().equals("SETTLEMENT")).singleElement()
                .satisfies(e -> assertThat(e.amountFen()).isEqualTo(700));
        assertThat(insurance).as("6203 refunded the insurance part").filteredOn(e -> e.type().equals("REFUND")).singleElement()
                .satisfies(e -> assertThat(e.amountFen()).isEqualTo(700));
        assertThat(Phones.accountBalance(patient.psnNo())).as("the personal account has its money back").isEqualTo(700);
        assertThat(compensations(failed.path("paymentId").asString())).as("the unpaid order closed, the insurance part refunded")
                .containsExactlyInAnyOrder("CLOSE:DONE", "REFUND_6203:DONE");
        assertThat(bill(phone.ok(HttpMethod.GET, "/api/v1/mini/bills", null), billNo).path("status").asString())
                .as("the bill can be paid again").isEqualTo("UNPAID");
    }

    @Test
    void aMobileSettlementWhoseAnswerIsLostIsFoundByTheOrderQuery() {
        Phones.Patient patient = Phones.insured(400);
        String billNo = Phones.issueBill(patient, Phones.billNo(), 2000);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet wallet = Sim.wallet("WECHAT", 10_000);
        Sim.fault("INSURANCE", Map.of("timeoutRate", 1.0, "operations", List.of("6202")));
        try {
            JsonNode waiting = Phones.payAwaitingApp(phone, billNo, wallet);
            Phones.confirmInApp(waiting.path("appPay").path("prepayId").asString());
            JsonNode paid = Phones.awaitFinal(phone, waiting.path("paymentId").asString());

            assertThat(paid.path("status").asString()).as("payment %s", paid).isEqualTo("SUCCEEDED");
            assertThat(attempts(paid.path("paymentId").asString())).contains("PAY_6202:UNKNOWN", "QUERY_6301:SUCCEEDED");
            assertThat(Phones.insuranceLedger(patient.psnNo())).as("settled once").filteredOn(e -> e.type().equals("SETTLEMENT")).hasSize(1);
        } finally {
            Sim.clearFault("INSURANCE");
        }
    }

    @Test
    void aPhonePaymentIsRefundedAtTheWindowThroughTheMobileRefundAndTheChannel() {
        Phones.Patient patient = Phones.insured(600);
        String billNo = Phones.issueBill(patient, Phones.billNo(), 2400);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet wallet = Sim.wallet("WECHAT", 10_000);
        JsonNode waiting = Phones.payAwaitingApp(phone, billNo, wallet);
        Phones.confirmInApp(waiting.path("appPay").path("prepayId").asString());
        JsonNode paid = Phones.awaitFinal(phone, waiting.path("paymentId").asString());
        assertThat(paid.path("status").asString()).isEqualTo("SUCCEEDED");
        long self = paid.path("selfPay").path("amountFen").asLong();
        String refunds = "/api/v1/payments/" + paid.path("paymentId").asString() + "/refunds";

        var items = window.postWithKey(refunds, "{\"items\":[{\"code\":\"X001\",\"quantity\":1}],\"reason\":\"退一盒药\"}",
                UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(items.getStatus().value()).as("item refund %s", items.getResponseBody()).isEqualTo(422);
        assertThat(items.getResponseBody()).contains("PARTIAL_INSURANCE_REFUND_UNSUPPORTED");

        var r = window.postWithKey(refunds, "{\"reason\":\"患者退费\"}", UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as("refund %s", r.getResponseBody()).isEqualTo(200);
        JsonNode refund = Family.JSON.readTree(r.getResponseBody());
        assertThat(refund.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.path("insuranceRefundFen").asLong()).isEqualTo(600);
        assertThat(refund.path("selfPayRefundFen").asLong()).isEqualTo(self);
        assertThat(Phones.insuranceLedger(patient.psnNo())).as("6203 gave the insurance part back")
                .filteredOn(e -> e.type().equals("REFUND")).singleElement().satisfies(e -> assertThat(e.amountFen()).isEqualTo(600));
        assertThat(Phones.accountBalance(patient.psnNo())).isEqualTo(600);
        assertThat(Sim.balance(wallet.walletId())).as("the in-app charge refunded").isEqualTo(10_000);
    }

    // ---------------------------------------------------------------- bad input: a specific 4xx, nothing written

    @Test
    void anUnknownBillIsNotFoundAndWritesNothing() {
        Phones.Patient patient = Phones.uninsured();
        Family.User phone = Family.patient(http, patient.person());
        String billNo = Phones.billNo();
        Phones.Answer a = Phones.pay(phone, billNo, Phones.payBody(Sim.wallet("WECHAT", 100)), UUID.randomUUID().toString());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body().path("error").path("code").asString()).isEqualTo("BILL_NOT_FOUND");
        assertThat(paymentsOf(billNo)).isZero();
    }

    @Test
    void someoneElsesBillIsAnsweredLikeABillThatDoesNotExist() {
        Phones.Patient owner = Phones.uninsured();
        String billNo = Phones.issueBill(owner, Phones.billNo(), 1200);
        Family.User stranger = Family.patient(http, Phones.uninsured().person());

        Phones.Answer a = Phones.pay(stranger, billNo, Phones.payBody(Sim.wallet("WECHAT", 10_000)), UUID.randomUUID().toString());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body().path("error").path("code").asString()).isEqualTo("BILL_NOT_FOUND");
        assertThat(stranger.ok(HttpMethod.GET, "/api/v1/mini/bills", null).path("bills").findValuesAsString("billNo")).doesNotContain(billNo);
        assertThat(paymentsOf(billNo)).isZero();
    }

    @Test
    void aBillAlreadyPaidIsRefusedAndChargesNothing() {
        Phones.Patient patient = Phones.uninsured();
        String billNo = Phones.issueBill(patient, Phones.billNo(), 900);
        Family.User phone = Family.patient(http, patient.person());
        Sim.Wallet wallet = Sim.wallet("WECHAT", 10_000);
        JsonNode first = Phones.payAwaitingApp(phone, billNo, wallet);
        Phones.confirmInApp(first.path("appPay").path("prepayId").asString());
        assertThat(Phones.awaitFinal(phone, first.path("paymentId").asString()).path("status").asString()).isEqualTo("SUCCEEDED");

        Phones.Answer again = Phones.pay(phone, billNo, Phones.payBody(wallet), UUID.randomUUID().toString());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error").path("code").asString()).isEqualTo("BILL_ALREADY_PAID");
        assertThat(paymentsOf(billNo)).isEqualTo(1);
        assertThat(Sim.balance(wallet.walletId())).isEqualTo(10_000 - 900);
    }

    @Test
    void aRequestWithoutKeyChannelOrVerifiedIdentityIsRefusedBeforeAnythingIsWritten() {
        Phones.Patient patient = Phones.uninsured();
        String billNo = Phones.issueBill(patient, Phones.billNo(), 500);
        Family.User phone = Family.patient(http, patient.person());
        String body = Phones.payBody(Sim.wallet("WECHAT", 10_000));

        assertRefused(Phones.pay(phone, billNo, body, null), 400, "IDEMPOTENCY_KEY_REQUIRED");
        assertRefused(Phones.pay(phone, billNo, "{\"channel\":\"UNIONPAY\",\"payerId\":\"x\"}", "k1"), 400, "INVALID_CHANNEL");
        assertRefused(Phones.pay(phone, billNo, "{\"channel\":\"WECHAT\"}", "k2"), 400, "INVALID_PAYER_ID");
        Family.User anonymous = Family.user(http, Family.subject("anon"));
        assertRefused(Phones.pay(anonymous, billNo, body, "k3"), 403, "IDENTITY_NOT_VERIFIED");
        assertThat(anonymous.refused(HttpMethod.GET, "/api/v1/mini/bills", null, 403)).isEqualTo("IDENTITY_NOT_VERIFIED");
        assertThat(paymentsOf(billNo)).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRefused(Phones.Answer a, int status, String code) {
        assertThat(a.status()).as("answer %s", a.body()).isEqualTo(status);
        assertThat(a.body().path("error").path("code").asString()).isEqualTo(code);
    }

    static JsonNode bill(JsonNode listed, String billNo) {
        for (JsonNode b : listed.path("bills")) if (billNo.equals(b.path("billNo").asString())) return b;
        throw new AssertionError("bill " + billNo + " not listed in " + listed);
    }

    long paymentsOf(String billNo) {
        return db.sql("SELECT count(*) AS n FROM payment WHERE bill_no = :b").bind("b", billNo)
                .map(r -> r.get("n", Long.class)).one().block();
    }

    List<String> compensations(String paymentId) {
        return db.sql("SELECT action, status FROM compensation WHERE payment_id = :p ORDER BY created_at").bind("p", UUID.fromString(paymentId))
                .map(r -> r.get("action", String.class) + ":" + r.get("status", String.class)).all().collectList().block();
    }

    List<String> attempts(String paymentId) {
        return db.sql("SELECT operation, outcome FROM channel_attempt WHERE payment_id = :p ORDER BY attempt_id").bind("p", UUID.fromString(paymentId))
                .map(r -> r.get("operation", String.class) + ":" + r.get("outcome", String.class)).all().collectList().block();
    }
}
