package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * docs/operations.md §6: three gateways behind HAProxy (as infra/cluster.sh runs them) take a steady stream of
 * payments from windows that retry with their Idempotency-Key; one instance is SIGKILLed mid-load and started again
 * on its port. Every bill ends with exactly one SUCCEEDED payment whose legs agree with the simulator's ledgers
 * (0 one-sided legs, 0 double charges), and throughput is back within 20 s of the kill.
 *
 * <p>Knobs (system properties): {@code cluster.rate} arrivals a second (10), {@code cluster.phase-seconds} the length
 * of each phase (15): before the kill, between the kill and the restart, after the restart. The CI run keeps the
 * defaults. The per-second series and the figures are written to target/cluster-kill.md. Runs only when asked for
 * ({@code -Dcluster.drill=true}: it passes on the shared development machine when it is quiet and fails when other
 * work starves it, loadtest/results/2026-12-05-cluster-kill.md) and where HAProxy is installed (Debian package haproxy).
 */
class ClusterKillIT extends GatewayIntegrationTest {

    private static final int RATE = Integer.getInteger("cluster.rate", 10);
    private static final int PHASE = Integer.getInteger("cluster.phase-seconds", 15);
    private static final int INSTANCES = 3;
    private static final String HAPROXY = find("haproxy");
    /** As infra/cluster.sh starts its gateways: HAProxy connects from loopback and forwards the client's address. */
    private static final Map<String, String> BEHIND_HAPROXY = Map.of("hospay.http.trusted-proxies", "127.0.0.1");

    private final List<GatewayProcess> gateways = Collections.synchronizedList(new ArrayList<>());
    private Process haproxy;

    /** One bill's payment as the window saw it: when it arrived and ended (seconds since the load began). */
    record Paid(String billNo, Payments.View view, double arrived, double ended, int retries, String problem) {}

    @AfterEach
    void stopCluster() {
        if (haproxy != null) haproxy.destroyForcibly();
        gateways.forEach(GatewayProcess::close);
    }

