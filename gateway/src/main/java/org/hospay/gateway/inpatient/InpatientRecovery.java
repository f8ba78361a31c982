package org.hospay.gateway.inpatient;

import java.time.Duration;
import org.hospay.gateway.support.PeriodicPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finishes the inpatient work a crash, a restart or an unanswered channel left: every {@code recovery-interval}, stays
 * with deposit refunds not yet decided (or unconfirmed under review) or a discharge not closed, whose lease is free, are
 * leased and driven on ({@link Discharges#resume}).
 */
@Component
class InpatientRecovery extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(InpatientRecovery.class);
    private static final int BATCH = 20;

    private final StayStore store;
    private final Discharges discharges;

    InpatientRecovery(StayStore store, Discharges discharges) {
        super("inpatient recovery");
        this.store = store;
        this.discharges = discharges;
    }

    @Override
    protected Duration firstDelay() {
        return Duration.ofSeconds(2);
    }

    @Override
    protected Duration period() {
        return discharges.recoveryInterval();
    }

    @Override
    protected Mono<Void> pass() {
        return store.unfinished(BATCH)
                .flatMap(id -> discharges.resume(id).onErrorResume(e -> {
                    log.warn("inpatient recovery of stay {} failed, will retry: {}", id, e.toString());
                    return Mono.empty();
                }), 4)
                .then();
    }
}
