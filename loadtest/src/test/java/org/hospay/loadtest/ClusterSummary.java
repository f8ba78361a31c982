package org.hospay.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Markdown summary of a cluster run (loadtest/README.md, "The cluster mode"): where it ran, the timeline of the
 * kill, throughput per phase and per 5 s, when it was back, what the windows saw (answered as expected, unexpected,
 * retried, lost) and the books check. Seconds are counted from the first arrival; a request counts for the second
 * its final answer came (throughput) or it arrived (arrivals, latency).
 */
final class ClusterSummary {

    private final ClusterPeak run;
    private final StringBuilder md = new StringBuilder();
    private final List<Recorder.Answer> answers;
    private final long t0;
    private final int warmEnd, kill, restart, up, end, last;
    private final int[] expected, unexpected, arrived, retries;
    private final List<String> problems = new ArrayList<>();
    private double beforeRate = Double.NaN;
    private int recovery = -1;

    ClusterSummary(ClusterPeak run) {
        this.run = run;
        this.answers = run.recorder.answers(n -> true);
        this.t0 = run.firstArrival.get();
        this.warmEnd = run.warmup;
        this.kill = second(run.killedAt);
        this.restart = second(run.restartAt);
        this.up = second(run.upAt);
        this.end = run.warmup + run.measuredSeconds();
        int lastEnd = end;
        for (Recorder.Answer a : answers) lastEnd = Math.max(lastEnd, (int) ((a.endMillis() - t0) / 1000));
        this.last = lastEnd;
        expected = new int[last + 1];
        unexpected = new int[last + 1];
        arrived = new int[last + 1];
        retries = new int[last + 1];
        for (long at : run.recorder.retryTimes()) retries[Math.max(0, Math.min(last, (int) ((at - t0) / 1000)))]++;
        for (Recorder.Answer a : answers) {
            int e = Math.max(0, (int) ((a.endMillis() - t0) / 1000));
            if (a.outcome() == Recorder.Outcome.UNEXPECTED) unexpected[e]++;
            else expected[e]++;
            arrived[Math.max(0, Math.min(last, (int) ((a.startMillis() - t0) / 1000)))]++;
        }
    }

    /** Seconds since the first arrival of an instant (ms since the epoch); -1 when it did not happen. */
    private int second(long millis) {
        return millis == 0 || t0 == 0 ? -1 : (int) ((millis - t0) / 1000);
    }

