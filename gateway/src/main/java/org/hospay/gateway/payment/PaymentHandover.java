package org.hospay.gateway.payment;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown, next to last step: after the drain and the web server, the engine's work on whatever this
 * instance still runs is cancelled, so that once {@link LeaseHeartbeat} (the phase below) hands the leases over, no
 * payment has two drivers. A call that was on the wire is then exactly what a crash leaves: its intent is stored and
 * the next driver queries it before deciding.
 */
@Component
class PaymentHandover implements SmartLifecycle {

    private final PaymentService payments;
    private volatile boolean running;

    PaymentHandover(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        payments.abandonRunning();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LeaseHeartbeat.HANDOVER_PHASE + 1;
    }
}
