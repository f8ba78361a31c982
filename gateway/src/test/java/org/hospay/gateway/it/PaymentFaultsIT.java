package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Unknown outcomes and failed legs (docs/architecture.md §5): every scenario ends in a final state
 * the channels' ledgers agree with, leg by leg, with no money left on one side.
 */
class PaymentFaultsIT extends GatewayIntegrationTest {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void everyBreakerRecordsWithoutALockSoNoEventLoopParksOnIt() {
        List<String> names = breakers.getAllCircuitBreakers().stream().map(CircuitBreaker::getName).toList();
        assertThat(names).contains("INSURANCE", "WECHAT", "ALIPAY", "UNIONPAY", "COMMERCIAL", "redis");
        assertThat(breakers.getAllCircuitBreakers()).allSatisfy(b -> assertThat(b.getCircuitBreakerConfig().getSlidingWindowSynchronizationStrategy())
                .as(b.getName()).isEqualTo(SlidingWindowSynchronizationStrategy.LOCK_FREE));
    }

    @AfterEach
    void clearFaults() {
        for (String c : List.of("INSURANCE", "WECHAT", "ALIPAY", "UNIONPAY")) Sim.clearFault(c);
    }

    private Sim.Voucher aggregated(String channel, Map<String, Object> wallet) {
        return Sim.voucher(Sim.employee(2_000), channel, wallet);
    }

