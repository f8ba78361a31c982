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
    /** Requests a retrying window sent more than once, by name; and the retries by what made the window retry. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> retried = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> retryReasons = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> lostAfterDrop = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> dropped = new ConcurrentHashMap<>();
    private final java.util.Queue<Long> retryTimes = new ConcurrentLinkedQueue<>();

    void record(String name, Answer a) {
        answers.computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>()).add(a);
    }

    /** A request of {@code name} was retried at least once before its recorded answer. */
    void retried(String name) {
        retried.computeIfAbsent(name, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    /** One retry, and why. */
    void retryAttempt(String reason) {
        retryReasons.computeIfAbsent(reason, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        retryTimes.add(System.currentTimeMillis());
    }

    /** A request one of whose attempts got no answer or a 502 (the instance it was on was killed). */
    void dropped(String name) {
        dropped.computeIfAbsent(name, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    int dropped(java.util.function.Predicate<String> filter) {
        return dropped.entrySet().stream().filter(e -> filter.test(e.getKey())).mapToInt(e -> e.getValue().get()).sum();
    }

    /** An unexpected final answer of a request one of whose attempts got no answer or a 502 (its instance was killed). */
    void lostAfterDrop(String name) {
        lostAfterDrop.computeIfAbsent(name, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    int lostAfterDrop(java.util.function.Predicate<String> filter) {
        return lostAfterDrop.entrySet().stream().filter(e -> filter.test(e.getKey())).mapToInt(e -> e.getValue().get()).sum();
    }

    /** When each retry was decided (ms since the epoch). */
    List<Long> retryTimes() {
        return List.copyOf(retryTimes);
    }

    int retried(java.util.function.Predicate<String> filter) {
        return retried.entrySet().stream().filter(e -> filter.test(e.getKey())).mapToInt(e -> e.getValue().get()).sum();
    }

    Map<String, Integer> retryReasons() {
        Map<String, Integer> out = new TreeMap<>();
        retryReasons.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Every answer of the names accepted by {@code filter}. */
    List<Answer> answers(java.util.function.Predicate<String> filter) {
        List<Answer> all = new ArrayList<>();
        answers.forEach((k, v) -> {
            if (filter.test(k)) all.addAll(v);
        });
        return all;
    }

    List<String> names() {
        return new ArrayList<>(new TreeMap<>(answers).keySet());
    }

    Stats stats(String name) {
        return stats(name, List.copyOf(answers.getOrDefault(name, new ConcurrentLinkedQueue<>())));
    }

    /** All answers of the names accepted by {@code filter}, as one population. */
    Stats stats(String label, java.util.function.Predicate<String> filter) {
        return stats(label, answers(filter));
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
