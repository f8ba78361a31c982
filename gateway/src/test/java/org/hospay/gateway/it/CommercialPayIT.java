package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commercial insurance direct pay (商保直付, docs/architecture.md §4, issue 13) end to end: the settlement, the
 * commercial claim and the self-pay charge of a patient with a policy, at the simulator over HTTP, checked against
 * its ledgers.
 */
class CommercialPayIT extends GatewayIntegrationTest {

    @AfterEach
    void clearFaults() {
        for (String c : List.of("INSURANCE", "COMMERCIAL", "WECHAT")) Sim.clearFault(c);
    }

    @Test
    void aPatientWithAPolicyPaysWithThreeLegsSentAtOnceAndTheBooksAgree() {
        Sim.Person p = Sim.employee(1_000);
        Sim.commercialPolicy(p, 80);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");
        long before = Sim.balance(v.walletId());
        Sim.fault("INSURANCE", Map.of("latencyMs", 300));
        Sim.fault("COMMERCIAL", Map.of("latencyMs", 300));
        Sim.fault("WECHAT", Map.of("latencyMs", 300));

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.commercial()).as("%s", pay).isNotNull();
        assertThat(pay.commercial().insurer()).isEqualTo("DEMO-HIC");
        assertThat(pay.commercial().status()).isEqualTo("PAID");
        assertThat(pay.commercial().claimNo()).startsWith("CLM");
        long cash = Bills.TOTAL - pay.insurance().fundPayFen() - pay.insurance().accountPayFen();
        assertThat(pay.commercial().amountFen()).isEqualTo(cash * 80 / 100);
        assertThat(pay.insurance().fundPayFen() + pay.insurance().accountPayFen() + pay.commercial().amountFen() + pay.selfPay().amountFen())
                .isEqualTo(Bills.TOTAL);
        assertThat(Sim.balance(v.walletId())).isEqualTo(before - pay.selfPay().amountFen());

