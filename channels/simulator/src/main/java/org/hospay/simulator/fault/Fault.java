package org.hospay.simulator.fault;

/**
 * Injected misbehaviour of one channel, as set by {@code PUT /sim/faults/{channel}}.
 *
 * @param latencyMs   fixed extra latency before answering
 * @param jitterMs    uniform random extra latency in [0, jitterMs]
 * @param errorRate   share of requests answered with the vendor's "system error" (5xx / SYSTEMERROR / 20000 / infcode -1)
 * @param timeoutRate share of requests that are processed (booked) but never answered: the unknown-outcome case
 * @param hang        every request is booked and never answered
 */
public record Fault(long latencyMs, long jitterMs, double errorRate, double timeoutRate, boolean hang) {

    public static final Fault NONE = new Fault(0, 0, 0, 0, false);

    public Fault {
        if (latencyMs < 0 || jitterMs < 0) throw new IllegalArgumentException("latencies must be >= 0");
        if (errorRate < 0 || errorRate > 1 || timeoutRate < 0 || timeoutRate > 1)
            throw new IllegalArgumentException("rates must be within [0, 1]");
    }
}
