package org.hospay.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL for readiness ({@code database}): whether a {@code SELECT 1} succeeded lately, probed in the background
 * every {@code hospay.health.database.interval}, so a load balancer's check is answered at once. The framework's
 * {@code r2dbc} check asks for a connection from the pool the payments use: in a rush it waited behind them, the
 * check timed out and HAProxy took busy but healthy instances out in turn. The answer is at most one interval old;
 * with no success for {@code stale-after} (PostgreSQL gone, or the pool starved that long) it is DOWN. The overall
 * health keeps the framework's live {@code r2dbc} check for monitoring.
 */
@Component("databaseHealthIndicator")
public class DatabaseReadiness implements ReactiveHealthIndicator, DisposableBean {

    private final Clock clock;
    private final Duration staleAfter;
    private final Mono<Void> probe;
    private final Disposable probing;
    private volatile Instant lastSuccess;
    private volatile String lastError;

    @Autowired
    DatabaseReadiness(DatabaseClient db,
                      @Value("${hospay.health.database.interval:2s}") Duration interval,
                      @Value("${hospay.health.database.stale-after:8s}") Duration staleAfter) {
        this(db.sql("SELECT 1").fetch().rowsUpdated().then().timeout(interval), Clock.systemUTC(), interval, staleAfter);
    }

    DatabaseReadiness(Mono<Void> select, Clock clock, Duration interval, Duration staleAfter) {
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.probe = select.doOnSuccess(v -> {
            lastSuccess = clock.instant();
            lastError = null;
        }).doOnError(e -> lastError = e.toString()).onErrorComplete();
        this.probing = Flux.interval(Duration.ZERO, interval).onBackpressureDrop().concatMap(tick -> probe).subscribe();
    }

    @Override
    public Mono<Health> health() {
        // Before the first probe has answered (just started), ask once now rather than say DOWN.
        return (lastSuccess == null ? probe : Mono.<Void>empty()).then(Mono.fromSupplier(this::fromLastProbe));
    }

    /** One probe now (tests; the schedule runs them otherwise). */
    Mono<Void> probeNow() {
        return probe;
    }

    Health fromLastProbe() {
        Instant last = lastSuccess;
        boolean fresh = last != null && !last.plus(staleAfter).isBefore(clock.instant());
        Health.Builder health = fresh ? Health.up() : Health.down();
        if (last != null) health.withDetail("lastSuccess", last.toString());
        String error = lastError;
        if (error != null) health.withDetail("lastError", error);
        return health.build();
    }

    @Override
    public void destroy() {
        probing.dispose();
    }
}
