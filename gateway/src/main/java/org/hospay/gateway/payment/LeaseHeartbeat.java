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

    @Override
    protected Mono<Void> pass() {
        return repo.renewLeases(engine.owner(), props.lease()).then();
    }
}
