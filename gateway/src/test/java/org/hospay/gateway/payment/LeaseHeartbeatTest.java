package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * A payment can be driven far longer than one lease (a WeChat code is queried for 30 s, the lease is
 * 15 s): while its owner lives, the heartbeat keeps it from being taken over; once the owner stops
 * renewing, recovery may take it.
 */
class LeaseHeartbeatTest {

    @Test
    void aPaymentDrivenLongerThanItsLeaseIsNoOrphanWhileItsOwnerBeats() {
        EngineHarness h = new EngineHarness(0, 0, 500);
        h.charges.charge.answer(Outcome.pending("USERPAYING"));
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(h.repo, h.engine, h.props);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.code(SelfPayMethod.WECHAT))
                        .doOnSubscribe(s -> heartbeat.start())
                        .doFinally(s -> heartbeat.stop()))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(20))
                .then(() -> assertThat(h.repo.orphans(10).collectList().block()).as("20 s into a 15 s lease").isEmpty())
                .thenAwait(Duration.ofSeconds(10))
                .assertNext(s -> assertThat(s.payment().status()).isEqualTo(PaymentStatus.FAILED))
                .verifyComplete();
    }

    @Test
    void withoutTheHeartbeatTheLeaseRunsOutAndRecoveryMayTakeThePayment() {
        EngineHarness h = new EngineHarness(0, 0, 500);
        h.charges.charge.answer(Outcome.pending("USERPAYING"));
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.code(SelfPayMethod.WECHAT)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(20))
                .then(() -> assertThat(h.repo.orphans(10).collectList().block()).hasSize(1))
                .thenAwait(Duration.ofSeconds(10))
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void whenTheHeartbeatStopsAtShutdownAPaymentStillOpenIsHandedOverAtOnce() {
        EngineHarness h = new EngineHarness(0, 0, 500);
        h.charges.charge.answer(Outcome.pending("USERPAYING"));
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(h.repo, h.engine, h.props);
        StepVerifier.withVirtualTime(() -> h.pay(h.bill(), EngineHarness.code(SelfPayMethod.WECHAT))
                        .doOnSubscribe(s -> heartbeat.start()))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(6))
                .then(() -> assertThat(h.repo.orphans(10).collectList().block()).as("6 s into a 15 s lease").isEmpty())
                .then(heartbeat::stop)
                .then(() -> assertThat(h.repo.orphans(10).collectList().block()).as("the moment the heartbeat stopped").hasSize(1))
                .thenCancel()
                .verify();
    }
}
