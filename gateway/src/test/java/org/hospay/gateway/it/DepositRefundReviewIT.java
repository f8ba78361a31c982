package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * docs/api.md §13.5: a deposit refund the channel leaves unconfirmed past {@code review-after} lands on the finance
 * office's review list — and is still followed, so when the channel comes back the refund is recorded once and leaves
 * the list. Never lost, never made twice.
 */
@TestPropertySource(properties = "hospay.inpatient.review-after=2s")
class DepositRefundReviewIT extends GatewayIntegrationTest {

    @AfterEach
    void clearFaults() {
        Sim.clearFault("ALIPAY");
    }

    @Test
    void anUnconfirmedDepositRefundGoesToTheReviewListAndLeavesItWhenItSucceeds() {
        terminals.upsert(new Terminal("it-bedside-02", Terminal.Kind.BEDSIDE, "it-hospital", "6B"), "it-bedside-02-secret").block();
        terminals.upsert(new Terminal("it-finance-02", Terminal.Kind.FINANCE, "it-hospital", null), "it-finance-02-secret").block();
        SignedClient bedside = new SignedClient(http, "it-bedside-02", "it-bedside-02-secret");
        SignedClient finance = new SignedClient(http, "it-finance-02", "it-finance-02-secret");
        Sim.Wallet alipay = Sim.wallet("ALIPAY", 1_000_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.deposit(bedside, stay.stayId(), 40_000, alipay.authCode());
        Inpatients.fees(bedside, stay.stayId(), "F1", 10_000);
        Sim.fault("ALIPAY", Map.of("errorRate", 1.0, "operations", Set.of("alipay.trade.refund")));

        Inpatients.discharge(bedside, stay.stayId());
        Inpatients.Stay underReview = Inpatients.await(bedside, stay.stayId(),
                s -> s.refunds().stream().anyMatch(r -> r.status().equals("NEEDS_REVIEW")), Duration.ofSeconds(30));

        assertThat(underReview.refunds()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("NEEDS_REVIEW");
            assertThat(r.failureCode()).isIn("UNCONFIRMED", "CHANNEL_UNAVAILABLE");
        });
        assertThat(reviewList(finance)).extracting(Inpatients.Refund::stayId).contains(stay.stayId());
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000 - 40_000);

        Sim.clearFault("ALIPAY");
        Inpatients.Stay done = Inpatients.await(bedside, stay.stayId(),
                s -> s.refunds().stream().allMatch(r -> r.status().equals("SUCCEEDED")), Duration.ofSeconds(30));

        assertThat(done.refunds()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("SUCCEEDED"));
        assertThat(done.status()).isEqualTo("DISCHARGED");
        assertThat(reviewList(finance)).extracting(Inpatients.Refund::stayId).doesNotContain(stay.stayId());
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000 - 10_000);
    }

    private static List<Inpatients.Refund> reviewList(SignedClient finance) {
        return List.of(Inpatients.JSON.readValue(finance.get("/api/v1/inpatient/deposit-refunds").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody(), Inpatients.Refund[].class));
    }
}
