package org.hospay.code;

import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Payment-code classification: {@link ScannedCodeParser#parse} over a mix of random WeChat (all six
 * prefixes, so the ID-ambiguity check runs on five in six), Alipay (all lengths) and UnionPay codes,
 * with the system clock. One thread; see BENCHMARKS.md for the command and figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class ScannedCodeBenchmark {

    private static final int CODES = 1024;

    private final String[] paymentCodes = new String[CODES];
    private ScannedCodeParser parser;
    private int next;

    @Setup
    public void setUp() {
        parser = new ScannedCodeParser(Pattern.compile("HC\\d{8}"), Clock.systemUTC());
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < CODES; i++) {
            paymentCodes[i] = switch (i % 3) {
                case 0 -> digits(random, "1" + random.nextInt(6), 18);
                case 1 -> digits(random, String.valueOf(25 + random.nextInt(6)), 16 + random.nextInt(9));
                default -> digits(random, "62", 19);
            };
            if (parser.parse(paymentCodes[i]).kind() == ScannedCode.Kind.UNRECOGNIZED) {
                throw new IllegalStateException("benchmark input is not a payment code");
            }
        }
    }

    @Benchmark
    public ScannedCode classifyPaymentCode() {
        return parser.parse(paymentCodes[next++ & (CODES - 1)]);
    }

    private static String digits(SplittableRandom random, String prefix, int length) {
        StringBuilder s = new StringBuilder(prefix);
        while (s.length() < length) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }
}
