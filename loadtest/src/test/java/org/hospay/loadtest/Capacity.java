package org.hospay.loadtest;

import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steps the arrival rate of one-scan payments up, level by level (open model), and reports the last
 * level that held the objective: p99 ≤ floor + 50 ms (by default) with no unexpected error. Each
 * request is named by its level ({@code one-scan @ 60/s}), so every level has its own figures in
 * Gatling's report and in the summary. The run stops by itself once two levels in a row are far
 * past it (p99 over {@code capacity.stop.p99.ms}, 2 s, or over 1 % unexpected errors).
 *
 * <p>Knobs: {@code capacity.start} (20/s), {@code capacity.step} (20/s), {@code capacity.levels} (10),
 * {@code capacity.level.seconds} (15), {@code objective.p99.ms}, {@code latency.ms}.
 */
public class Capacity extends Rush {

    final double start = Settings.number("capacity.start", 20);
    final double step = Settings.number("capacity.step", 20);
    final int levels = Settings.integer("capacity.levels", 10);
    final int levelSeconds = Settings.integer("capacity.level.seconds", 15);
    final long objectiveP99 = Settings.integer("objective.p99.ms", (int) (floorMs(Mix.ONE_SCAN) + 50));
    final long stopP99 = Settings.integer("capacity.stop.p99.ms", 2000);
    private final AtomicLong levelsStart = new AtomicLong();
    private final Map<Integer, Boolean> farPast = new java.util.concurrent.ConcurrentHashMap<>();

    public Capacity() {
        super("Capacity", true);
        var steps = scenario("capacity one-scan")
                .exec(stopLoadGeneratorIf("two levels in a row far past the objective", this::farPastTwice))
                .exec(flows.payment(this::levelName, oneScan))
                .injectOpen(incrementUsersPerSec(step).times(levels).eachLevelLasting(Duration.ofSeconds(levelSeconds)).startingFrom(start))
                .protocols(gateway);
        setUp(withBaselines(List.of(steps)));
    }

    double rateOf(int level) {
        return start + level * step;
    }

    int levelOf(long millis) {
        long t0 = levelsStart.get();
        return t0 == 0 ? 0 : (int) Math.min(levels - 1, Math.max(0, (millis - t0) / (levelSeconds * 1000L)));
    }

    private String levelName(Session session) {
        long now = System.currentTimeMillis();
        levelsStart.compareAndSet(0, now);
        return label(rateOf(levelOf(now)));
    }

    static String label(double rate) {
        return String.format("one-scan @ %.0f/s", rate);
    }

    /** Whether the last two finished levels were far past the objective (the search is over). */
    private boolean farPastTwice(Session session) {
        long now = System.currentTimeMillis();
        int current = levelOf(now);
        int finished = 0;
        for (int l = current - 1; l >= 0 && l >= current - 2; l--) {
            // a level is judged once its last arrivals had time to answer
            if (now < levelsStart.get() + (l + 1) * levelSeconds * 1000L + 3000) continue;
            boolean far = farPast.computeIfAbsent(l, k -> {
                Recorder.Stats s = recorder.stats(label(rateOf(k)), n -> n.startsWith(label(rateOf(k))));
                return s.count() > 0 && (s.p99() > stopP99 || s.unexpected() > s.count() / 100);
            });
            if (far) finished++;
        }
        return finished == 2;
    }

    @Override
    Map<Mix, Integer> mainNeeds() {
        double arrivals = 0;
        for (int l = 0; l < levels; l++) arrivals += rateOf(l) * levelSeconds;
        return Map.of(Mix.ONE_SCAN, expected(arrivals));
    }

    List<Double> rates() {
        List<Double> r = new ArrayList<>();
        for (int l = 0; l < levels; l++) r.add(rateOf(l));
        return r;
    }

    @Override
    long objectiveP99Ms() {
        return objectiveP99;
    }

    @Override
    String profile() {
        return String.format("open model, one-scan payments only: %.0f/s, then +%.0f/s every %d s, %d levels (up to %.0f/s),"
                + " stopping once two levels in a row are far past the objective", start, step, levelSeconds, levels, rateOf(levels - 1));
    }
}
