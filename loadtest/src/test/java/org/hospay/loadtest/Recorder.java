package org.hospay.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every answer of the run, by request name, sorted into the three outcomes the report keeps apart:
 * the expected result, a scripted decline (an expected business outcome, e.g. an INSUFFICIENT
 * wallet), and an unexpected error (5xx, timeout, an unknown code or state). Gatling keeps its own
 * statistics for the HTML report; this one feeds the Markdown summary and the capacity search.
 */
final class Recorder {

    enum Outcome { OK, SCRIPTED_DECLINE, UNEXPECTED }

    record Answer(long startMillis, long endMillis, int latencyMs, Outcome outcome, String reason) {}

    /** Latency and outcome figures of one request name. */
    record Stats(String name, int count, int ok, int scripted, int unexpected, int p50, int p95, int p99, int max,
                 long firstStart, long lastEnd, Map<String, Integer> reasons) {
        double throughputPerSec() {
            long span = Math.max(1, lastEnd - firstStart);
            return count * 1000.0 / span;
        }
    }

    private final Map<String, ConcurrentLinkedQueue<Answer>> answers = new ConcurrentHashMap<>();

    void record(String name, Answer a) {
        answers.computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>()).add(a);
    }

    List<String> names() {
        return new ArrayList<>(new TreeMap<>(answers).keySet());
    }

    Stats stats(String name) {
        return stats(name, List.copyOf(answers.getOrDefault(name, new ConcurrentLinkedQueue<>())));
    }

    /** All answers of the names accepted by {@code filter}, as one population. */
    Stats stats(String label, java.util.function.Predicate<String> filter) {
        List<Answer> all = new ArrayList<>();
        answers.forEach((k, v) -> {
            if (filter.test(k)) all.addAll(v);
        });
        return stats(label, all);
    }

    static Stats stats(String name, List<Answer> list) {
        int n = list.size();
        int[] lat = new int[n];
        int ok = 0, scripted = 0, unexpected = 0;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Answer a = list.get(i);
            lat[i] = a.latencyMs();
            switch (a.outcome()) {
                case OK -> ok++;
                case SCRIPTED_DECLINE -> scripted++;
                case UNEXPECTED -> {
                    unexpected++;
                    reasons.merge(a.reason(), 1, Integer::sum);
                }
            }
            first = Math.min(first, a.startMillis());
            last = Math.max(last, a.endMillis());
        }
        Arrays.sort(lat);
        return new Stats(name, n, ok, scripted, unexpected, pct(lat, 50), pct(lat, 95), pct(lat, 99), n == 0 ? 0 : lat[n - 1],
                n == 0 ? 0 : first, n == 0 ? 0 : last, reasons);
    }

    /** Nearest-rank percentile, as Gatling reports them. */
    static int pct(int[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
