package org.hospay.gateway.payment;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finishes what a crashed or restarted gateway left: on start-up and then every
 * {@code recovery-interval}, unfinished payments whose lease has expired are leased by this
 * instance (so two instances never drive the same payment) and driven to a final state from what
 * PostgreSQL holds; payments left waiting for a payment code past their deadline are closed (no
 * money moved); refunds whose outcome was not confirmed are retried.
 */
@Component
class RecoveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecoveryWorker.class);
    private static final int BATCH = 20;

    private final PaymentStore store;
    private final PaymentEngine engine;
    private final RefundService refunds;
    private final EngineProperties props;
    private volatile Disposable loop;

    RecoveryWorker(PaymentStore store, PaymentEngine engine, RefundService refunds, EngineProperties props) {
        this.store = store;
        this.engine = engine;
        this.refunds = refunds;
        this.props = props;
    }

    @Override
    public void start() {
        loop = Flux.interval(Duration.ofSeconds(1), props.recoveryInterval())
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("recovery sweep failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    /** One pass; public to the package so tests can run it without waiting for the timer. */
    Mono<Void> sweep() {
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

    @Override
    public void stop() {
        Disposable d = loop;
        if (d != null) d.dispose();
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
