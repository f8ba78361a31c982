package org.hospay.gateway.payment;

import java.time.Duration;
import org.hospay.gateway.support.PeriodicPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finishes what a crashed or restarted gateway left: on start-up and then every
 * {@code recovery-interval}, unfinished payments whose lease has expired are leased by this
 * instance (so two instances never drive the same payment) and driven to a final state from what
 * PostgreSQL holds; payments left waiting for a payment code past their deadline are closed (no
 * money moved); refunds whose outcome was not confirmed are retried.
 */
@Component
class RecoveryWorker extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(RecoveryWorker.class);
    private static final int BATCH = 20;

    private final PaymentStore store;
    private final PaymentEngine engine;
    private final RefundService refunds;
    private final EngineProperties props;

    RecoveryWorker(PaymentStore store, PaymentEngine engine, RefundService refunds, EngineProperties props) {
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
        Mono<Void> orphans = store.orphans(props.recoveryIdle(), BATCH)
                .concatMap(id -> store.lease(id, engine.owner(), props.lease())
                        .filter(Boolean::booleanValue)
                        .flatMap(leased -> engine.recover(id))
                        .onErrorResume(e -> {
                            log.warn("recovery of payment {} failed, will retry: {}", id, e.toString());
                            return Mono.empty();
                        }))
                .then();
        Mono<Void> expired = store.expiredAwaitingCode(BATCH)
                .concatMap(id -> store.transition(id, PaymentStatus.FAILED, Stage.DONE, "CODE_NOT_PRESENTED",
                        "no payment code was presented in time; nothing was charged", "awaiting code expired"))
                .then();
        return orphans.then(expired).then(refunds.retryUnconfirmed(props.recoveryIdle()));
    }
}
