package org.hospay.gateway.invoice;

import java.time.Duration;
import java.time.Instant;

/**
 * How far back the invoice relay looks for payments and refunds without their receipts. The whole look-back on
 * the first pass and again every {@code fullEvery}; in between, only since the last pass that completed, less an
 * overlap: a payment's {@code completed_at} is stamped by the instance that finished it just before its statement
 * commits, so a row may land a little after the time it carries (pool wait, another instance's clock). The full
 * sweeps catch anything later still. Scanning three days of payments every second cost the database more CPU per
 * payment than the payment itself under load. Passes never overlap (PeriodicPass), so plain fields suffice.
 */
final class SweepWindow {

    private final Duration lookBack;
    private final Duration fullEvery;
    private final Duration overlap;
    private volatile Instant lastFull;
    private volatile Instant sweptFrom;

    SweepWindow(Duration lookBack, Duration fullEvery, Duration overlap) {
        this.lookBack = lookBack;
        this.fullEvery = fullEvery;
        this.overlap = overlap;
    }

    /** Whether a pass starting at {@code now} sweeps the whole look-back. */
    boolean full(Instant now) {
        return lastFull == null || sweptFrom == null || !now.isBefore(lastFull.plus(fullEvery));
    }

    /** The earliest completion a pass starting at {@code now} looks at. */
    Instant since(Instant now) {
        Instant all = now.minus(lookBack);
        if (full(now)) return all;
        Instant recent = sweptFrom.minus(overlap);
        return recent.isAfter(all) ? recent : all;
    }

    /** The pass that started at {@code now} found everything it looked for: the next one can start from there. */
    void completed(Instant now, boolean wasFull) {
        if (wasFull) lastFull = now;
        sweptFrom = now;
    }
}