        Sim.Entry settlement = Sim.ledger("INSURANCE").stream()
                .filter(e -> e.type().equals("SETTLEMENT") && p.psnNo().equals(e.account())).findFirst().orElseThrow();
        Sim.Entry claim = Sim.ledger("COMMERCIAL", outClaimNo(pay.paymentId())).stream()
                .filter(e -> e.type().equals("CLAIM")).findFirst().orElseThrow();
        Sim.Entry charge = Sim.ledger("WECHAT", Payments.outTradeNo(pay.paymentId())).stream()
                .filter(e -> e.type().equals("CHARGE")).findFirst().orElseThrow();
        assertThat(claim.amountFen()).isEqualTo(pay.commercial().amountFen());
        // Each leg reached its counterparty before each other leg was answered: the three calls overlapped. (WeChat's
        // answer time is kept to the second, so the charge's answer is no yardstick.)
        for (Sim.Entry a : List.of(settlement, claim, charge)) {
            for (Sim.Entry b : List.of(settlement, claim)) {
                if (a != b) {
                    assertThat(at(a.receivedAt())).as("%s %s reached its counterparty before %s %s was answered", a.channel(), a.type(),
                            b.channel(), b.type()).isBefore(at(b.answeredAt()));
                }
            }
        }
        Books.assertAgree(db, pay);
    }

    @Test
    void aDeclinedClaimUndoesTheSettlementAndTheChargeAndLeavesNoOneSidedLeg() {
        Sim.Person p = Sim.employee(0);
        // A limit smaller than what either bill would be paid: the first claim takes it all, the second is declined
        // (LIMIT_EXHAUSTED) after both were pre-calculated with the limit still open.
        Sim.commercialPolicy(p, 80, 500);
        Sim.Voucher first = Sim.voucher(p, "WECHAT");
        Sim.Voucher second = Sim.voucher(p, "WECHAT");
        long before = Sim.balance(second.walletId());
        // Each answer of the insurer takes 600 ms (its timeout is 1 s here): the second bill is pre-calculated
        // while the first one's pre-calculation is answered, and claimed after the first claim took the limit.
        Sim.fault("COMMERCIAL", Map.of("latencyMs", 600));

        CompletableFuture<Payments.View> a = CompletableFuture.supplyAsync(() -> Payments.pay(window, Bills.bill(Bills.newBillNo(), first.code())));
        Payments.pause(300);
        Payments.View b = Payments.pay(window, Bills.bill(Bills.newBillNo(), second.code()));
        Payments.View paid = a.join();

        assertThat(paid.status()).as("%s", paid).isEqualTo("SUCCEEDED");
        assertThat(paid.commercial().amountFen()).isEqualTo(500);
        assertThat(b.status()).as("%s", b).isEqualTo("FAILED");
        assertThat(b.failure().code()).isEqualTo("LIMIT_EXHAUSTED");
        assertThat(b.commercial().status()).isEqualTo("DECLINED");
        // One wallet behind both vouchers: it paid the first bill's self-pay part only, the second charge was refunded.
        assertThat(Sim.balance(second.walletId())).as("the charge was refunded").isEqualTo(before - paid.selfPay().amountFen());
        List<Books.Leg> legs = Books.assertAgree(db, b);
        assertThat(legs).extracting(Books.Leg::kind).containsExactlyInAnyOrder("INSURANCE", "COMMERCIAL", "SELF_PAY");
        assertThat(legs).filteredOn(l -> !l.kind().equals("COMMERCIAL")).extracting(Books.Leg::status).containsOnly("COMPENSATED");
        Books.assertAgree(db, paid);
    }

    @Test
    void anInsurerThatIsDownLeavesThePatientPayingTheResidualAndTheWindowSeesWhy() {
        Sim.Person p = Sim.employee(1_000);
        Sim.commercialPolicy(p, 80);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");
        Sim.fault("COMMERCIAL", Map.of("errorRate", 1.0));

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.commercial()).isEqualTo(new Payments.Commercial("DEMO-HIC", null, 0, "UNAVAILABLE"));
        assertThat(pay.insurance().fundPayFen() + pay.insurance().accountPayFen() + pay.selfPay().amountFen()).isEqualTo(Bills.TOTAL);
        assertThat(Sim.ledger("COMMERCIAL", outClaimNo(pay.paymentId()))).isEmpty();
        Books.assertAgree(db, pay);
    }

    @Test
    void anInsurerThatNeverAnswersDelaysThePaymentByItsTimeoutOnly() {
        Sim.Person p = Sim.employee(1_000);
        Sim.commercialPolicy(p, 80);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");
        Sim.fault("COMMERCIAL", Map.of("hang", true));

        long started = System.nanoTime();
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.commercial().status()).isEqualTo("UNAVAILABLE");
        assertThat(pay.selfPay().amountFen()).isEqualTo(Bills.TOTAL - pay.insurance().fundPayFen() - pay.insurance().accountPayFen());
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("asked once, not retried")
                .isLessThan(java.time.Duration.ofSeconds(3));
        Books.assertAgree(db, pay);
    }

    @Test
    void aPatientWithoutAPolicyPaysAsBeforeSeesNoCommercialPartAndIsNotPreCalculated() {
        Sim.Voucher v = Sim.voucher(Sim.employee(1_000), "WECHAT");

        Payments.View pay = payAskingTheInsurerOnlyForThePolicy(v);

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.commercial()).isNull();
        assertThat(pay.selfPay().amountFen()).isEqualTo(Bills.TOTAL - pay.insurance().fundPayFen() - pay.insurance().accountPayFen());
        Books.assertAgree(db, pay);
    }

    @Test
    void aHolderWhoseAnnualLimitIsUsedUpPaysTheCashPartAndIsNotPreCalculated() {
        Sim.Person p = Sim.employee(1_000);
        Sim.commercialPolicy(p, 80, 0);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");

        Payments.View pay = payAskingTheInsurerOnlyForThePolicy(v);

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(pay.commercial()).isNull();
        Books.assertAgree(db, pay);
    }

    /** Pays the voucher's bill, checking on the gateway's own client counters that the insurer was asked for the policy once and nothing after 2206. */
    private Payments.View payAskingTheInsurerOnlyForThePolicy(Sim.Voucher v) {
        String before = scrape();
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));
        String after = scrape();
        assertThat(insurerCalls(after, "/hic/v1/policies/query") - insurerCalls(before, "/hic/v1/policies/query"))
                .as("the policy looked up once").isEqualTo(1);
        assertThat(insurerCalls(after, "/hic/v1/claims/precalc") - insurerCalls(before, "/hic/v1/claims/precalc"))
                .as("no pre-calculation after 2206").isZero();
        return pay;
    }

    private static double insurerCalls(String exposition, String path) {
        return ObservabilityIT.value(exposition, "http_client_requests_seconds_count", Map.of("client_name", "commercial", "uri", path));
    }

    @Test
    void aFullRefundCancelsTheSettlementTheClaimAndTheCharge() {
        Sim.Person p = Sim.employee(1_000);
        Sim.commercialPolicy(p, 60);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");
        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));
        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        long afterPayment = Sim.balance(v.walletId());

        var r = window.postWithKey("/api/v1/payments/" + pay.paymentId() + "/refunds", "{\"reason\":\"患者退药\"}", UUID.randomUUID().toString())
                .expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(200);
        Map<?, ?> refund = Payments.JSON.readValue(r.getResponseBody(), Map.class);
        assertThat(refund.get("status")).isEqualTo("SUCCEEDED");
        assertThat(((Number) refund.get("amountFen")).longValue()).isEqualTo(Bills.TOTAL);
        assertThat(((Number) refund.get("commercialRefundFen")).longValue()).isEqualTo(pay.commercial().amountFen());

        Payments.View after = Payments.get(window, pay.paymentId());
        assertThat(after.status()).isEqualTo("REFUNDED");
        assertThat(after.commercial().status()).isEqualTo("CANCELLED");
        assertThat(Sim.balance(v.walletId())).isEqualTo(afterPayment + pay.selfPay().amountFen());
        assertThat(Sim.ledger("COMMERCIAL", outClaimNo(pay.paymentId()))).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("CLAIM_CANCEL");
            assertThat(e.amountFen()).isEqualTo(pay.commercial().amountFen());
        });
        assertThat(Books.net("COMMERCIAL", outClaimNo(pay.paymentId()))).isZero();
        Books.assertAgree(db, after);
    }

    private static Instant at(String timestamp) {
        assertThat(timestamp).as("answered").isNotNull();
        return OffsetDateTime.parse(timestamp).toInstant();
    }

    /** The claim's number at the insurer: 'M' + the payment id's 31 last hex digits (Planner.outClaimNo). */
    static String outClaimNo(UUID paymentId) {
        return "M" + paymentId.toString().replace("-", "").substring(1);
    }
}
