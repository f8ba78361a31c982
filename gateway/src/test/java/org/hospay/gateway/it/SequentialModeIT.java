package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The load test's baseline: settlement, then the charge, one after the other; the books still balance. */
@TestPropertySource(properties = "hospay.engine.mode=SEQUENTIAL")
class SequentialModeIT extends GatewayIntegrationTest {

    @Test
    void theChargeStartsOnlyAfterTheSettlementAnswered() {
        Sim.Person p = Sim.employee(2_000);
        Sim.Voucher v = Sim.voucher(p, "WECHAT");

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        Sim.Entry settlement = Sim.ledger("INSURANCE").stream()
                .filter(e -> e.type().equals("SETTLEMENT") && p.psnNo().equals(e.account())).findFirst().orElseThrow();
        Sim.Entry charge = Sim.ledger("WECHAT", Payments.outTradeNo(pay.paymentId())).stream()
                .filter(e -> e.type().equals("CHARGE")).findFirst().orElseThrow();
        assertThat(OffsetDateTime.parse(charge.receivedAt()).toInstant())
                .isAfterOrEqualTo(OffsetDateTime.parse(settlement.answeredAt()).toInstant());
        Books.assertAgree(db, pay);
    }

    @Test
    void aFailedSettlementIsNeverFollowedByACharge() {
        Sim.Voucher v = Sim.voucher(Sim.employee(2_000), "ALIPAY");
        Sim.fault("INSURANCE", Map.of("errorRate", 1.0, "operations", java.util.Set.of("2207")));
        try {
            Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

            assertThat(pay.status()).as("%s", pay).isEqualTo("FAILED");
            assertThat(Sim.ledger("ALIPAY", Payments.outTradeNo(pay.paymentId()))).isEmpty();
            Books.assertAgree(db, pay);
        } finally {
            Sim.clearFault("INSURANCE");
        }
    }
}
