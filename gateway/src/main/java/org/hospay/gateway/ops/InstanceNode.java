package org.hospay.gateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.hospay.gateway.payment.Identity;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * This instance's node: the per-instance part of the insurance msgid (MsgIdGenerator), leased from PostgreSQL at
 * start-up so that no one sets it by hand and two live instances can never hold the same one (the table's primary
 * key; a claim takes a node only if it is free or its lease has ended). {@code hospay.instances.node-digits} 1 gives
 * nodes 0–9 (1,000 msgids a second each), 2 gives 0–99 for more than ten instances (100 a second each); all
 * instances of a hospital must use the same width. The lease is renewed every third of
 * {@code hospay.instances.node-lease}; if a renewal finds the node taken (this instance stalled past its lease), the
 * instance reports itself broken (liveness DOWN) rather than risk a msgid another instance also sends. At shutdown
 * the node is kept for a short cool-down, so a successor cannot reuse ids of the same second.
 * A fixed {@code hospay.channels.insurance.msgid-node} is still leased: it starts only if that node is free.
 */
/** Claimed once Flyway has created its table. */
@Component
@DependsOnDatabaseInitialization
public class InstanceNode implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InstanceNode.class);
    private static final String CLAIM = """
            WITH candidate AS (
              SELECT n FROM generate_series(:first, :last) AS n
              WHERE NOT EXISTS (SELECT 1 FROM instance_node x WHERE x.node = n AND x.lease_until > now())
              ORDER BY random() LIMIT 1)
            INSERT INTO instance_node (node, owner, lease_until, acquired_at)
            SELECT n, :owner, now() + make_interval(secs => :secs), now() FROM candidate
            ON CONFLICT (node) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, acquired_at = EXCLUDED.acquired_at
              WHERE instance_node.lease_until <= now()
            RETURNING node""";

    private final DatabaseClient db;
    private final ApplicationEventPublisher events;
    private final String owner;
    private final Duration lease;
    private final int digits;
    private final int node;
    /** Renews for the bean's whole life, not the lifecycle's: a paused (test) context must not lose its node. */
    private final Disposable renewals;

    InstanceNode(DatabaseClient db, Identity identity, ApplicationEventPublisher events, MeterRegistry registry,
                 @Value("${hospay.instances.node-digits:1}") int digits,
                 @Value("${hospay.instances.node-lease:30s}") Duration lease,
                 @Value("${hospay.channels.insurance.msgid-node:#{null}}") Integer fixed) {
        if (digits != 1 && digits != 2) throw new IllegalStateException("hospay.instances.node-digits must be 1 or 2: " + digits);
        this.db = db;
        this.events = events;
        this.owner = identity.instanceId();
        this.lease = lease;
        this.digits = digits;
        int last = digits == 1 ? 9 : 99;
        if (fixed != null && (fixed < 0 || fixed > last)) {
            throw new IllegalStateException("hospay.channels.insurance.msgid-node must be 0-" + last + " with node-digits " + digits + ": " + fixed);
        }
        this.node = claim(fixed == null ? 0 : fixed, fixed == null ? last : fixed);
        log.info("instance node {} (of 0-{}) leased for {} by {}", node, last, lease, owner);
        Gauge.builder("hospay.instance.node", () -> node).description("This instance's leased msgid node").register(registry);
        renewals = Flux.interval(lease.dividedBy(3), lease.dividedBy(3)).onBackpressureDrop()
                .concatMap(tick -> renew().onErrorResume(e -> {
                    log.warn("msgid node {} not renewed this time: {}", node, e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    /** The node, for the insurance msgid. */
    public int node() {
        return node;
    }

    /** 1 (nodes 0–9) or 2 (nodes 0–99): the msgid's node width, the same on every instance. */
    public int digits() {
        return digits;
    }

    private int claim(int first, int last) {
        // Instances starting at once pick a random free node each, so they rarely race for the same one; when two do,
        // one insert wins and the other returns nothing and tries again. As many tries as nodes: only a full range fails.
        for (int attempt = 0; attempt <= last - first + 5; attempt++) {
            Integer won = db.sql(CLAIM).bind("first", first).bind("last", last).bind("owner", owner)
                    .bind("secs", (double) lease.toMillis() / 1000).map(r -> r.get("node", Integer.class)).one()
                    .block(Duration.ofSeconds(10));
            if (won != null) return won;
        }
        throw new IllegalStateException(first == last
                ? "msgid node " + first + " (hospay.channels.insurance.msgid-node) is held by another live instance"
                : "every msgid node 0-" + last + " is held by a live instance; set hospay.instances.node-digits=2 on all instances for up to 100");
    }

    private Mono<Void> renew() {
        return db.sql("UPDATE instance_node SET lease_until = now() + make_interval(secs => :secs) WHERE node = :node AND owner = :owner")
                .bind("secs", (double) lease.toMillis() / 1000).bind("node", node).bind("owner", owner)
                .fetch().rowsUpdated()
                .doOnNext(updated -> {
                    if (updated == 0) {
                        log.error("msgid node {} was taken over by another instance (this one stalled past its lease): "
                                + "refusing to go on sending msgids with it; liveness is BROKEN", node);
                        AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
                    }
                })
                .then();
    }

    /** Stops renewing without giving the node back: what a process that dies does (tests). */
    void crash() {
        renewals.dispose();
    }

    /** At the very end (after every lifecycle phase, before the connection pool closes): nothing sends msgids any more. */
    @Override
    public void destroy() {
        renewals.dispose();
        try {
            db.sql("UPDATE instance_node SET lease_until = now() + interval '5 seconds' WHERE node = :node AND owner = :owner")
                    .bind("node", node).bind("owner", owner).then().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("msgid node {} not released ({}); free once its lease ends", node, e.toString());
        }
    }
}
