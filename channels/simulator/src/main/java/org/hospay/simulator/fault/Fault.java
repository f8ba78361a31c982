package org.hospay.simulator.fault;

/**
 * Injected misbehaviour and the latency model of one channel, as set by {@code PUT /sim/faults/{channel}}
 * or, as the start-up default, by {@code sim.faults.<CHANNEL>.*}.
 *
 * @param latencyMs    base latency before answering (the median under LOGNORMAL)
 * @param jitterMs     UNIFORM: extra latency drawn from [0, jitterMs]
 * @param errorRate    share of requests answered with the vendor's "system error" (5xx / SYSTEMERROR / 20000 / infcode -1)
 * @param timeoutRate  share of requests that are processed (booked) but never answered: the unknown-outcome case
 * @param hang         every request is booked and never answered
 * @param distribution how the latency is drawn: FIXED (latencyMs), UNIFORM (+ jitter), LOGNORMAL (median latencyMs, shape sigma)
 * @param sigma        LOGNORMAL shape (0.25 is a mild tail, 1 a heavy one)
 * @param operations   the operations errors, timeouts and hangs apply to (empty: all); an operation matches
 *                     when its name contains one of these (insurance infno {@code 2207}, WeChat path
 *                     {@code codepay}, Alipay method {@code alipay.trade.pay}, UnionPay path {@code micropay});
 *                     latency applies to every operation
 */
public record Fault(long latencyMs, long jitterMs, double errorRate, double timeoutRate, boolean hang,
                    Distribution distribution, double sigma, java.util.Set<String> operations) {

    public enum Distribution { FIXED, UNIFORM, LOGNORMAL }

    public static final Fault NONE = new Fault(0, 0, 0, 0, false, Distribution.FIXED, 0, java.util.Set.of());

    public Fault {
        if (latencyMs < 0 || jitterMs < 0) throw new IllegalArgumentException("latencies must be >= 0, were " + latencyMs + "/" + jitterMs);
        if (errorRate < 0 || errorRate > 1 || timeoutRate < 0 || timeoutRate > 1 || errorRate + timeoutRate > 1)
            throw new IllegalArgumentException("rates must be within [0, 1] and sum to at most 1, were " + errorRate + "/" + timeoutRate);
        if (sigma < 0 || sigma > 3) throw new IllegalArgumentException("sigma must be within [0, 3], was " + sigma);
        if (distribution == null) distribution = jitterMs > 0 ? Distribution.UNIFORM : Distribution.FIXED;
        operations = operations == null ? java.util.Set.of() : java.util.Set.copyOf(operations);
    }

    /** Whether errors, timeouts and hangs apply to this operation. */
    boolean appliesTo(String operation) {
        if (operations.isEmpty()) return true;
        if (operation == null) return false;
        for (String o : operations) if (operation.contains(o)) return true;
        return false;
    }

    /** One latency draw in milliseconds. */
    long drawLatencyMs(java.util.random.RandomGenerator random) {
        return switch (distribution) {
            case FIXED -> latencyMs;
            case UNIFORM -> latencyMs + (jitterMs > 0 ? random.nextLong(jitterMs + 1) : 0);
            case LOGNORMAL -> Math.round(latencyMs * Math.exp(sigma * random.nextGaussian()));
        };
    }
}