    @Test
    void aChargeWhoseAnswerIsLostIsQueriedAndFoundPaid() {
        Sim.Voucher v = aggregated("WECHAT", Map.of("walletBehavior", "HANG", "walletThenState", "SUCCESS"));
        long before = Sim.balance(v.walletId());

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(v.walletId())).isEqualTo(before - pay.selfPay().amountFen());
        Books.assertAgree(db, pay);
        assertThat(attempts(pay.paymentId(), "QUERY")).as("the unknown charge was queried, never sent again").isPositive();
        assertThat(attempts(pay.paymentId(), "CHARGE")).isEqualTo(1);
    }

    @Test
    void aChargeWhoseAnswerIsLostAndThatFailedCancelsTheSettlement() {
        Sim.Voucher v = aggregated("ALIPAY", Map.of("walletBehavior", "HANG", "walletThenState", "FAILED"));
        long before = Sim.balance(v.walletId());

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("FAILED");
        assertThat(Sim.balance(v.walletId())).isEqualTo(before);
        Books.assertAgree(db, pay);
    }

    @Test
    void aCustomerTypingAPasswordGets202ThenThePaymentSucceeds() {
        Sim.Voucher v = aggregated("WECHAT", Map.of("walletBehavior", "PASSWORD_REQUIRED", "walletQueriesUntilPaid", 5));

        var first = Payments.post(window, Bills.bill(Bills.newBillNo(), v.code()), UUID.randomUUID().toString());

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.view().status()).isEqualTo("PENDING");
        assertThat(first.location()).isEqualTo("/api/v1/payments/" + first.view().paymentId());
        Payments.View done = Payments.awaitFinal(window, first.view().paymentId(), Duration.ofSeconds(30));
        assertThat(done.status()).as("%s", done).isEqualTo("SUCCEEDED");
        Books.assertAgree(db, done);
    }

    @Test
    void aCustomerWhoNeverConfirmsIsReversedAndNothingIsKept() {
        Sim.Voucher v = aggregated("UNIONPAY", Map.of("walletBehavior", "PASSWORD_NEVER"));
        long before = Sim.balance(v.walletId());

        var first = Payments.post(window, Bills.bill(Bills.newBillNo(), v.code()), UUID.randomUUID().toString());
        assertThat(first.status()).isEqualTo(202);
        Payments.View done = Payments.awaitFinal(window, first.view().paymentId(), Duration.ofSeconds(40));

        assertThat(done.status()).as("%s", done).isEqualTo("FAILED");
        assertThat(Sim.balance(v.walletId())).isEqualTo(before);
        assertThat(attempts(done.paymentId(), "REVERSE")).isPositive();
        Books.assertAgree(db, done);
    }

    @Test
    void aDeclinedChargeCancelsTheSettlement() {
        Sim.Voucher v = aggregated("WECHAT", Map.of("walletBehavior", "INSUFFICIENT"));

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("FAILED");
        assertThat(pay.failure().code()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(compensations(pay.paymentId())).containsExactly("CANCEL_SETTLEMENT_2208:DONE");
        Books.assertAgree(db, pay);
    }

    @Test
    void aSettlementThePlatformFailedIsQueriedAndTheChargeRefunded() {
        Sim.Voucher v = aggregated("WECHAT", Map.of());
        long before = Sim.balance(v.walletId());
        Sim.fault("INSURANCE", Map.of("errorRate", 1.0, "operations", Set.of("2207")));

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("FAILED");
        assertThat(Sim.balance(v.walletId())).as("the self-pay part went back to the patient").isEqualTo(before);
        assertThat(compensations(pay.paymentId())).contains("REFUND:DONE");
        Books.assertAgree(db, pay);
    }

    @Test
    void aSettlementProcessedButNeverAnsweredIsFoundByQuery() {
        Sim.Voucher v = aggregated("ALIPAY", Map.of());
        Sim.fault("INSURANCE", Map.of("timeoutRate", 1.0, "operations", Set.of("2207")));

        Payments.View pay = Payments.pay(window, Bills.bill(Bills.newBillNo(), v.code()));

        assertThat(pay.status()).as("%s", pay).isEqualTo("SUCCEEDED");
        assertThat(attempts(pay.paymentId(), "QUERY_5203")).isPositive();
        Books.assertAgree(db, pay);
    }

    @Test
    void aCircuitOpensUnderRepeatedFailureRefusesWithoutSendingAndClosesAgain() {
        Sim.fault("WECHAT", Map.of("errorRate", 1.0));
        List<UUID> troubled = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var a = Payments.post(window, Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()), UUID.randomUUID().toString());
            troubled.add(a.view().paymentId());
        }

        Sim.Wallet refusedWallet = Sim.wallet("WECHAT", 100_000);
        Payments.View refused = Payments.pay(window, Bills.bill(Bills.newBillNo(), refusedWallet.authCode()));
        assertThat(refused.status()).as("%s", refused).isEqualTo("FAILED");
        assertThat(refused.failure().code()).isEqualTo("CHANNEL_UNAVAILABLE");
        assertThat(Sim.ledger("WECHAT", Payments.outTradeNo(refused.paymentId()))).as("an open circuit sends nothing").isEmpty();

        Sim.clearFault("WECHAT");
        Payments.pause(2_500);
        for (int i = 0; i < 3; i++) {
            Payments.View ok = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("WECHAT", 100_000).authCode()));
            assertThat(ok.status()).as("after the open state the circuit lets calls through: %s", ok).isEqualTo("SUCCEEDED");
        }
        for (UUID id : troubled) {
            Payments.View end = Payments.awaitFinal(window, id, Duration.ofSeconds(40));
            assertThat(end.status()).as("%s", end).isIn("SUCCEEDED", "FAILED");
            Books.assertAgree(db, end);
        }
    }

    private long attempts(UUID paymentId, String operation) {
        return db.sql("SELECT count(*) AS n FROM channel_attempt WHERE payment_id = :id AND operation = :op")
                .bind("id", paymentId).bind("op", operation).map(r -> r.get("n", Long.class)).one().block();
    }

    private List<String> compensations(UUID paymentId) {
        return db.sql("SELECT action, status FROM compensation WHERE payment_id = :id ORDER BY created_at").bind("id", paymentId)
                .map(r -> r.get("action", String.class) + ":" + r.get("status", String.class)).all().collectList().block();
    }
}
