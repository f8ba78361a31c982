package org.hospay.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The morning rush's mix through HAProxy in front of a cluster of gateways ({@code infra/cluster.sh}), one of
 * which is SIGKILLed partway through and started again later (docs/operations.md §6, the load test's side of
 * ClusterKillIT). Every request is a window's that retries with its Idempotency-Key ({@link Flows#retrying}).
 *
 * <p>Timeline, from the first arrival: a warm-up (the rate ramps up from a fifth; not measured), <i>before</i>
 * (the whole cluster), SIGKILL of gateway {@code cluster.victim}, <i>during</i> (the others carry the load), the
 * restart (blocking until it answers its health check), then <i>after</i> until the load ends. Once every window
 * has its answer the books are checked in the cluster's database against the simulator's ledgers
 * ({@link ClusterBooks}), the summary is written to loadtest/results/ and the cluster taken down, whatever happened.
 * The verdict (books clean, nothing lost, throughput back within the limit) goes to {@code cluster-verdict.txt},
 * which infra/loadtest.sh turns into its exit code.
 *
 * <p>Knobs: {@code cluster.rate} (10 arrivals/s), {@code cluster.warmup} (40 s), {@code cluster.before} (25 s),
 * {@code cluster.during} (25 s: kill to restart), {@code cluster.after} (55 s: from the restart to the end, the
 * restart's own start-up included), {@code cluster.instances} (3), {@code cluster.victim} (2), {@code cluster.retry.seconds}
 * (60: a window's budget), {@code cluster.retry.pause.ms} (500), {@code cluster.drain.seconds} (60),
 * {@code cluster.recovery.share} (0.8), {@code cluster.recovery.limit} (20 s), {@code cluster.java.opts}; and the
 * mix's: {@code mix.*}, {@code decline.every}, {@code latency.ms} (100 here), {@code his.cards} (50 here), {@code credit.cards}.
 */
public class ClusterPeak extends Rush {

    final double rate = Settings.number("cluster.rate", 10);
    final int warmup = Settings.integer("cluster.warmup", 40);
    final int before = Settings.integer("cluster.before", 25);
    final int during = Settings.integer("cluster.during", 25);
    final int afterRestart = Settings.integer("cluster.after", 55);
    final int instances = Settings.integer("cluster.instances", 3);
    final int victim = Settings.integer("cluster.victim", 2);
    final Flows.Retry retry;
    final int drainSeconds = Settings.integer("cluster.drain.seconds", 60);
    final double recoveryShare = Settings.number("cluster.recovery.share", 0.8);
    final int recoveryLimit = Settings.integer("cluster.recovery.limit", 20);
    final Cluster cluster;

    /** Milliseconds since the epoch: the first arrival, the kill, the restart's start and when it answered (0: not yet). */
    final AtomicLong firstArrival = new AtomicLong();
    volatile long killedAt;
    volatile long killCommandMillis;
    volatile long restartAt;
    volatile long upAt;
    volatile String loadAtKill = "";
    volatile String victimPid = "?";
    volatile String drillProblem;
    ClusterBooks.Result books;
    ClusterCpu cpu;
    String booksProblem;
    private Thread drill;

    public ClusterPeak() {
        super("ClusterPeak", false, Cluster.url());
        if (instances < 2 || victim < 1 || victim > instances) {
            throw new IllegalArgumentException("loadtest.cluster.victim must be one of 1.." + instances + " and cluster.instances at least 2");
        }
        cluster = new Cluster(stack.dir, instances, latencyMs);
        retry = new Flows.Retry(Duration.ofSeconds(Settings.integer("cluster.retry.seconds", 60)),
                Duration.ofMillis(Settings.integer("cluster.retry.pause.ms", 500)), () -> killedAt);
        flows.retrying(retry);
        List<PopulationBuilder> load = new ArrayList<>();
        shares.forEach((m, share) -> load.add(scenario(m.label).exec(this::arrived).exec(chain(m)).injectOpen(
                rampUsersPerSec(rate * share / 5).to(rate * share).during(Duration.ofSeconds(warmup)),
                constantUsersPerSec(rate * share).during(Duration.ofSeconds(measuredSeconds()))).protocols(gateway)));
        setUp(load);
    }

    int measuredSeconds() {
        return before + during + afterRestart;
    }

    double arrivals() {
        return warmup * (rate / 5 + rate) / 2 + measuredSeconds() * rate;
    }

    private Session arrived(Session s) {
        firstArrival.compareAndSet(0, System.currentTimeMillis());
        return s;
    }

    /** When the load ends (ms since the epoch), once it has begun. */
    long loadEnd() {
        return firstArrival.get() + (warmup + measuredSeconds()) * 1000L;
    }

    @Override
    public void before() {
        startedAt = System.currentTimeMillis();
        loadBefore = loadAverage();
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(stack.dir);
            cluster.up();
            System.out.printf("loadtest: ClusterPeak: %d gateways behind %s, simulator %s, database %s, cluster.sh output in %s%n",
                    instances, Cluster.url(), cluster.simulatorUrl(), cluster.database, cluster.log);
            cpu = new ClusterCpu(cluster.root.resolve(".cluster")).start();
            makeData(new TestData(cluster.simulatorUrl(), Cluster.url()));
            setupMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("loadtest: ClusterPeak: cluster and test data ready in %.1f s%n", setupMillis / 1000.0);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("cluster mode: " + e.getMessage(), e);
        }
        drill = new Thread(this::drill, "cluster-drill");
        drill.setDaemon(true);
        drill.start();
    }

    /** Kills the victim once warm-up and the first phase are over, starts it again once the second is. */
    private void drill() {
        try {
            while (firstArrival.get() == 0) Thread.sleep(50);
            sleepUntil(firstArrival.get() + (warmup + before) * 1000L);
            loadAtKill = loadAverage();
            victimPid = cluster.pid(victim);
            long asked = System.currentTimeMillis();
            cluster.kill(victim);
            // When the kill had surely happened: cluster.sh takes a moment (it starts a JVM to find the JDK) before it
            // sends the signal, and a request sent meanwhile was still in flight on the victim.
            killedAt = System.currentTimeMillis();
            killCommandMillis = killedAt - asked;
            sleepUntil(asked + during * 1000L);
            restartAt = System.currentTimeMillis();
            cluster.start(victim);
            upAt = System.currentTimeMillis();
        } catch (InterruptedException e) {
            drillProblem = "the drill was interrupted";
        } catch (RuntimeException e) {
            drillProblem = e.getMessage();
            System.err.println("loadtest: cluster drill: " + e.getMessage());
        }
    }

    private static void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) Thread.sleep(wait);
    }

    @Override
    public void after() {
        Path verdict = stack.dir.getParent().resolve("cluster-verdict.txt");
        try {
            if (drill != null) drill.join(200_000);
            if (cpu != null) cpu.close();
            try {
                books = ClusterBooks.check(cluster.jdbcUrl(), cluster.simulatorUrl(), Duration.ofSeconds(drainSeconds));
            } catch (RuntimeException e) {
                booksProblem = e.getMessage();
            }
            ClusterSummary summary = new ClusterSummary(this);
            Path written = summary.write();
            Files.writeString(verdict, summary.verdict() + "\n" + written + "\n");
            System.out.println("loadtest: summary written to " + written);
        } catch (IOException | RuntimeException e) {
            System.err.println("loadtest: could not write the summary: " + e);
            e.printStackTrace();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cluster.close();
        }
    }

    @Override
    Map<Mix, Integer> mainNeeds() {
        return needsOf(arrivals());
    }

    /** Real channels answer in hundreds of ms; and at 20 ms a kill often finds no request in flight on its instance. */
    @Override
    int defaultLatencyMs() {
        return 100;
    }

    @Override
    int hisCards() {
        return 50;
    }

    @Override
    long objectiveP99Ms() {
        return 0;
    }

    @Override
    String profile() {
        return String.format("open model, evenly spaced arrivals: warm-up %d s ramping %.0f → %.0f/s (not measured), then %.0f/s for %d s:"
                        + " %d s before the kill, %d s from the kill to the restart, %d s from the restart to the end; %.0f arrivals in all",
                warmup, rate / 5, rate, rate, measuredSeconds(), before, during, afterRestart, arrivals());
    }
}
