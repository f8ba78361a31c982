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
 * Keeps the monthly partitions of {@code channel_attempt} and {@code payment_transition} (V22), {@code payment} and
 * {@code payment_leg} (V23) made ahead: at start and every {@code hospay.partitions.check-every}, this month's and the
 * next {@code hospay.partitions.months-ahead} months' partitions are created where missing, by the database function
 * that runs as the schema owner. With {@code hospay.partitions.keep-months} above 0, log partitions wholly older than
 * that many months are detached (left in the database as plain tables for the archive; docs/operations.md §9);
 * payments and legs go by {@code hospay.partitions.keep-payment-months} (0, the default, keeps them all), and a month
 * of them with anything still open stays. Every instance runs it; the function takes one caller at a time. The gauge
 * {@code hospay.partitions.months.ahead} says how many months after this one are ready in all four tables: an insert
 * into a month without a partition fails, so the alert fires long before that (at 0).
 */
@Component
class MonthlyPartitions extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(MonthlyPartitions.class);

    private final DatabaseClient db;
    private final int monthsAhead;
    private final int keepMonths;
    private final int keepPaymentMonths;
    private final Duration checkEvery;
    private final AtomicLong ahead = new AtomicLong(-1);

    MonthlyPartitions(DatabaseClient db, MeterRegistry registry,
                  @Value("${hospay.partitions.months-ahead:3}") int monthsAhead,
                  @Value("${hospay.partitions.keep-months:0}") int keepMonths,
                  @Value("${hospay.partitions.keep-payment-months:0}") int keepPaymentMonths,
                  @Value("${hospay.partitions.check-every:6h}") Duration checkEvery) {
        super("monthly partitions");
        if (monthsAhead < 1) throw new IllegalArgumentException("hospay.partitions.months-ahead must be at least 1, got " + monthsAhead);
        if (keepMonths < 0) throw new IllegalArgumentException("hospay.partitions.keep-months must be 0 (keep all) or more, got " + keepMonths);
        this.db = db;
        this.monthsAhead = monthsAhead;
        if (keepPaymentMonths < 0) {
            throw new IllegalArgumentException("hospay.partitions.keep-payment-months must be 0 (keep all) or more, got " + keepPaymentMonths);
        }
        this.keepMonths = keepMonths;
        this.keepPaymentMonths = keepPaymentMonths;
        this.checkEvery = checkEvery;
        Gauge.builder("hospay.partitions.months.ahead", ahead, AtomicLong::doubleValue)
                .description("Months after this one whose payment, leg, attempt and transition partitions exist (-1 until the first check)")
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
        return db.sql("SELECT created, detached, ahead FROM hospay_partition_months(:ahead, :keep, keep_payment_months => :keepPayments)")
                .bind("ahead", monthsAhead).bind("keep", keepMonths).bind("keepPayments", keepPaymentMonths)
                .map(r -> {
                    int created = r.get("created", Integer.class);
                    int detached = r.get("detached", Integer.class);
                    ahead.set(r.get("ahead", Integer.class));
                    if (created > 0 || detached > 0) {
                        log.info("partitions: {} created, {} detached for the archive; {} months ahead ready", created, detached, ahead.get());
                    }
                    return Boolean.TRUE;
                })
                .first().then();
    }
}
