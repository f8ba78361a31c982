package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * docs/api.md §6.1: a channel switched off ({@code hospay.channels.alipay.enabled=false}) is not called; a payment that
 * needs it is refused with 422 CHANNEL_DISABLED and leaves nothing behind; the other channels and health are unaffected.
 */
@TestPropertySource(properties = "hospay.channels.alipay.enabled=false")
class ChannelSwitchIT extends GatewayIntegrationTest {

    private long count(String sql, Object value) {
        return db.sql(sql).bind(0, value).map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void aPaymentOnADisabledChannelIsRefusedAndLeavesNothingBehind() {
        Sim.Wallet wallet = Sim.wallet("ALIPAY", 100_000);
        String billNo = Bills.newBillNo();
        String key = UUID.randomUUID().toString();
        window.postWithKey("/api/v1/payments", Bills.bill(billNo, wallet.authCode()), key)
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("CHANNEL_DISABLED")
                .jsonPath("$.error.details.channel").isEqualTo("ALIPAY")
                .jsonPath("$.error.message").isNotEmpty();

        assertThat(count("SELECT count(*) FROM payment WHERE bill_no = $1", billNo)).isZero();
        assertThat(count("SELECT count(*) FROM idempotency_key WHERE idem_key = $1", key)).isZero();
        assertThat(Sim.balance(wallet.walletId())).as("the wallet was never charged").isEqualTo(100_000);
    }

    @Test
    void theOtherChannelsStillPay() {
        Payments.View paid = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()));
        assertThat(paid.status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void healthAndReadinessDoNotDependOnTheSwitch() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
