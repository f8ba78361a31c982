package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A visit registered at the platform (2201) for a payment that fails is closed there (2202 挂号撤销), never left open:
 * whether the pre-settlement could not be made, or the settlement was made and undone because another leg failed.
 */
class VisitsClosedIT extends GatewayIntegrationTest {

    @Test
    void aVisitThatCannotBePreSettledIsClosedAtThePlatform() {
        Sim.Person patient = Sim.employee(0);
        Sim.fault("INSURANCE", Map.of("errorRate", 1.0, "operations", List.of("2206")));
        Payments.View pay;
        try {
            pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(patient, "WECHAT").code()));
        } finally {
            Sim.clearFault("INSURANCE");
        }

        assertThat(pay.status()).isEqualTo("FAILED");
        assertThat(pay.failure().code()).isEqualTo("INSURANCE_UNAVAILABLE");
        assertThat(Sim.visits(patient)).as("the visit registered for the payment").hasSize(1)
                .allSatisfy(v -> assertThat(v.state()).isEqualTo("CANCELLED"));
        assertThat(Sim.ledger("WECHAT", "P" + pay.paymentId().toString().replace("-", "").substring(1))).as("nothing charged").isEmpty();
    }

    @Test
    void aVisitWhoseSettlementWasUndoneBecauseTheChargeFailedIsClosedToo() {
        Sim.Person patient = Sim.employee(0);
        String code = Sim.voucher(patient, "WECHAT", Map.of("walletBehavior", "INSUFFICIENT")).code();

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), code));

        assertThat(pay.status()).isEqualTo("FAILED");
        Books.assertAgree(db, pay);
        assertThat(Sim.visits(patient)).hasSize(1).allSatisfy(v -> assertThat(v.state()).isEqualTo("CANCELLED"));
    }

    @Test
    void aPaidVisitStaysSettled() {
        Sim.Person patient = Sim.employee(0);

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(patient, "WECHAT").code()));

        assertThat(pay.status()).isEqualTo("SUCCEEDED");
        assertThat(Sim.visits(patient)).hasSize(1).allSatisfy(v -> assertThat(v.state()).isEqualTo("SETTLED"));
    }
}
