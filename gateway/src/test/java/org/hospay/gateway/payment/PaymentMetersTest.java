package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The engine's meters move where the engine works: each call, each undo and each finished payment, with its tags. */
class PaymentMetersTest {

    @Test
    void aPaymentThatSucceedsCountsItsPlanStatusEntryAndTimesEachLegCall() {
        EngineHarness h = new EngineHarness(1_200, 300, 850);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .verifyComplete();
        assertThat(h.meters.get("hospay.payments").tag("plan", "INSURANCE_AND_CHANNEL").tag("status", "SUCCEEDED").counter().count())
                .isEqualTo(1.0);
        assertThat(h.meters.get("hospay.payment.duration").tag("status", "SUCCEEDED").timer().count()).isEqualTo(1);
        assertThat(h.meters.get("hospay.leg.call").tag("channel", "INSURANCE").tag("operation", "SETTLE_2207")
                .tag("outcome", "SUCCEEDED").timer().count()).isEqualTo(1);
        assertThat(h.meters.get("hospay.leg.call").tag("channel", "WECHAT").tag("operation", "CHARGE")
                .tag("outcome", "SUCCEEDED").timer().count()).isEqualTo(1);
        assertThat(h.meters.find("hospay.compensations").counters()).isEmpty();
    }

    @Test
    void aChargeNeverConfirmedCountsEveryQueryAndEachUndoByActionAndResult() {
        EngineHarness h = new EngineHarness(1_000, 0, 500);
        h.charges.charge.answer(Outcome.pending("USERPAYING"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.aggregated(SelfPayMethod.WECHAT)))
                .thenAwait(Duration.ofSeconds(30))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED))
                .verifyComplete();
        assertThat(h.meters.get("hospay.leg.call").tag("channel", "WECHAT").tag("operation", "CHARGE")
                .tag("outcome", "PENDING").timer().count()).isEqualTo(1);
        assertThat(h.meters.get("hospay.leg.call").tag("channel", "WECHAT").tag("operation", "QUERY")
                .timer().count()).isEqualTo(6);
        assertThat(h.meters.get("hospay.compensations").tag("action", "REVERSE").tag("result", "DONE").counter().count()).isEqualTo(1.0);
        assertThat(h.meters.get("hospay.compensations").tag("action", "CANCEL_SETTLEMENT_2208").tag("result", "DONE").counter().count())
                .isEqualTo(1.0);
        assertThat(h.meters.get("hospay.payments").tag("status", "FAILED").counter().count()).isEqualTo(1.0);
    }
}
