package org.hospay.gateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.gateway.support.PeriodicPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps the monthly partitions of {@code channel_attempt} and {@code payment_transition} (V22) made ahead: at start
 * and every {@code hospay.partitions.check-every}, this month's and the next {@code hospay.partitions.months-ahead}
 * months' partitions are created where missing, by the database function that runs as the schema owner. With
 * {@code hospay.partitions.keep-months} above 0, partitions wholly older than that many months are detached (left in
 * the database as plain tables for the archive; docs/operations.md §9). Every instance runs it; the function takes
 * one caller at a time. The gauge {@code hospay.partitions.months.ahead} says how many months after this one are
 * ready: an insert into a month without a partition fails, so the alert fires long before that (at 0).
 */
@Component
class LogPartitions extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(LogPartitions.class);

    private final DatabaseClient db;
    private final int monthsAhead;
    private final int keepMonths;
    private final Duration checkEvery;
    private final AtomicLong ahead = new AtomicLong(-1);

    LogPartitions(DatabaseClient db, MeterRegistry registry,
                  @Value("${hospay.partitions.months-ahead:3}") int monthsAhead,
                  @Value("${hospay.partitions.keep-months:0}") int keepMonths,
                  @Value("${hospay.partitions.check-every:6h}") Duration checkEvery) {
        super("log partitions");
        if (monthsAhead < 1) throw new IllegalArgumentException("hospay.partitions.months-ahead must be at least 1, got " + monthsAhead);
        if (keepMonths < 0) throw new IllegalArgumentException("hospay.partitions.keep-months must be 0 (keep all) or more, got " + keepMonths);
        this.db = db;
        this.monthsAhead = monthsAhead;
        this.keepMonths = keepMonths;
        this.checkEvery = checkEvery;
        Gauge.builder("hospay.partitions.months.ahead", ahead, AtomicLong::doubleValue)
                .description("Months after this one whose attempt and transition partitions exist (-1 until the first check)")
                .register(registry);
    }

    @Override
    protected Duration firstDelay() {
        return Duration.ZERO;
    }

    @Override
    protected Duration period() {
        return checkEvery;
    }

    @Override
    protected Mono<Void> pass() {
        return db.sql("SELECT created, detached, ahead FROM hospay_partition_months(:ahead, :keep)")
                .bind("ahead", monthsAhead).bind("keep", keepMonths)
                .map(r -> {
                    int created = r.get("created", Integer.class);
                    int detached = r.get("detached", Integer.class);
                    ahead.set(r.get("ahead", Integer.class));
                    if (created > 0 || detached > 0) {
                        log.info("log partitions: {} created, {} detached for the archive; {} months ahead ready", created, detached, ahead.get());
                    }
                    return Boolean.TRUE;
                })
                .first().then();
    }
}