    Path write() throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Path dir = Settings.path("results", run.stack.dir.getParent().toString());
        Files.createDirectories(dir);
        Path file = dir.resolve(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-cluster-peak.md");
        String loadAfter = Rush.loadAverage();
        // The figures first: the verdict on top needs them.
        phases();
        cpu();
        buckets();
        requests();
        books();
        String body = md.toString();
        md.setLength(0);
        line("# Cluster kill under the PeakHour mix — " + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        line("");
        line("**Verdict: " + verdict() + "**");
        line("");
        line("| | |");
        line("|---|---|");
        row("Machine", Summary.cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + Summary.memTotal() + ", " + Summary.kernel());
        row("Load average (1/5/15 min)", "before: " + run.loadBefore + "; at the kill: " + run.loadAtKill + "; after: " + loadAfter);
        row("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        row("Cluster", run.instances + " gateways (`infra/cluster.sh`, DEMO mode, JVM `" + run.cluster.javaOpts + "`) behind "
                + Cluster.haproxyVersion() + " on 127.0.0.1:" + Cluster.LB_PORT + " (least connections, readiness checked every 1 s,"
                + " out after 3 failed checks and back after 2, retries 2 with redispatch), one channel simulator, PostgreSQL and Redis"
                + " shared; this run's database `" + run.cluster.database + "` and Redis prefix `" + run.cluster.redisPrefix + "` (removed afterwards)");
        row("Simulator", "every channel call FIXED " + run.latencyMs + " ms; signs every answer (SM2 / RSA-2048)");
        row("Also on the machine", "PostgreSQL and Redis (shared with anything else running), this Gatling JVM");
        row("Load", run.profile());
        row("Mix", mix());
        row("Windows", "every request retried with the same Idempotency-Key and body, signed afresh, on no answer, 502/503/504, 409"
                + " REQUEST_IN_PROGRESS / BILL_PAYMENT_IN_PROGRESS, 429 or (twice at most) 401, " + run.retry.pause().toMillis()
                + " ms apart; a 202 followed with GET /api/v1/payments/{id}; FAILED INTERRUPTED presented again with a new key; for at"
                + " most " + run.retry.budget().toSeconds() + " s from the first send (then: lost)");
        row("Kill", run.killedAt == 0 ? "did not happen" + problem() : String.format("gateway %d (pid %s) SIGKILLed at t = %d s (`infra/cluster.sh"
                + " kill %d` took %d ms); started again at t = %s s, answering its health check at t = %s s%s", run.victim, run.victimPid, kill,
                run.victim, run.killCommandMillis, restart < 0 ? "—" : restart, up < 0 ? "—" : up, problem()));
        row("Set-up before the run", String.format("%.1f s (start the cluster, make test data through HAProxy and the simulator)", run.setupMillis / 1000.0));
        row("Gatling HTML report", Summary.gatlingReport(run) + "; it counts every attempt (retries as *name (retry)*, follow-ups as *name (follow 202)*)");
        row("Logs", "`.cluster/` (gateway-N.log, simulator.log, haproxy.cfg), cluster.sh's output in `" + run.cluster.log + "`");
        line("");
        md.append(body);
        Files.writeString(file, md.toString());
        System.out.println(md);
        return file;
    }

    private String problem() {
        return run.drillProblem == null ? "" : " (" + run.drillProblem + ")";
    }

    private String mix() {
        StringBuilder b = new StringBuilder();
        run.shares.forEach((m, share) -> b.append(String.format("%s %.2f %%, ", m.label, share * 100)));
        return b.substring(0, b.length() - 2) + (run.declineEvery > 0 ? ". Every " + run.declineEvery
                + "th code's wallet is scripted INSUFFICIENT (a scripted decline: answered as expected)." : ".");
    }

    /** "PASS" or "FAIL: why", from the figures {@link #write} worked out. */
    String verdict() {
        return problems.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", problems);
    }

    private void phases() {
        line("## Throughput by phase");
        line("");
        line("*Answered as expected*: the final answer was the expected result or a scripted decline, after any retries."
                + " Latency is the window's: from its first send to its final answer.");
        line("");
        line("| phase | t (s) | requests /s (first send) | answered as expected /s | unexpected | retries | p50 ms | p99 ms |");
        line("|---|---|---:|---:|---:|---:|---:|---:|");
        phase("warm-up (not measured)", 0, warmEnd);
        if (kill >= 0) {
            beforeRate = phase("**before** the kill", warmEnd, kill);
            phase("**during**: kill → restart", kill, restart >= 0 ? restart : end);
            if (restart >= 0) phase("restart → health check answered", restart, up >= 0 ? up : end);
            if (up >= 0) phase("**after**: restarted instance up → end", up, end);
        } else {
            phase("measured (no kill happened)", warmEnd, end);
            problems.add("the gateway was not killed");
        }
        phase("after the load: late answers", end, last + 1);
        line("");
        if (kill < 0 || Double.isNaN(beforeRate)) return;
        int until = restart >= 0 ? restart : end;
        double threshold = run.recoveryShare * beforeRate;
        int lastLow = -1;
        double lowest = Double.MAX_VALUE;
        for (int s = kill; s + 5 <= until; s++) {
            double mean = mean(expected, s, s + 5);
            lowest = Math.min(lowest, mean);
            if (mean < threshold) lastLow = s;
        }
        recovery = until - kill < 5 ? -1 : lastLow < 0 ? 0 : lastLow + 5 - kill;
        if (recovery < 0) {
            line("Recovery: not measured (less than 5 s between the kill and the restart).");
            problems.add("recovery not measured");
        } else {
            line(String.format("**Throughput back %d s after the kill** (limit %d s): from then on every 5-s window up to the restart answered"
                            + " at least %.0f %% of the before-rate (%.1f/s, so ≥ %.1f/s); the lowest 5-s window after the kill: %.1f/s.",
                    recovery, run.recoveryLimit, run.recoveryShare * 100, beforeRate, threshold, lowest));
            if (recovery > run.recoveryLimit) problems.add("throughput back only " + recovery + " s after the kill (limit " + run.recoveryLimit + " s)");
        }
        if (up >= 0) {
            double lowestAfter = Double.MAX_VALUE;
            for (int s = restart; s + 5 <= end; s++) lowestAfter = Math.min(lowestAfter, mean(expected, s, s + 5));
            if (lowestAfter < Double.MAX_VALUE) line(String.format(" The lowest 5-s window from the restart to the end: %.1f/s.", lowestAfter));
        } else {
            problems.add("the killed gateway did not come back");
        }
        line("");
    }

    private double phase(String name, int from, int to) {
        if (to <= from) return Double.NaN;
        List<Recorder.Answer> in = answers.stream().filter(a -> a.startMillis() >= t0 + from * 1000L && a.startMillis() < t0 + to * 1000L).toList();
        Recorder.Stats s = Recorder.stats(name, in);
        double rate = mean(expected, from, to);
        line(String.format("| %s | %d–%d | %.1f | %.1f | %d | %d | %d | %d |", name, from, to, mean(arrived, from, to), rate,
                sum(unexpected, from, to), sum(retries, from, to), s.p50(), s.p99()));
        return rate;
    }

    private void cpu() {
        if (run.cpu == null || t0 == 0) return;
        line("## Where the CPU went");
        line("");
        line("Share of the machine (" + Runtime.getRuntime().availableProcessors() + " cores = 100 %), from /proc once a second."
                + " PostgreSQL and Redis are the whole servers (shared with anything else using them); *other* is busy time no process"
                + " of the run accounts for: other work on the machine, the kernel.");
        line("");
        line("| phase | " + String.join(" | ", ClusterCpu.GROUPS) + " | machine busy |");
        line("|---|" + "---:|".repeat(ClusterCpu.GROUPS.size() + 1));
        cpuRow("warm-up", 0, warmEnd);
        if (kill >= 0) {
            cpuRow("before", warmEnd, kill);
            cpuRow("during", kill, restart >= 0 ? restart : end);
            if (restart >= 0) cpuRow("restart", restart, up >= 0 ? up : end);
            if (up >= 0) cpuRow("after", up, end);
        }
        line("");
    }

    private void cpuRow(String name, int from, int to) {
        if (to <= from) return;
        Map<String, Double> shares = run.cpu.shares(t0 + from * 1000L, t0 + to * 1000L);
        double busy = shares.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sum();
        StringBuilder b = new StringBuilder("| " + name + " (" + from + "–" + to + " s) |");
        shares.values().forEach(v -> b.append(v.isNaN() ? " — |" : String.format(" %.0f %% |", v)));
        line(b.append(String.format(" %.0f %% |", busy)).toString());
    }

    private void buckets() {
        line("## Per 5 seconds");
        line("");
        line("```");
        line("   t     sent  answered  unexpected  retries");
        for (int s = 0; s <= last; s += 5) {
            int to = Math.min(last + 1, s + 5);
            String mark = "";
            if (kill >= s && kill < to) mark += "  <- SIGKILL gateway " + run.victim;
            if (restart >= s && restart < to) mark += "  <- restart";
            if (up >= s && up < to) mark += "  <- restarted gateway answers";
            if (end >= s && end < to) mark += "  <- load ends";
            if (warmEnd >= s && warmEnd < to) mark += "  <- warm-up over";
            double rate = mean(expected, s, to);
            line(String.format("%4d  %5.1f/s  %6.1f/s  %10d  %7d  %s%s", s, mean(arrived, s, to), rate, sum(unexpected, s, to),
                    sum(retries, s, to), "#".repeat((int) Math.round(rate)), mark));
        }
        line("```");
        line("");
    }

    private void requests() {
        Recorder.Stats all = Recorder.stats("all", answers);
        int retried = run.recorder.retried(n -> true);
        int inFlight = run.recorder.lostAfterDrop(n -> true);
        int dropped = run.recorder.dropped(n -> true);
        int beyond = all.unexpected() - inFlight;
        line("## What the windows saw");
        line("");
        line(String.format("%d requests: **%d answered as expected** (%d as the expected result, %d scripted declines), **%d unexpected**;"
                        + " **%d retried** by their window before their final answer. The killed instance had %d in flight (an attempt"
                        + " got no answer or a 502; or sent before the kill, the first answer was a 401 or a 409 in progress: HAProxy had"
                        + " closed the connection and the HTTP client resent it). **Lost** (never answered as expected, retries"
                        + " included): **%d**, of which %d were the killed instance's in-flight ones and **%d beyond those**.", all.count(), all.ok() + all.scripted(), all.ok(), all.scripted(),
                all.unexpected(), retried, dropped, all.unexpected(), inFlight, beyond));
        if (beyond > 0) problems.add(beyond + " requests lost beyond the killed instance's in-flight ones");
        line("");
        Map<String, Integer> reasons = run.recorder.retryReasons();
        if (!reasons.isEmpty()) {
            line("Retries (attempts) by what the window got: " + String.join(", ", reasons.entrySet().stream()
                    .map(e -> e.getKey() + " × " + e.getValue()).toList()) + ".");
            line("");
        }
        line("| request | count | answered as expected | unexpected | retried | p50 ms | p95 ms | p99 ms | max ms |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String name : run.recorder.names()) {
            Recorder.Stats s = run.recorder.stats(name);
            line(String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %d |", name, s.count(), s.ok() + s.scripted(), s.unexpected(),
                    run.recorder.retried(n -> n.equals(name)), s.p50(), s.p95(), s.p99(), s.max()));
        }
        line("");
        Map<String, Integer> why = new TreeMap<>();
        for (String name : run.recorder.names()) run.recorder.stats(name).reasons().forEach((r, n) -> why.merge(name + ": " + r, n, Integer::sum));
        if (!why.isEmpty()) {
            line("Unexpected final answers:");
            line("");
            why.forEach((r, n) -> line("- " + r + " × " + n));
            line("");
            line("```");
            run.flows.unexpectedShown.forEach(this::line);
            line("```");
            line("");
        }
    }

