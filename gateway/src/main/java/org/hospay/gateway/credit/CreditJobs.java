package org.hospay.gateway.credit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.hospay.gateway.payment.Identity;
import org.hospay.gateway.support.PeriodicPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Credit care's daily work, run by one instance at a time (a lease row renewed at each run; another instance
 * takes over only after it ran out): every {@code job-interval}, the batch of the last closed day is prepared if
 * due, every batch not applied yet is taken further (submitted, its result applied), then overdue bills are
 * counted and reminders sent; in-app repayments left PENDING are asked about first. Each step is idempotent, so a run interrupted anywhere is finished by the next.
 */
@Component
class CreditJobs extends PeriodicPass implements DisposableBean {

    static final String LEASE = "credit-jobs";
    private static final Logger log = LoggerFactory.getLogger(CreditJobs.class);

    private final DatabaseClient db;
    private final CreditBatches batches;
    private final BatchStore store;
    private final CreditDuties duties;
    private final Repayments repayments;
    private final CreditProperties props;
    private final CreditClock clock;
    private final String owner;
    /** One run at a time in this instance too (the scheduled pass and finance's request may meet). */
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();

    CreditJobs(DatabaseClient db, CreditBatches batches, BatchStore store, CreditDuties duties, Repayments repayments, CreditProperties props,
               CreditClock clock, Identity identity) {
        super("credit jobs");
        this.repayments = repayments;
        this.db = db;
        this.batches = batches;
        this.store = store;
        this.duties = duties;
        this.props = props;
        this.clock = clock;
        this.owner = identity.instanceId();
    }

    @Override
    protected Duration firstDelay() {
        return props.jobInterval();
    }

    @Override
    protected Duration period() {
        return props.jobInterval();
    }

    @Override
    protected Mono<Void> pass() {
        return runNow(null).then();
    }

    /** What a run did; {@code ran} false when another instance holds the lease. */
    record Run(boolean ran, LocalDate closedDay, int batchesTouched, long remindersSent, long blacklisted) {}

    /**
     * One run now (also what finance's "run the jobs" asks for). {@code closeDay}: cut that day's batch now
     * instead of the last closed day's (not after today; what that day consumes later goes into the next batch).
     */
    Mono<Run> runNow(LocalDate closeDay) {
        return Mono.defer(() -> runOnce(closeDay == null ? batches.lastClosedDay() : closeDay));
    }

    private Mono<Run> runOnce(LocalDate closed) {
        if (!running.compareAndSet(false, true)) return Mono.just(new Run(false, closed, 0, 0, 0));
        return lease().flatMap(mine -> {
            if (!mine) return Mono.just(new Run(false, closed, 0, 0, 0));
            LocalDate today = batches.lastClosedDay().plusDays(1);
            Instant now = clock.clock().instant();
            // Repayments left PENDING first: a bill whose in-app repayment went through must not be counted overdue.
            return repayments.settleLeftovers().then(batches.prepare(closed)).then(store.unfinished().concatMap(batches::advance).count())
                    .flatMap(touched -> duties.countOverdue(today, now)
                            .flatMap(black -> duties.remind(today).map(sent -> new Run(true, closed, touched.intValue(), sent, black))));
        }).doFinally(s -> running.set(false));
    }

    /**
     * At shutdown (after the lifecycle stopped the passes, before the pool closes) the lease is given back, so a
     * restarted or other instance can run the jobs at once instead of waiting out the lease.
     */
    @Override
    public void destroy() {
        try {
            db.sql("UPDATE credit_lease SET lease_until = now() WHERE name = :name AND owner = :owner")
                    .bind("name", LEASE).bind("owner", owner).then().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("credit jobs lease not given back ({}); free once it ends", e.toString());
        }
    }

    /** Takes or renews the lease on real (database) time; false when another instance holds it. */
    private Mono<Boolean> lease() {
        return db.sql("""
                INSERT INTO credit_lease (name, owner, lease_until) VALUES (:name, :owner, now() + make_interval(secs => :secs))
                ON CONFLICT (name) DO UPDATE SET owner = :owner, lease_until = now() + make_interval(secs => :secs)
                WHERE credit_lease.owner = :owner OR credit_lease.lease_until < now()
                RETURNING owner""")
                .bind("name", LEASE).bind("owner", owner).bind("secs", (double) props.lease().toSeconds())
                .map(r -> Boolean.TRUE).one().defaultIfEmpty(false);
    }
}
