package org.hospay.code;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * An aggregated code from scanner text to a verdict ({@link #parseAndVerify}) against the bare SM2
 * verification of the same key and signed bytes ({@link #bareVerifyRaw}), in one run so their ratio
 * is meaningful on a noisy machine, and parsing alone ({@link #parseOnly}). One thread; see
 * BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class AggregatedCodeBenchmark {

    private String text;
    private ScannedCodeParser parser;
    private AggregatedCodeVerifier verifier;
    private PublicKey key;
    private byte[] signedBytes;
    private byte[] signature;

    @Setup
    public void setUp() {
        // Fixed at issue time so the code never expires during the run.
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        var keyPair = DemoKeys.platformKeyPair(DemoKeys.CURRENT);
        // A realistic code: a 40-character ecToken and a WeChat pay_auth_no.
        text = new AggregatedCodeIssuer(DemoKeys.CURRENT, keyPair.getPrivate(), clock)
                .issue("440300", "EC4403" + "0123456789ABCDEF0123456789ABCDEF01", PayChannel.WECHAT,
                        "PAYAUTH-20261122-0001", Duration.ofMinutes(5));
        parser = new ScannedCodeParser(Pattern.compile("HC\\d{8}"), clock);
        verifier = new AggregatedCodeVerifier(DemoKeys.platformPublicKeys(), clock);
        key = keyPair.getPublic();
        var code = (ScannedCode.SignedCode) parser.parse(text);
        signedBytes = code.signedBytes();
        signature = code.signature();
        if (!(verifier.verify(code) instanceof Verification.Verified)
                || !Sm2.verifyRaw(key, signedBytes, signature)
                || !new String(signedBytes, StandardCharsets.US_ASCII).equals(text.substring(0, text.lastIndexOf('.')))) {
            throw new IllegalStateException("benchmark code does not verify");
        }
    }

    @Benchmark
    public Verification parseAndVerify() {
        return verifier.verify((ScannedCode.SignedCode) parser.parse(text));
    }

    /** Parsing alone, to show how little of {@link #parseAndVerify} is not the signature. */
    @Benchmark
    public ScannedCode parseOnly() {
        return parser.parse(text);
    }

    @Benchmark
    public boolean bareVerifyRaw() {
        return Sm2.verifyRaw(key, signedBytes, signature);
    }
}