    private void books() {
        line("## Books");
        line("");
        ClusterBooks.Result b = run.books;
        if (b == null) {
            line("Not checked: " + run.booksProblem);
            problems.add("books not checked");
            line("");
            return;
        }
        line(String.format("This run's database against the simulator's ledgers, after waiting %.1f s (at most %d s) for what was still"
                + " running to finish. A leg agrees when what the gateway says it keeps equals what its counterparty holds under the leg's"
                + " request id (booked in, minus refunds, reversals and cancels).", b.drainedMillis() / 1000.0, run.drainSeconds));
        line("");
        line("| check | found |");
        line("|---|---:|");
        line("| payments in the database | " + b.payments() + " (" + String.join(", ", b.byStatus().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()) + ") |");
        line("| legs compared with the counterparties' ledgers | " + b.legs() + " |");
        line("| payments not final (RECEIVED / PROCESSING / PENDING) | " + b.unfinished() + " |");
        line("| legs left open (sent, pending, unknown, for review) on final payments | " + b.openLegs() + " |");
        line("| compensations / refunds not finished | " + b.openCompensations() + " / " + b.openRefunds() + " |");
        line("| legs on which the gateway and the counterparty disagree (one-sided) | " + b.oneSidedLegs() + " |");
        line("| FAILED payments keeping money (a SUCCEEDED leg not compensated) | " + b.failedKeepingMoney() + " |");
        line("| money booked under a request id no leg or deduction knows (one-sided) | " + b.unknownBookings() + " |");
        line("| bills with more than one payment not FAILED | " + b.doubleLive() + " |");
        line("| bills with more than one payment holding money at a counterparty | " + b.doubleHeld() + " |");
        line("| request ids booked more than once at a counterparty | " + b.bookedTwice() + " |");
        line("| successful payments whose succeeded legs do not add up to the bill (or leg refunds to the payment's) | " + b.notAddingUp() + " |");
        line("");
        line("**One-sided legs: " + b.oneSided() + ". Double charges: " + b.doubleCharges() + ".**");
        line("");
        if (!b.examples().isEmpty()) {
            line("```");
            b.examples().forEach(this::line);
            line("```");
            line("");
        }
        if (b.oneSided() > 0) problems.add(b.oneSided() + " one-sided");
        if (b.doubleCharges() > 0) problems.add(b.doubleCharges() + " double charges");
        if (!b.clean() && b.oneSided() == 0 && b.doubleCharges() == 0) problems.add("books not clean (unfinished or not adding up)");
    }

    private static double mean(int[] per, int from, int to) {
        return to > from ? (double) sum(per, from, to) / (to - from) : 0;
    }

    private static int sum(int[] per, int from, int to) {
        int n = 0;
        for (int s = Math.max(0, from); s < Math.min(per.length, to); s++) n += per[s];
        return n;
    }

    private void row(String k, String v) {
        line("| " + k + " | " + v.replace("|", "\\|") + " |");
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
