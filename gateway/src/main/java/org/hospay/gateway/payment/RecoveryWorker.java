package org.hospay.gateway.payment;

import java.time.Duration;
import org.hospay.gateway.support.PeriodicPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finishes what a crashed or restarted gateway left: on start-up and then every
 * {@code recovery-interval}, unfinished payments whose lease ran out (their owner stopped renewing
 * it, see {@link LeaseHeartbeat}) are leased by this instance (so two instances never drive the same
 * payment) and driven to a final state from what PostgreSQL holds; payments left waiting for a
 * payment code past their deadline are closed (no money moved); refunds whose outcome was not
 * confirmed are retried.
 */
@Component
class RecoveryWorker extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(RecoveryWorker.class);
    private static final int BATCH = 20;

    private final PaymentRepository store;
    private final PaymentEngine engine;
    private final RefundService refunds;
    private final EngineProperties props;

    RecoveryWorker(PaymentRepository store, PaymentEngine engine, RefundService refunds, EngineProperties props) {
        super("recovery sweep");
        this.store = store;
        this.engine = engine;
        this.refunds = refunds;
        this.props = props;
    }

    @Override
    protected Duration firstDelay() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected Duration period() {
        return props.recoveryInterval();
    }

    /** Orphaned payments, then expired waits for a code, then unconfirmed refunds. */
    @Override
    protected Mono<Void> pass() {
        // Side by side: one payment's query schedule must not hold up the others' recovery.
        Mono<Void> orphans = store.orphans(BATCH)
                .flatMap(id -> store.lease(id, engine.owner(), props.lease())
                        .filter(Boolean::booleanValue)
                        .flatMap(leased -> engine.recover(id))
                        .onErrorResume(e -> {
                            log.warn("recovery of payment {} failed, will retry: {}", id, e.toString());
                            return Mono.empty();
                        }), BATCH)
                .then();
        Mono<Void> expired = store.expiredAwaitingCode(BATCH)
                .concatMap(id -> store.transition(id, PaymentStatus.FAILED, Stage.DONE, "CODE_NOT_PRESENTED",
                        "no payment code was presented in time; nothing was charged", "awaiting code expired")
                        .flatMap(engine::closeVisit))
                .then();
        return orphans.then(expired).then(refunds.retryUnconfirmed(props.recoveryIdle()));
    }
}
