package org.hospay.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the CPU goes, read from the OS once a second while the run lasts: user + system time of the
 * gateway, the simulator, the PostgreSQL processes serving this run's database (plus its shared
 * background writers), Redis and this Gatling JVM ({@code /proc/<pid>/stat}); the whole machine
 * ({@code /proc/stat}), so whatever else shares it shows as "other"; resident memory
 * ({@code /proc/<pid>/status}) and, every few seconds, the gateway's heap from its Prometheus
 * endpoint. Linux only, like the machine the figures are quoted for.
 */
final class Sampler implements AutoCloseable {

    static final String GATEWAY = "gateway";
    static final String SEQUENTIAL_GATEWAY = "gateway (SEQUENTIAL)";
    static final String SIMULATOR = "simulator";
    static final String POSTGRES = "PostgreSQL";
    static final String REDIS = "Redis";
    static final String GATLING = "Gatling";
    static final List<String> COMPONENTS = List.of(GATEWAY, SEQUENTIAL_GATEWAY, SIMULATOR, POSTGRES, REDIS, GATLING);
    /** Parts of the gateway's CPU (not components: they are inside {@link #GATEWAY}), by its threads' names. */
    static final String GATEWAY_JIT = "gateway: JIT compiler threads";
    static final String GATEWAY_GC = "gateway: GC threads";

    /** Cumulative CPU milliseconds per component and of the machine, at one instant. */
    record Sample(long atMillis, Map<String, Long> cpuMs, long machineBusyMs, long machineTotalMs,
                  long gatewayRssKb, long simulatorRssKb, long gatewayHeapBytes) {}

    private final Stack stack;
    private final long tickMs;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Map<Long, Long> postgresTicks = new ConcurrentHashMap<>();
    private final Map<Long, Long> jitThreadMs = new ConcurrentHashMap<>();
    private final Map<Long, Long> gcThreadMs = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lastHeap = -1;
    private long redisPid = -1;
    private Connection pg;
    private long gatewayPeakRssKb;
    private long simulatorPeakRssKb;

    Sampler(Stack stack) {
        this.stack = stack;
        this.tickMs = 1000 / clockTicks();
        this.redisPid = findPid("redis-server");
        try {
            pg = DriverManager.getConnection(Stack.jdbcUrl("postgres"), Stack.PG_USER, Stack.PG_PASSWORD);
        } catch (Exception e) {
            pg = null;
        }
        thread = new Thread(this::loop, "loadtest-sampler");
        thread.setDaemon(true);
    }

    Sampler start() {
        samples.add(sample());
        thread.start();
        return this;
    }

