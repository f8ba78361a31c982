package org.hospay.gateway.payment;

import java.time.Duration;
import org.hospay.gateway.support.PeriodicPass;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps this instance's leases alive while it lives: every third of {@code hospay.engine.lease}, one
 * UPDATE extends the lease of every unfinished payment it drives. Leases can therefore be short, and
 * when the instance dies its payments are free for another instance's recovery within one lease.
 */
@Component
class LeaseHeartbeat extends PeriodicPass {

    /** Below the web server's shutdown phases (SmartLifecycle.DEFAULT_PHASE - 2048 and - 1024). */
    static final int HANDOVER_PHASE = 0;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final PaymentRepository repo;
    private final PaymentEngine engine;
    private final EngineProperties props;

    LeaseHeartbeat(PaymentRepository repo, PaymentEngine engine, EngineProperties props) {
        super("lease heartbeat");
        this.repo = repo;
        this.engine = engine;
        this.props = props;
    }

    @Override
    protected Duration firstDelay() {
        return period();
    }

    @Override
    protected Duration period() {
        return props.lease().dividedBy(3);
    }

    /**
     * Last to stop (after the drain and the web server): the leases stay renewed while this instance may still
     * drive its payments, then end at once so another instance's recovery takes over what is still open
     * (docs/operations.md, graceful shutdown) instead of waiting for them to run out.
     */
    @Override
    public int getPhase() {
        return HANDOVER_PHASE;
    }

    @Override
    public void stop() {
        super.stop();
        try {
            // "Renewed" to a moment ago: the leases end now, and the next recovery sweep anywhere takes the payments.
            Long handed = repo.renewLeases(engine.owner(), Duration.ofMillis(-1)).block(Duration.ofSeconds(5));
            if (handed != null && handed > 0) log.info("stopping: handed over {} unfinished payment(s) to the other instances", handed);
        } catch (RuntimeException e) {
            log.warn("stopping: leases not handed over ({}); they run out within {}", e.toString(), props.lease());
        }
    }

    @Override
    protected Mono<Void> pass() {
        return repo.renewLeases(engine.owner(), props.lease()).then();
    }
}
