package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every visit of an insured patient is settled at the platform, a fund part of 0 too, so the year's
 * deductible and annual cap advance exactly as the platform counts them (the simulated hospital is
 * tertiary: deductible 800 CNY, ratio 50 %, annual cap 1,700 CNY).
 */
class InsuredVisitsIT extends GatewayIntegrationTest {

    @Test
    void successiveBillsOfOnePatientMeetTheDeductibleThenPoolUpToTheAnnualCap() {
        Sim.Person patient = Sim.employee(0);
        List<Long> fundPaid = new ArrayList<>();
        for (int visit = 0; visit < 10; visit++) {
            String code = Sim.voucher(patient, "WECHAT").code();
            Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), code, "TREATMENT", 50_000));
            assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
            assertThat(pay.insurance().settlementId()).as("visit %d is settled, whatever the fund pays", visit + 1).isNotNull();
            fundPaid.add(pay.insurance().fundPayFen());
            Books.assertAgree(db, pay);
        }
        assertThat(fundPaid).containsExactly(0L, 10_000L, 25_000L, 25_000L, 25_000L, 25_000L, 25_000L, 25_000L, 10_000L, 0L);
    }

    @Test
    void aFullRefundOfAVisitTheFundPaidNothingForCancelsItsSettlementSoTheDeductibleComesBack() {
        Sim.Person patient = Sim.employee(0);
        Payments.View first = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(patient, "WECHAT").code(), "TREATMENT", 50_000));
        assertThat(first.insurance().fundPayFen()).isZero();

        String refund = window.postWithKey("/api/v1/payments/" + first.paymentId() + "/refunds", "{\"reason\":\"患者退费\"}",
                UUID.randomUUID().toString()).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(refund).contains("\"status\":\"SUCCEEDED\"");

        // The 500 CNY of the refunded visit no longer count towards the deductible: the next visit pays none from the fund.
        Payments.View second = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(patient, "WECHAT").code(), "TREATMENT", 50_000));
        assertThat(second.insurance().fundPayFen()).isZero();
        Payments.View third = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(patient, "WECHAT").code(), "TREATMENT", 50_000));
        assertThat(third.insurance().fundPayFen()).isEqualTo(10_000L);
    }
}
