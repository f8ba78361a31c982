package org.hospay.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Markdown summary of one run (loadtest/README.md, "Reading the summary"): where and how it ran,
 * the figures per request name, the three baselines as ratios, where the CPU went, memory, and the
 * first unexpected answers verbatim.
 */
final class Summary {

    private final Rush run;
    private final StringBuilder md = new StringBuilder();

    Summary(Rush run) {
        this.run = run;
    }

    Path write() throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Path dir = Settings.path("results", run.stack.dir.getParent().toString());
        Files.createDirectories(dir);
        Path file = dir.resolve(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-" + run.name.toLowerCase(Locale.ROOT) + ".md");
        header(now);
        results();
        if (run instanceof Capacity c) capacity(c);
        baselines();
        cpu();
        memory();
        unexpected();
        Files.writeString(file, md.toString());
        System.out.println(md);
        return file;
    }

    private void header(ZonedDateTime now) {
        line("# " + run.name + " — " + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        line("");
        line("| | |");
        line("|---|---|");
        row("Machine", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memTotal() + ", " + kernel());
        row("Load average (1/5/15 min)", "before: " + run.loadBefore + "; after: " + Rush.loadAverage());
        row("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        String extra = Settings.string("gateway.jvm.args", "").trim();
        row("Gateway JVM", "-Xms" + run.stack.gatewayHeap + " -Xmx" + run.stack.gatewayHeap + " G1, JSON (ECS) logs to a file, engine CONCURRENT"
                + (extra.isEmpty() ? "" : ", with `" + extra + "` (GATEWAY_JVM_ARGS)")
                + (run.baselines ? "; a second gateway in SEQUENTIAL mode for baseline (b)" : ""));
        row("Simulator", "-Xms" + run.stack.simulatorHeap + " -Xmx" + run.stack.simulatorHeap + ", every channel call FIXED "
                + run.latencyMs + " ms; signs every answer (SM2 / RSA-2048)");
        row("Also on the machine", "PostgreSQL and Redis (shared with anything else running), this Gatling JVM");
        row("Load", run.profile());
        row("Mix", mix());
        row("Set-up before the run", String.format("%.1f s (start JVMs, crypto baseline, make test data through the APIs)", run.setupMillis / 1000.0));
        row("Gatling HTML report", gatlingReport(run));
        line("");
    }

    private String mix() {
        if (run instanceof Capacity) return "one-scan payments only (aggregated codes, the self-pay part on WeChat 50 %, Alipay 35 %, UnionPay 15 %)";
        StringBuilder b = new StringBuilder();
        run.shares.forEach((m, share) -> b.append(String.format("%s %.2f %%, ", m.label, share * 100)));
        String s = b.substring(0, b.length() - 2);
        if (!run.his || !run.nfc || !run.credit) {
            java.util.List<String> off = new java.util.ArrayList<>();
            if (!run.his) off.add("HIS bill (family proxy)");
            if (!run.nfc) off.add("NFC checkout");
            if (!run.credit) off.add("credit (pay later)");
            s += ". The issue's mix is one-scan 40 %, commercial one-scan 5 %, payment code 20 %, HIS bill 10 %, credit 5 %, NFC 10 %,"
                    + " refund 5 %, classify 5 %; " + String.join(" and ", off)
                    + " switched off for this run (loadtest.mix.his / loadtest.mix.nfc / loadtest.mix.credit),"
                    + " their share spread over the others in proportion";
        }
        return s + (run.declineEvery > 0 ? ". Every " + run.declineEvery + "th code's wallet is scripted INSUFFICIENT (a scripted decline, counted apart)." : ". No scripted declines (loadtest.decline.every=0).");
    }

    private boolean isMain(String name) {
        return !name.startsWith(Rush.WARM_UP) && !name.startsWith(Rush.BASELINE);
    }

    private void results() {
        line("## Results of the main load");
        line("");
        line("Latencies in ms. *Floor*: the critical path implied by the simulator's fixed latencies"
                + " (one-scan: 1101 + 2201 + 2204 + 2206 + max(2207, charge) = " + run.floorMs(Mix.ONE_SCAN) + " ms; the policy look-up runs beside 2201–2206). Scripted declines are"
                + " expected outcomes; *unexpected* are 5xx, timeouts, unknown states or codes.");
        line("");
        line("| request | count | OK | scripted declines | unexpected | throughput /s | p50 | p95 | p99 | max | floor | p50 − floor | p99 − floor |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String name : run.recorder.names()) {
            if (!isMain(name)) continue;
            Recorder.Stats s = run.recorder.stats(name);
            Long floor = floorOf(name);
            // A rate needs at least two answers a while apart; a lone scripted decline has none.
            String rate = s.count() < 2 || s.lastEnd() - s.firstStart() < 1000 ? "—" : String.format("%.1f", s.throughputPerSec());
            line(String.format("| %s | %d | %d | %d | %d | %s | %d | %d | %d | %d | %s | %s | %s |", name, s.count(), s.ok(), s.scripted(),
                    s.unexpected(), rate, s.p50(), s.p95(), s.p99(), s.max(), floor == null ? "" : floor,
                    floor == null ? "" : s.p50() - floor, floor == null ? "" : s.p99() - floor));
        }
        Recorder.Stats all = main();
        line(String.format("| **all** | %d | %d | %d | %d | %.1f | %d | %d | %d | %d | | | |", all.count(), all.ok(), all.scripted(),
                all.unexpected(), all.throughputPerSec(), all.p50(), all.p95(), all.p99(), all.max()));
        line("");
        if (!(run instanceof Capacity)) {
            Recorder.Stats one = run.recorder.stats(Mix.ONE_SCAN.label);
            long floor = run.floorMs(Mix.ONE_SCAN);
            line("Targets (one-scan, the issue's at 200 payments/s): p50 ≤ floor + 10 ms: **" + verdict(one.count() > 0 && one.p50() <= floor + 10)
                    + "** (" + (one.p50() - floor) + " ms); p99 ≤ floor + 50 ms: **" + verdict(one.count() > 0 && one.p99() <= floor + 50)
                    + "** (" + (one.p99() - floor) + " ms); zero unexpected: **" + verdict(all.unexpected() == 0) + "** (" + all.unexpected()
                    + "). Gatling assertion on p99: < " + run.objectiveP99Ms() + " ms.");
            line("");
        }
        if (run instanceof PeakHour p) phases(p);
    }

    /**
     * One-scan latency by phase of the load, each answer counted in the phase its request arrived in: a tail made at
     * the start (a gateway that has not yet compiled the other flows' code meets the ramp) reads differently from one
     * made in the plateau. The plateau is also split in halves.
     */
    private void phases(PeakHour p) {
        List<Recorder.Answer> one = run.recorder.answers(Mix.ONE_SCAN.label::equals);
        if (one.isEmpty()) return;
        long start = run.recorder.answers(this::isMain).stream().mapToLong(Recorder.Answer::startMillis).min().orElseThrow();
        long floor = run.floorMs(Mix.ONE_SCAN);
        long rampEnd = start + p.ramp * 1000L, half = rampEnd + p.plateau * 500L, plateauEnd = rampEnd + p.plateau * 1000L;
        line("One-scan by phase of the load (by arrival; ms):");
        line("");
        line("| phase | seconds | count | p50 | p95 | p99 | p50 − floor | p99 − floor |");
        line("|---|---|---:|---:|---:|---:|---:|---:|");
        phase(one, "ramp", start, rampEnd, start, floor);
        phase(one, "plateau, first half", rampEnd, half, start, floor);
        phase(one, "plateau, second half", half, plateauEnd, start, floor);
        phase(one, "**plateau**", rampEnd, plateauEnd, start, floor);
        phase(one, "decay", plateauEnd, Long.MAX_VALUE, start, floor);
        line("");
    }

    private void phase(List<Recorder.Answer> answers, String label, long from, long to, long start, long floor) {
        List<Recorder.Answer> in = answers.stream().filter(a -> a.startMillis() >= from && a.startMillis() < to).toList();
        Recorder.Stats s = Recorder.stats(label, in);
        if (s.count() == 0) return;
        String seconds = (from - start) / 1000 + "–" + (to == Long.MAX_VALUE ? "end" : Long.toString((to - start) / 1000));
        line(String.format("| %s | %s | %d | %d | %d | %d | %d | %d |", label, seconds, s.count(), s.p50(), s.p95(), s.p99(),
                s.p50() - floor, s.p99() - floor));
    }

    private static String verdict(boolean held) {
        return held ? "held" : "missed";
    }

    private Recorder.Stats main() {
        return run.recorder.stats("all", this::isMain);
    }

    private Long floorOf(String name) {
        for (Mix m : Mix.values()) {
            if (name.startsWith(m.label) && !name.startsWith(m.label + " tap")) return run.floorMs(m);
        }
        return null;
    }

    private void capacity(Capacity c) {
        line("## Capacity search");
        line("");
        line("Objective per level: one-scan p99 ≤ " + c.objectiveP99Ms() + " ms (floor " + c.floorMs(Mix.ONE_SCAN)
                + " ms + 50 ms) and no unexpected error. CPU: share of the machine's 2 cores during the level.");
        line("");
        line("| arrivals /s | count | done /s | p50 | p95 | p99 | unexpected | objective | gateway CPU | simulator CPU | PostgreSQL CPU | Gatling CPU | machine busy |");
        line("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        double lastHeld = 0;
        boolean broken = false;
        double relaxed = 0;
        for (double rate : c.rates()) {
            String label = Capacity.label(rate);
            Recorder.Stats s = run.recorder.stats(label, n -> n.startsWith(label));
            if (s.count() == 0) continue;
            boolean held = s.p99() <= c.objectiveP99Ms() && s.unexpected() == 0;
            if (held && !broken) lastHeld = rate;
            if (!held) broken = true;
            if (s.p99() <= 1000 && s.unexpected() == 0 && relaxed == rate - c.step) relaxed = rate;
            if (relaxed == 0 && rate == c.start && s.p99() <= 1000 && s.unexpected() == 0) relaxed = rate;
            Map<String, Long> cpu = Sampler.delta(run.sampler.at(s.firstStart()), run.sampler.after(s.lastEnd()));
            double span = Math.max(1, cpu.get("machine capacity"));
            line(String.format("| %.0f | %d | %.1f | %d | %d | %d | %d | %s | %.0f %% | %.0f %% | %.0f %% | %.0f %% | %.0f %% |", rate, s.count(),
                    s.throughputPerSec(), s.p50(), s.p95(), s.p99(), s.unexpected(), held ? "held" : "missed",
                    pct(cpu.get(Sampler.GATEWAY), span), pct(cpu.get(Sampler.SIMULATOR), span), pct(cpu.get(Sampler.POSTGRES), span),
                    pct(cpu.get(Sampler.GATLING), span), pct(cpu.get("machine busy"), span)));
        }
        line("");
        line(String.format("**Capacity: %.0f one-scan payments/s** held the objective (the last level before the first miss)."
                + " With a looser p99 ≤ 1 s and no unexpected error: %.0f/s. The issue's target: ≥ 500/s.", lastHeld, relaxed));
        line("");
    }

    private static double pct(long part, double whole) {
        return 100.0 * part / whole;
    }

    private void baselines() {
        line("## Baselines measured in this run");
        line("");
        line("**(a) Critical-path floor.** Every simulated channel call answers after exactly " + run.latencyMs
                + " ms, so a one-scan payment cannot answer before " + run.floorMs(Mix.ONE_SCAN) + " ms (a payment code alone: "
                + run.floorMs(Mix.PAYMENT_CODE) + " ms; a partial refund: " + run.floorMs(Mix.REFUND)
                + " ms). The *p50 − floor* column above is the gateway's own latency: parsing, signatures, database, Redis, queueing.");
        line("");
        Recorder.Stats conc = run.recorder.stats(Rush.BASELINE + " CONCURRENT");
        Recorder.Stats seq = run.recorder.stats(Rush.BASELINE + " SEQUENTIAL");
        if (run.baselines && conc.count() > 0 && seq.count() > 0) {
            line("**(b) Sequential mode.** The same one-scan payment at " + run.probeRate + "/s for " + run.probeSeconds
                    + " s against the CONCURRENT gateway and, side by side, a second gateway with `HOSPAY_ENGINE_MODE=SEQUENTIAL`"
                    + " (settlement, then charge: the HIS way), both warmed up first:");
            line("");
            line("| engine | count | p50 | p95 | p99 | unexpected | floor | p50 − floor |");
            line("|---|---:|---:|---:|---:|---:|---:|---:|");
            line(String.format("| CONCURRENT | %d | %d | %d | %d | %d | %d | %d |", conc.count(), conc.p50(), conc.p95(), conc.p99(),
                    conc.unexpected(), run.floorMs(Mix.ONE_SCAN), conc.p50() - run.floorMs(Mix.ONE_SCAN)));
            line(String.format("| SEQUENTIAL | %d | %d | %d | %d | %d | %d | %d |", seq.count(), seq.p50(), seq.p95(), seq.p99(),
                    seq.unexpected(), run.sequentialFloorMs(), seq.p50() - run.sequentialFloorMs()));
            line("");
            line(String.format("Concurrency gain: p50 %d → %d ms, **%.2f×** faster (%d ms saved per payment; the floors predict %.2f×)."
                            + " The gain is one channel call's latency, so it grows with real channel latencies (hundreds of ms).",
                    seq.p50(), conc.p50(), (double) seq.p50() / Math.max(1, conc.p50()), seq.p50() - conc.p50(),
                    (double) run.sequentialFloorMs() / run.floorMs(Mix.ONE_SCAN)));
            line("");
        } else {
            line("**(b) Sequential mode.** Not measured in this run (baselines off).");
            line("");
        }
        if (run.crypto != null) {
            line("**(c) Mandatory crypto.** The signatures the protocols demand of the gateway, timed alone on one thread (its CPU time) with the"
                    + " gateway's code and DEMO keys before the load started:");
            line("");
            line("| operation | µs |");
            line("|---|---:|");
            run.crypto.table().forEach((op, us) -> line(Double.isNaN(us) ? String.format("| %s | n/a |", op) : String.format("| %s | %.0f |", op, us)));
            line(String.format("| **one one-scan payment**: 5 × (SM2 sign + verify) + RSA sign + verify (%s) + code verify | **%.0f** |",
                    run.crypto.nativeRsa() ? "native, as the gateway" : "JDK, as the gateway", run.crypto.oneScanMs() * 1000));
            line(String.format("| **one payment-code payment**: RSA sign + verify | **%.0f** |", run.crypto.paymentCodeMs() * 1000));
            line("");
        } else {
            line("**(c) Mandatory crypto.** Not measured in this run (loadtest.crypto.seconds=0).");
            line("");
        }
    }

    /** The gateway's mandatory crypto for the main load's requests, in ms: a refund is one channel call, a classification none. */
    private double mandatoryCryptoMs() {
        double ms = 0;
        for (String name : run.recorder.names()) {
            if (!isMain(name)) continue;
            Recorder.Stats s = run.recorder.stats(name);
            // An HIS bill of an insured patient makes the one-scan payment's calls (by card, without the code's verification).
            if (name.startsWith(Mix.ONE_SCAN.label) || name.startsWith(Mix.COMMERCIAL.label) || name.startsWith(Mix.HIS_BILL.label)
                    || name.startsWith(Mix.NFC_CHECKOUT.label) && !name.contains(" tap")) {
                ms += s.count() * run.crypto.oneScanMs();
            } else if (name.startsWith(Mix.PAYMENT_CODE.label) || name.startsWith(Mix.REFUND.label)) {
                ms += s.count() * run.crypto.paymentCodeMs();
            }
        }
        return ms;
    }

    private int payments() {
        int n = 0;
        for (String name : run.recorder.names()) {
            if (!isMain(name)) continue;
            for (Mix m : Mix.values()) {
                if (m.isPayment() && name.startsWith(m.label) && !name.contains(" tap")) n += run.recorder.stats(name).count();
            }
        }
        return n;
    }

    private void cpu() {
        Recorder.Stats all = main();
        if (all.count() == 0 || run.sampler == null) return;
        Sampler.Sample from = run.sampler.at(all.firstStart());
        Sampler.Sample to = run.sampler.after(all.lastEnd());
        Map<String, Long> d = Sampler.delta(from, to);
        double capacity = Math.max(1, d.get("machine capacity"));
        int payments = payments();
        line("## Where the CPU goes (main load, " + String.format("%.0f s", (to.atMillis() - from.atMillis()) / 1000.0) + ")");
        line("");
        line("From `/proc/<pid>/stat` (user + system) sampled every second; *other* is machine busy time no process of this run"
                + " accounts for (other builds on the shared machine, the kernel). PostgreSQL counts the backends of this run's database"
                + " and the server's shared background processes; Redis is the whole shared server.");
        line("");
        line("| process | CPU ms | share of the machine | ms per request (" + all.count() + ") | ms per payment (" + payments + ") |");
        line("|---|---:|---:|---:|---:|");
        d.forEach((k, v) -> {
            if (k.equals("machine capacity")) return;
            if (k.equals(Sampler.SEQUENTIAL_GATEWAY) && !run.baselines) return;
            line(String.format("| %s | %d | %.0f %% | %.2f | %.2f |", k, v, pct(v, capacity), (double) v / all.count(),
                    payments == 0 ? 0 : (double) v / payments));
        });
        line("");
        long gw = d.get(Sampler.GATEWAY);
        int answered = all.ok() + all.scripted();
        line(String.format("**Gateway CPU: %.2f ms per request, %.2f ms per payment.** Per request answered as expected (%d of %d): %.2f ms"
                        + " (the honest figure when many requests timed out: their work was partly done).", (double) gw / all.count(),
                payments == 0 ? 0 : (double) gw / payments, answered, all.count(), answered == 0 ? 0 : (double) gw / answered));
        if (run.crypto != null) {
            double crypto = mandatoryCryptoMs();
            line(String.format(" Mandatory crypto of this mix: %.2f ms per request (%.0f ms in all); the gateway spends **%.1f×** that"
                    + " (the rest: HTTP, JSON, R2DBC/PostgreSQL protocol, Redis, the engine, GC).", crypto / all.count(), crypto, gw / Math.max(1e-9, crypto)));
            long sim = d.get(Sampler.SIMULATOR);
            line(String.format(" The simulator, which verifies and signs the mirror image of the same messages, spent %.2f ms per request"
                    + " (%.1f× the same crypto).", (double) sim / all.count(), sim / Math.max(1e-9, crypto)));
        }
        long jit = Sampler.part(from, to, Sampler.GATEWAY_JIT);
        long gc = Sampler.part(from, to, Sampler.GATEWAY_GC);
        if (gw > 0 && jit + gc > 0) {
            String ofCrypto = run.crypto == null ? "" : String.format(", %.1f× the mandatory crypto", (gw - jit) / Math.max(1e-9, mandatoryCryptoMs()));
            line(String.format(" Of the gateway's CPU, its JIT compiler threads took %.0f %% (%.2f ms per request; a gateway that has run for"
                            + " a while has compiled its hot code and no longer pays it) and its GC threads %.0f %% (%.2f ms per request)."
                            + " Without the JIT's share: **%.2f ms per request**%s.", pct(jit, gw), (double) jit / all.count(), pct(gc, gw),
                    (double) gc / all.count(), (double) (gw - jit) / all.count(), ofCrypto));
        }
        line("");
    }

    private void memory() {
        Recorder.Stats all = main();
        if (run.sampler == null) return;
        long maxHeap = run.sampler.maxHeapBytes(all.firstStart(), all.lastEnd() + 2000);
        line("## Memory");
        line("");
        line(String.format("Gateway: fixed heap %s, heap in use at most %s (sampled every 5 s), resident set at most %d MiB."
                        + " Simulator: resident set at most %d MiB.", run.stack.gatewayHeap, maxHeap < 0 ? "unknown" : (maxHeap >> 20) + " MiB",
                run.sampler.gatewayPeakRssKb() >> 10, run.sampler.simulatorPeakRssKb() >> 10));
        line("");
    }

    private void unexpected() {
        line("## Unexpected answers");
        line("");
        Recorder.Stats all = main();
        List<String> reasons = new ArrayList<>();
        for (String name : run.recorder.names()) {
            run.recorder.stats(name).reasons().forEach((r, n) -> reasons.add("- " + name + ": " + r + " × " + n));
        }
        if (reasons.isEmpty()) {
            line("None" + (all.count() > 0 ? "." : " (no request was answered)."));
        } else {
            reasons.forEach(this::line);
            line("");
            line("First answers verbatim (cut at 300 characters):");
            line("");
            line("```");
            run.flows.unexpectedShown.forEach(this::line);
            line("```");
        }
        line("");
    }

    static String gatlingReport(Rush run) {
        Path results = Settings.path("gatlingResults", "target/gatling");
        try (var dirs = Files.list(results)) {
            Predicate<Path> mine = p -> p.getFileName().toString().startsWith(run.getClass().getSimpleName().toLowerCase(Locale.ROOT) + "-");
            return dirs.filter(mine).max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> "`" + p.resolve("index.html") + "` (under `target/`, not committed)").orElse("none found under " + results);
        } catch (IOException e) {
            return "none found under " + results;
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> (Long.parseLong(l.replaceAll("\\D", "")) >> 20) + " GiB RAM").findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    static String kernel() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private void row(String k, String v) {
        line("| " + k + " | " + v.replace("|", "\\|") + " |");
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
