package org.hospay.gateway.payment;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Graceful shutdown, first step (docs/operations.md): on SIGTERM this instance stops admitting payments (503
 * GATEWAY_STOPPING, and its health turns OUT_OF_SERVICE so load balancers send the windows elsewhere; a window's
 * retry with the same Idempotency-Key lands on another instance), then waits up to {@code hospay.engine.drain-timeout}
 * for the payments it runs to end. What is still open then is handed over when the lease heartbeat stops, last of
 * all ({@link LeaseHeartbeat#stop()}): its leases end at once and another instance's recovery sweep takes them.
 * The recovery sweep of this instance stops in the same phase as this one, so a stopping instance takes on nothing.
 */
/** Its health contributor is {@code admission}. */
@Component("admissionHealthIndicator")
class PaymentDrain implements SmartLifecycle, ReactiveHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(PaymentDrain.class);

    private final PaymentService payments;
    private final Duration timeout;
    private volatile boolean running;

    PaymentDrain(PaymentService payments, @Value("${hospay.engine.drain-timeout:12s}") Duration timeout) {
        this.payments = payments;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        payments.resumeAdmitting();
        running = true;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("stopped asynchronously: stop(Runnable)");
    }

    @Override
    public void stop(Runnable done) {
        payments.stopAdmitting();
        int atStart = payments.inFlight();
        log.info("stopping: no new payments; waiting up to {} for the {} running here", timeout, atStart);
        long started = System.nanoTime();
        Flux.interval(Duration.ZERO, Duration.ofMillis(100))
                .takeUntil(tick -> payments.inFlight() == 0 || System.nanoTime() - started >= timeout.toNanos())
                .then()
                .doFinally(signal -> {
                    int left = payments.inFlight();
                    if (left == 0) log.info("stopping: every payment admitted here has ended");
                    else log.warn("stopping: {} payment(s) still running after {}; their leases are handed over", left, timeout);
                    running = false;
                    done.run();
                })
                .subscribe();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** First to stop: before the recovery sweep's phase ends and long before the web server's graceful phase. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public reactor.core.publisher.Mono<Health> health() {
        return reactor.core.publisher.Mono.just(payments.admitting() ? Health.up().build()
                : Health.outOfService().withDetail("reason", "shutting down: no new payments").build());
    }
}