    @Test
    void oneOfThreeInstancesKilledMidLoadLosesNothingChargesNothingTwiceAndThroughputRecovers() throws Exception {
        assumeTrue(Boolean.getBoolean("cluster.drill"), "cluster drill not asked for (-Dcluster.drill=true): skipped");
        assumeTrue(HAPROXY != null, "haproxy not installed (Debian package haproxy): cluster test skipped");
        int[] ports = new int[INSTANCES];
        int[] admin = new int[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) {
            ports[i] = GatewayProcess.freePort();
            admin[i] = GatewayProcess.freePort();
        }
        // Started side by side (the common pool may have one thread on a small machine).
        ExecutorService starter = Executors.newFixedThreadPool(INSTANCES);
        List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            int p = ports[i], a = admin[i];
            starting.add(CompletableFuture.supplyAsync(() -> GatewayProcess.startOn(p, a, TestServices.DATABASE, BEHIND_HAPROXY), starter));
        }
        for (var s : starting) gateways.add(s.get(240, TimeUnit.SECONDS));
        starter.shutdown();
        int lbPort = GatewayProcess.freePort();
        haproxy = startHaproxy(lbPort, ports);
        WebTestClient lb = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + lbPort).responseTimeout(Duration.ofSeconds(60)).build();
        SignedClient window = new SignedClient(lb, WINDOW_ID, WINDOW_SECRET);
        Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("UNIONPAY", 100_000).authCode()));
        List<Paid> warmUp = warmUp(window);

        List<Paid> paid = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> running = Collections.synchronizedList(new ArrayList<>());
        ExecutorService windows = Executors.newCachedThreadPool();
        ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor();
        long t0 = System.nanoTime();
        int[] n = {0};
        arrivals.scheduleAtFixedRate(() -> {
            int i = n[0]++;
            running.add(CompletableFuture.runAsync(() -> paid.add(payThroughLoadBalancer(window, i, t0)), windows));
        }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);

        Payments.pause(PHASE * 1000L);
        double killedAt = seconds(t0);
        String load = loadAverage();
        gateways.get(1).kill();
        Payments.pause(PHASE * 1000L);
        // Started again on its port while the load goes on; on a starved machine a JVM takes minutes to start, so the
        // load does not wait for it (the other two carry it) and the test waits for it only at the end.
        double restartAt = seconds(t0);
        double[] upAt = {Double.NaN};
        ExecutorService restarter = Executors.newSingleThreadExecutor();
        CompletableFuture<GatewayProcess> restarted = CompletableFuture.supplyAsync(() -> {
            GatewayProcess g = GatewayProcess.startOn(ports[1], admin[1], TestServices.DATABASE, BEHIND_HAPROXY);
            upAt[0] = seconds(t0);
            return g;
        }, restarter);
        Payments.pause(PHASE * 1000L);
        while (!restarted.isDone() && seconds(t0) < restartAt + 3 * PHASE) Payments.pause(200);
        if (restarted.isDone()) Payments.pause(PHASE * 1000L);
        arrivals.shutdown();
        double stoppedAt = seconds(t0);
        // The figures are written before anything is asserted, also when windows are still waiting: a failed run
        // on a starved machine still says what it saw.
        boolean settled = true;
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillWaiting) {
            settled = false;
        }
        windows.shutdownNow();

        Figures f = Figures.of(new ArrayList<>(paid), killedAt, restartAt, upAt[0], stoppedAt);
        String report = f.markdown(RATE, load, loadAverage()) + storage();
        report = String.format("%d arrivals, %d payments ended%n%n", running.size(), paid.size()) + report;
        Files.writeString(Path.of("target", "cluster-kill.md"), report);
        System.out.println(report);
        assertThat(settled).as("every window's payment ended within 180 s of the load (%d of %d did)", paid.size(), running.size()).isTrue();
        gateways.set(1, restarted.get(180, TimeUnit.SECONDS));
        restarter.shutdown();
        for (Paid p : paid) {
            assertThat(p.problem()).as("bill %s", p.billNo()).isNull();
            assertThat(p.view().status()).as("%s", p).isEqualTo("SUCCEEDED");
            assertThat(Payments.byBill(window, p.billNo())).as("payments of bill %s", p.billNo()).hasSize(1);
            Books.assertAgree(db, p.view());
        }
        // Cold JVMs on a small machine time calls out while warming up; such a payment may fail (its charge queried,
        // not found, reversed), but its books must agree like every other's.
        for (Paid p : warmUp) {
            assertThat(p.problem()).as("warm-up bill %s", p.billNo()).isNull();
            Books.assertAgree(db, p.view());
        }
        assertThat(paid).hasSizeGreaterThan(RATE * PHASE * 2);
        assertThat(f.recoverySeconds()).as("throughput back within 20 s of the kill").isLessThanOrEqualTo(20);
    }

    /** A window's payment: retried with its Idempotency-Key on 502/503/504, 409 in progress, or a cut connection. */
    /** The same mix at the same rate for {@code cluster.warm-up-seconds} (10), waited for, before the measured load. */
    private static List<Paid> warmUp(SignedClient window) throws Exception {
        int count = RATE * Integer.getInteger("cluster.warm-up-seconds", 10);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newCachedThreadPool();
        List<CompletableFuture<Paid>> warm = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = i;
            warm.add(CompletableFuture.supplyAsync(() -> payThroughLoadBalancer(window, k, t0), pool));
            Payments.pause(1000L / RATE);
        }
        CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        pool.shutdown();
        return warm.stream().map(CompletableFuture::join).toList();
    }

    private static Paid payThroughLoadBalancer(SignedClient window, int i, long t0) {
        String code;
        if (i % 5 < 2) code = Sim.voucher(Sim.employee(2_000), "WECHAT").code();
        else code = Sim.wallet(i % 2 == 0 ? "UNIONPAY" : "ALIPAY", 100_000).authCode();
        double arrived = seconds(t0);
        String billNo = Bills.newBillNo();
        String bill = Bills.bill(billNo, code);
        String key = UUID.randomUUID().toString();
        int retries = 0;
        String last = null;
        while (retries < 120) {
            try {
                var r = window.postWithKey("/api/v1/payments", bill, key).expectBody(String.class).returnResult();
                int status = r.getStatus().value();
                if (status == 200 || status == 202) {
                    Payments.View v = Payments.JSON.readValue(r.getResponseBody(), Payments.View.class);
                    if (v.status().equals("PENDING")) v = Payments.awaitFinal(window, v.paymentId(), Duration.ofSeconds(90));
                    return new Paid(billNo, v, arrived, seconds(t0), retries, null);
                }
                last = status + " " + r.getResponseBody();
                if (status != 502 && status != 503 && status != 504 && status != 409) return new Paid(billNo, null, arrived, seconds(t0), retries, last);
            } catch (RuntimeException cut) {
                last = cut.toString();
            }
            retries++;
            Payments.pause(500);
        }
        return new Paid(billNo, null, arrived, seconds(t0), retries, "gave up: " + last);
    }

    /** Throughput per second of completion, and the figures the results file reports. */
    record Figures(int[] perSecond, double killedAt, double restartAt, double upAt, double stoppedAt, double before,
                   double during, double after, int recoverySeconds, int retried, double p50, double p99) {

        static Figures of(List<Paid> paid, double killedAt, double restartAt, double upAt, double stoppedAt) {
            int[] per = new int[(int) Math.ceil(stoppedAt) + 1];
            for (Paid p : paid) if (p.ended() < per.length) per[(int) p.ended()]++;
            int warm = 3;
            double before = mean(per, warm, (int) killedAt);
            double during = mean(per, (int) killedAt, (int) restartAt);
            double after = Double.isNaN(upAt) || upAt >= stoppedAt ? Double.NaN : mean(per, (int) Math.ceil(upAt), (int) stoppedAt);
            // Back: from the first second after the kill from which five seconds in a row each reach 80 % of before.
            int recovery = Integer.MAX_VALUE;
            for (int s = (int) killedAt; s + 5 <= (int) stoppedAt; s++) {
                boolean ok = true;
                for (int k = s; k < s + 5; k++) ok &= per[k] >= 0.8 * before;
                if (ok) {
                    recovery = Math.max(0, s - (int) killedAt);
                    break;
                }
            }
            List<Double> latencies = paid.stream().map(p -> p.ended() - p.arrived()).sorted().toList();
            return new Figures(per, killedAt, restartAt, upAt, stoppedAt, before, during, after, recovery,
                    (int) paid.stream().filter(p -> p.retries() > 0).count(),
                    latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)));
        }

        private static double mean(int[] per, int from, int to) {
            double sum = 0;
            for (int s = from; s < to; s++) sum += per[s];
            return to > from ? sum / (to - from) : 0;
        }

        String markdown(int rate, String loadAtKill, String loadAtEnd) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("| figure | value |%n|---|---|%n"));
            b.append(String.format("| offered load | %d payments/s (40 %% one-scan aggregated code, 60 %% payment code) |%n", rate));
            b.append(String.format("| throughput before the kill | %.1f payments/s |%n", before));
            b.append(String.format("| throughput between kill (t=%.0f s) and restart (t=%.0f s) | %.1f payments/s |%n", killedAt, restartAt, during));
            b.append(Double.isNaN(after)
                    ? String.format("| throughput after the restart | (the restarted instance was not UP before the load ended) |%n")
                    : String.format("| throughput after the restarted instance was UP (t=%.0f s) | %.1f payments/s |%n", upAt, after));
            b.append(String.format("| recovery (5 s in a row at ≥ 80 %% of before) | %s s after the kill |%n",
                    recoverySeconds == Integer.MAX_VALUE ? "never" : Integer.toString(recoverySeconds)));
            b.append(String.format("| payments retried by their window (same key) | %d |%n", retried));
            b.append(String.format("| window-side latency p50 / p99 (incl. retries) | %.2f s / %.2f s |%n", p50, p99));
            b.append(String.format("| load average at the kill / at the end | %s / %s |%n", loadAtKill, loadAtEnd));
            b.append(String.format("%nPayments completed per second (t = seconds since the load began):%n%n```%n"));
            for (int s = 0; s < perSecond.length; s++) {
                String mark = s == (int) killedAt ? "  <- SIGKILL" : s == (int) restartAt ? "  <- restart" : !Double.isNaN(upAt) && s == (int) upAt ? "  <- restarted instance UP" : "";
                b.append(String.format("t=%3d %3d %s%s%n", s, perSecond[s], "#".repeat(perSecond[s]), mark));
            }
            return b.append(String.format("```%n")).toString();
        }
    }

    /**
     * What a payment costs PostgreSQL here (docs/scale.md): rows per payment of each payment table, their average
     * width (pg_column_size of the row) and the table's whole size with indexes and TOAST per row. Meaningful when
     * this test ran alone in its JVM (its database then holds this load's payments only).
     */
    private String storage() {
        long payments = db.sql("SELECT count(*) AS n FROM payment").map(r -> r.get("n", Long.class)).one().block();
        StringBuilder b = new StringBuilder(String.format("%nStorage in this run's database (%d payments):%n%n"
                + "| table | rows | rows per payment | avg row bytes (pg_column_size) | total bytes per row (with indexes, TOAST) |%n"
                + "|---|---|---|---|---|%n", payments));
        for (String table : List.of("payment", "payment_leg", "channel_attempt", "payment_transition", "payment_key",
                "payment_live_bill", "payment_leg_key", "idempotency_key", "audit_event")) {
            // A partitioned table has no storage of its own: its size is its partitions'.
            var row = db.sql("SELECT count(*) AS n, coalesce(avg(pg_column_size(t.*)), 0)::float8 AS width, coalesce((SELECT sum(pg_total_relation_size(relid))"
                            + " FROM pg_partition_tree('" + table + "')), pg_total_relation_size('" + table + "'))::bigint AS total FROM " + table + " t")
                    .map(r -> new long[] {r.get("n", Long.class), Math.round(r.get("width", Double.class)), r.get("total", Long.class)})
                    .one().block();
            b.append(String.format("| %s | %d | %.2f | %d | %d |%n", table, row[0], payments == 0 ? 0 : (double) row[0] / payments,
                    row[1], row[0] == 0 ? 0 : row[2] / row[0]));
        }
        return b.toString();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** HAProxy as infra/cluster.sh configures it: least connections, readiness checked every second (3 s to answer: a starved CPU is not a dead instance). */
    private static Process startHaproxy(int lbPort, int[] ports) throws IOException {
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 4096
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    retries 2
                    option redispatch
                    option forwardfor
                frontend api
                    bind 127.0.0.1:%d
                    default_backend gateways
                backend gateways
                    balance leastconn
                    option httpchk GET /actuator/health/readiness
                    http-check expect status 200
                    timeout check 3s
                    default-server inter 1s fall 3 rise 2
                """.formatted(lbPort));
        for (int i = 0; i < ports.length; i++) cfg.append("    server gateway-").append(i + 1).append(" 127.0.0.1:").append(ports[i]).append(" check\n");
        Path file = Path.of("target", "haproxy-" + lbPort + ".cfg");
        Files.writeString(file, cfg);
        Process p = new ProcessBuilder(HAPROXY, "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "haproxy-" + lbPort + ".log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "haproxy-stop"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                var c = (java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1:" + lbPort + "/actuator/health/readiness").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) return p;
            } catch (IOException notYet) {
                // HAProxy starting, or its first checks not done
            }
            Payments.pause(250);
        }
        throw new IllegalStateException("HAProxy on " + lbPort + " did not route to a ready gateway in 30 s");
    }

    /** The haproxy binary: on the PATH, or in /usr/sbin where Debian puts it (not on every user's PATH). */
    private static String find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return Path.of(dir, tool).toString();
        }
        return null;
    }
}