    private void loop() {
        int n = 0;
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            if (++n % 5 == 0) lastHeap = heap();
            samples.add(sample());
        }
    }

    /** Takes one sample now (also used to mark phase boundaries exactly). */
    Sample mark() {
        Sample s = sample();
        samples.add(s);
        return s;
    }

    private synchronized Sample sample() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpu.put(GATEWAY, cpuMs(stack.gateway.pid()));
        cpu.put(SEQUENTIAL_GATEWAY, stack.sequentialGateway == null ? 0 : cpuMs(stack.sequentialGateway.pid()));
        cpu.put(SIMULATOR, cpuMs(stack.simulator.pid()));
        cpu.put(POSTGRES, postgresMs());
        cpu.put(REDIS, redisPid < 0 ? 0 : cpuMs(redisPid));
        cpu.put(GATLING, cpuMs(ProcessHandle.current().pid()));
        gatewayThreads(stack.gateway.pid());
        cpu.put(GATEWAY_JIT, jitThreadMs.values().stream().mapToLong(Long::longValue).sum());
        cpu.put(GATEWAY_GC, gcThreadMs.values().stream().mapToLong(Long::longValue).sum());
        long[] machine = machine();
        long gwRss = rssKb(stack.gateway.pid());
        long simRss = rssKb(stack.simulator.pid());
        gatewayPeakRssKb = Math.max(gatewayPeakRssKb, gwRss);
        simulatorPeakRssKb = Math.max(simulatorPeakRssKb, simRss);
        return new Sample(System.currentTimeMillis(), cpu, machine[0] * tickMs, machine[1] * tickMs, gwRss, simRss, lastHeap);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    long gatewayPeakRssKb() {
        return gatewayPeakRssKb;
    }

    long simulatorPeakRssKb() {
        return simulatorPeakRssKb;
    }

    /** The last sample at or before {@code millis} (the first one if none). */
    Sample at(long millis) {
        Sample best = samples.getFirst();
        for (Sample s : samples) {
            if (s.atMillis() <= millis) best = s;
        }
        return best;
    }

    /** The first sample at or after {@code millis} (the last one if none). */
    Sample after(long millis) {
        for (Sample s : samples) {
            if (s.atMillis() >= millis) return s;
        }
        return samples.getLast();
    }

    long maxHeapBytes(long from, long to) {
        long max = -1;
        for (Sample s : samples) {
            if (s.atMillis() >= from && s.atMillis() <= to) max = Math.max(max, s.gatewayHeapBytes());
        }
        return max;
    }

    /** The gateway's heap in use now (all heap pools), from its Prometheus endpoint (management port); -1 if unreadable. */
    long heap() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.gateway.managementUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            long sum = 0;
            boolean found = false;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? sum : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** user + system CPU of a process in ms; its last known value once it is gone. */
    private long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tickMs;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The CPU of the gateway's JIT compiler threads (HotSpot's {@code C1/C2 CompilerThread}) and GC threads ({@code GC
     * Thread#}, {@code G1 …}), from {@code /proc/<pid>/task}; a thread that ended (HotSpot stops idle compiler threads)
     * keeps its last reading.
     */
    private void gatewayThreads(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    Map<Long, Long> into = comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre") ? jitThreadMs
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? gcThreadMs : null;
                    if (into == null) continue;
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    into.put(Long.parseLong(task.getFileName().toString()), (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tickMs);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: the last readings stay
        }
    }

    /** CPU ms of one part ({@link #GATEWAY_JIT}, {@link #GATEWAY_GC}) between two samples. */
    static long part(Sample from, Sample to, String part) {
        return to.cpuMs().getOrDefault(part, 0L) - from.cpuMs().getOrDefault(part, 0L);
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** [busy, total] jiffies of the whole machine. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * CPU of the PostgreSQL backends serving this run's databases plus the server's own background
     * processes (WAL writer, checkpointer, …), which are shared with anything else using the server.
     * Backends are found through pg_stat_activity; one that has exited keeps its last reading.
     */
    private long postgresMs() {
        if (pg == null) return 0;
        Set<Long> pids = new HashSet<>();
        try (ResultSet rs = pg.createStatement().executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (datname LIKE 'hospay_lt_" + stack.run
                        + "%' OR backend_type <> 'client backend')")) {
            while (rs.next()) pids.add(rs.getLong(1));
        } catch (Exception e) {
            return postgresTicks.values().stream().mapToLong(Long::longValue).sum();
        }
        for (long pid : pids) {
            long ms = cpuMs(pid);
            if (ms > 0) postgresTicks.put(pid, ms);
        }
        return postgresTicks.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long findPid(String comm) {
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals(comm)) return Long.parseLong(p.getFileName().toString());
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            long t = Long.parseLong(out);
            return t > 0 && t <= 1000 ? t : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** CPU ms per component between two samples, plus "other" (the machine's busy time nobody above accounts for). */
    static Map<String, Long> delta(Sample from, Sample to) {
        Map<String, Long> d = new LinkedHashMap<>();
        long accounted = 0;
        for (String c : COMPONENTS) {
            long v = to.cpuMs().getOrDefault(c, 0L) - from.cpuMs().getOrDefault(c, 0L);
            d.put(c, v);
            accounted += v;
        }
        d.put("other (not this run)", Math.max(0, (to.machineBusyMs() - from.machineBusyMs()) - accounted));
        d.put("machine busy", to.machineBusyMs() - from.machineBusyMs());
        d.put("machine capacity", to.machineTotalMs() - from.machineTotalMs());
        return d;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pg != null) {
            try {
                pg.close();
            } catch (Exception ignored) {
                // closing a monitoring connection cannot fail the run
            }
        }
    }
}
