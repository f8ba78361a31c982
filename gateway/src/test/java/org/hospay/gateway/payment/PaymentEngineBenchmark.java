package org.hospay.gateway.payment;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's own cost of one payment, without I/O: planning, the legs' intents and results, the join
 * and the events, on the in-memory repository with counterparties that answer at once. What is left of
 * a payment's CPU in the load test beyond this (and the crypto) is HTTP, JSON, the database and Redis
 * protocols. Run: {@code ./mvnw -B -pl aggregated-code,channels/adapters,channels/simulator,gateway -Pengine-bench test
 * -DskipTests} (results in gateway/target/jmh-result.json).
 *
 * <p>A fresh harness per call: the fakes remember every call they answered, which would otherwise grow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PaymentEngineBenchmark {

    private EngineHarness harness;
    private Bill bill;

    @Setup(Level.Invocation)
    public void newHarness() {
        harness = new EngineHarness(0, 2000, 3350);
        bill = harness.bill();
    }

    /** An aggregated code: insurance settlement and WeChat charge at once, then SUCCEEDED. */
    @Benchmark
    public PaymentState oneScan() {
        return harness.pay(bill, EngineHarness.aggregated(SelfPayMethod.WECHAT)).block();
    }

    /** A payment code alone: one channel leg. */
    @Benchmark
    public PaymentState paymentCode() {
        return harness.pay(bill, EngineHarness.code(SelfPayMethod.WECHAT)).block();
    }
}
