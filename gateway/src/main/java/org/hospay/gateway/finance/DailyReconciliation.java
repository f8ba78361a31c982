package org.hospay.gateway.finance;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.hospay.gateway.support.PeriodicPass;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The daily job: once a minute it looks whether yesterday (in {@code hospay.finance.zone}) has been
 * reconciled, and after {@code reconcile-at} reconciles it with every counterparty. The check is the stored
 * run, so a restart or a second instance never skips a day; two instances reconciling at once store the
 * same result (re-running a day is idempotent).
 */
@Component
class DailyReconciliation extends PeriodicPass {

    private final Reconciler reconciler;
    private final ReconStore store;
    private final FinanceProperties props;
    private final Clock clock;

    DailyReconciliation(Reconciler reconciler, ReconStore store, FinanceProperties props, Clock clock) {
        super("daily reconciliation");
        this.reconciler = reconciler;
        this.store = store;
        this.props = props;
        this.clock = clock;
    }

    @Override
    protected Duration firstDelay() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected Duration period() {
        return Duration.ofMinutes(1);
    }

    @Override
    protected Mono<Void> pass() {
        if (!props.reconcileDaily()) return Mono.empty();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(props.zone()));
        if (now.toLocalTime().isBefore(props.reconcileAt())) return Mono.empty();
        LocalDate yesterday = now.toLocalDate().minusDays(1);
        return store.ran(yesterday).flatMap(ran -> ran ? Mono.<Void>empty() : reconciler.reconcile(yesterday, List.of()).then());
    }
}
