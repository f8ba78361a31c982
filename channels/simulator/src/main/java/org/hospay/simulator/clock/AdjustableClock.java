package org.hospay.simulator.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's business clock: real time shifted by an offset that tests and demos set through
 * {@code PUT /sim/clock}, so time rules (papay only 07:00–22:00 Beijing, once a day; bill dates; code
 * expiry) can be exercised at any hour. Time keeps running from the set instant. Signature timestamps
 * on the wire stay on real time: counterparties check them against their own clocks.
 */
public final class AdjustableClock extends Clock {

    private final Clock system;
    private final AtomicReference<Duration> offset;

    public AdjustableClock(Clock system) {
        this(system, new AtomicReference<>(Duration.ZERO));
    }

    private AdjustableClock(Clock system, AtomicReference<Duration> offset) {
        this.system = Objects.requireNonNull(system, "system");
        this.offset = offset;
    }

    /** From now on, the clock reads {@code now} (and runs on from there). */
    public void set(Instant now) {
        offset.set(Duration.between(system.instant(), now));
    }

    /** Back to real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    /** Same offset, shared: a zoned view moves when this clock is set. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new AdjustableClock(system.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset.get());
    }
}
