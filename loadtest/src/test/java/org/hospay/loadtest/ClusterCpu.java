package org.hospay.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a cluster run, read from /proc once a second (Linux): user + system time of
 * the gateways and the simulator (their pids as infra/cluster.sh recorded them, a restarted gateway's too), HAProxy,
 * every PostgreSQL and Redis process, and this Gatling JVM; <i>other</i> is the machine's busy time none of them
 * accounts for: other work on a shared machine, or the kernel. It tells a run the machine carried from one it
 * shared with something else.
 */
final class ClusterCpu implements AutoCloseable {

    static final List<String> GROUPS = List.of("gateways", "simulator", "PostgreSQL", "Redis", "HAProxy", "Gatling", "other");

    /** CPU milliseconds per group spent in the second before {@code atMillis}, and the machine's capacity in that second. */
    record Tick(long atMillis, Map<String, Long> ms, long capacityMs) {}

    private final Path clusterDir;
    private final long tickMs;
    private final List<Tick> ticks = new CopyOnWriteArrayList<>();
    private final Map<Long, Long> lastTicks = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long lastBusy;
    private long lastTotal;
    private boolean primed;

    ClusterCpu(Path clusterDir) {
        this.clusterDir = clusterDir;
        this.tickMs = 10; // USER_HZ is 100 on every Linux this runs on
        this.thread = new Thread(this::loop, "cluster-cpu");
        thread.setDaemon(true);
    }

    ClusterCpu start() {
        sample();
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        pids.put("gateways", pidFiles("gateway-"));
        pids.put("simulator", pidFiles("simulator"));
        pids.put("HAProxy", pidFiles("haproxy"));
        pids.put("PostgreSQL", byName("postgres"));
        pids.put("Redis", byName("redis-server"));
        pids.put("Gatling", List.of(ProcessHandle.current().pid()));
        Map<String, Long> ms = new LinkedHashMap<>();
        long accounted = 0;
        for (Map.Entry<String, List<Long>> g : pids.entrySet()) {
            long sum = 0;
            for (long pid : g.getValue()) {
                long now = cpuTicks(pid);
                if (now < 0) continue;
                // A process first seen after the first sample started after it (a restarted gateway): from zero.
                long before = lastTicks.getOrDefault(pid, primed ? 0 : now);
                lastTicks.put(pid, now);
                sum += Math.max(0, now - before) * tickMs;
            }
            ms.put(g.getKey(), sum);
            accounted += sum;
        }
        long[] machine = machine();
        long busy = (machine[0] - lastBusy) * tickMs;
        long total = (machine[1] - lastTotal) * tickMs;
        lastBusy = machine[0];
        lastTotal = machine[1];
        ms.put("other", Math.max(0, busy - accounted));
        if (primed) ticks.add(new Tick(System.currentTimeMillis(), ms, total));
        primed = true;
    }

    /** Per group, the share (%) of the machine's capacity between two instants (ms since the epoch). */
    Map<String, Double> shares(long from, long to) {
        Map<String, Long> sum = new LinkedHashMap<>();
        long capacity = 0;
        for (Tick t : ticks) {
            if (t.atMillis() <= from || t.atMillis() > to + 500) continue;
            t.ms().forEach((k, v) -> sum.merge(k, v, Long::sum));
            capacity += t.capacityMs();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String g : GROUPS) out.put(g, capacity == 0 ? Double.NaN : 100.0 * sum.getOrDefault(g, 0L) / capacity);
        return out;
    }

    private List<Long> pidFiles(String prefix) {
        try (Stream<Path> files = Files.list(clusterDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".pid"))
                    .map(ClusterCpu::readPid).filter(p -> p > 0).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static List<Long> byName(String comm) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    return Files.readString(p.resolve("comm")).strip().equals(comm);
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** utime + stime of a process in clock ticks; -1 when it is gone. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The machine's busy and total clock ticks since boot (all cores). */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]), idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]), softirq = Long.parseLong(f[7]), steal = Long.parseLong(f[8]);
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
