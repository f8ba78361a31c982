package org.hospay.gateway.finance;

import io.r2dbc.spi.ConnectionFactories;
import java.io.BufferedOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.demo.DemoKeys;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.channels.wechat.WechatPayBill;
import org.hospay.channels.wechat.WechatPayConfig;
import org.hospay.channels.wechat.WechatPaySignatures;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A benchmark, not a test (it asserts nothing; run it on purpose, docs/finance.md §7): one WeChat day of
 * {@code -Dbench.payments} (200,000) payments reconciled: our day read from PostgreSQL, the channel's bill
 * (WeChat's CSV, generated with a few differences, written to a file) downloaded over HTTP by the WeChat Pay
 * adapter from a stand-in of WeChat's bill API (the link answer signed with the demo platform key, the file sent
 * from disk) and streamed through the matcher, the differences stored. Prints the time of each phase and the heap
 * during the reconciliation. {@code -Dbench.statement=stream} (default: {@link org.hospay.channels.Statements#statement},
 * gzipped, line by line) or {@code whole} (the bill downloaded whole, {@code tradeBill}, then its lines: how the
 * adapter read statements before they streamed; the client's in-memory limit lifted so a busy day fits). Run:
 * {@code ./mvnw -pl aggregated-code,channels/adapters,channels/simulator,gateway test -Dtest=ReconciliationBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true}
 */
class ReconciliationBenchmark {

    private static final String HOST = env("HOSPAY_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("HOSPAY_TEST_PG_PORT", "5432");
    private static final String USER = env("HOSPAY_DB_USER", "postgres");
    private static final String PASSWORD = env("HOSPAY_DB_PASSWORD", "postgres");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void aDayOfPaymentsReconciles() throws Exception {
        int n = Integer.getInteger("bench.payments", 200_000);
        int differences = 20;
        LocalDate day = LocalDate.of(2026, 12, 1);
        String database = "hospay_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String jdbc = "jdbc:postgresql://" + HOST + ":" + PORT + "/";
        try (Connection c = DriverManager.getConnection(jdbc + "postgres", USER, PASSWORD)) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
        try {
            Flyway.configure().dataSource(jdbc + database, USER, PASSWORD).placeholders(java.util.Map.of("app_user", USER)).load().migrate();
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(jdbc + database, USER, PASSWORD)) {
                // n payments of 53.50 paid by WeChat, spread over the Beijing day, each with its self-pay leg.
                c.createStatement().execute("""
                        INSERT INTO payment (payment_id, hospital_id, terminal_id, window_id, bill_no, med_type, items, total_fen, source_kind,
                                             plan, status, stage, fund_pay_fen, account_pay_fen, self_pay_fen, self_pay_method, created_at, updated_at, completed_at)
                        SELECT md5('p' || g)::uuid, 'bench', 'bench-w', 'W01', 'B' || g, 'OUTPATIENT', '[]'::jsonb, 5350, 'WECHAT_PAY_CODE',
                               'SELF_PAY', 'SUCCEEDED', 'DONE', 0, 0, 5350, 'WECHAT', t, t, t
                        FROM generate_series(1, %d) g, LATERAL (SELECT TIMESTAMPTZ '%s 00:00:00+08' + g * interval '400 milliseconds' AS t) x
                        """.formatted(n, day));
                c.createStatement().execute("""
                        INSERT INTO payment_leg (leg_id, payment_id, kind, channel, amount_fen, request_id, status, vendor_ref, created_at, updated_at)
                        SELECT md5('l' || g)::uuid, md5('p' || g)::uuid, 'SELF_PAY', 'WECHAT', 5350, 'P' || substr(md5('p' || g), 2),
                               'SUCCEEDED', '42' || g, t, t
                        FROM generate_series(1, %d) g, LATERAL (SELECT TIMESTAMPTZ '%s 00:00:00+08' + g * interval '400 milliseconds' AS t) x
                        """.formatted(n, day));
                c.createStatement().execute("ANALYZE");
            }
            long seeded = System.nanoTime();
            String mode = System.getProperty("bench.statement", "stream");
            Path dir = Files.createTempDirectory("hospay-bill");
            Path plain = dir.resolve("tradebill.csv");
            Path gzipped = dir.resolve("tradebill.csv.gz");
            String sha1 = bill(n, differences, day, plain, gzipped);
            long billBuilt = System.nanoTime();

            DisposableServer wechatBills = billServer(plain, gzipped, sha1);
            WechatPayAdapter adapter = new WechatPayAdapter(WechatPayConfig.demo(URI.create("http://127.0.0.1:" + wechatBills.port())),
                    Clock.systemUTC(), b -> b.codecs(c -> c.defaultCodecs().maxInMemorySize(Integer.MAX_VALUE)));
            DatabaseClient db = DatabaseClient.create(ConnectionFactories.get(
                    "r2dbc:postgresql://" + USER + ":" + PASSWORD + "@" + HOST + ":" + PORT + "/" + database));
            OurBooks ours = new OurBooks(db);
            Counterparty wechat = new Counterparty() {
                public String name() {
                    return "WECHAT";
                }

                public Flux<Booking> theirs(LocalDate d) {
                    Flux<org.hospay.channels.Statement.Line> lines = "whole".equals(mode)
                            ? adapter.tradeBill(d).flatMapMany(o -> o instanceof Outcome.Succeeded<WechatPayBill> s
                                    ? Flux.fromIterable(s.value().lines()).filter(l -> "SUCCESS".equals(l.tradeState()))
                                            .map(l -> new org.hospay.channels.Statement.Line(org.hospay.channels.Statement.Kind.PAYMENT,
                                                    l.outTradeNo(), l.transactionId(), null, l.orderAmount(), Instant.now()))
                                    : Flux.error(new IllegalStateException("bill: " + o)))
                            : adapter.statement(d);
                    return lines.<Booking>handle((line, sink) -> {
                        Booking b = CodeChannelBooks.booking(line);
                        if (b != null) sink.next(b);
                    });
                }

                public Flux<Booking> ours(LocalDate d) {
                    return ours.codeChannel("WECHAT", d);
                }
            };
            Reconciler reconciler = new Reconciler(List.of(wechat), new ReconStore(db, Clock.systemUTC()));
            HeapPeak heap = HeapPeak.start();
            long start = System.nanoTime();
            ReconStore.Run run = reconciler.reconcile(day, List.of()).blockLast(Duration.ofMinutes(10));
            long done = System.nanoTime();
            HeapPeak.Peak peak = heap.stop();
            ReconStore.Run again = reconciler.reconcile(day, List.of()).blockLast(Duration.ofMinutes(10));
            long rerun = System.nanoTime();
            wechatBills.disposeNow();
            long plainMb = Files.size(plain) / 1_000_000, gzippedMb = Files.size(gzipped) / 1_000_000;
            Files.deleteIfExists(plain);
            Files.deleteIfExists(gzipped);
            Files.deleteIfExists(dir);

            System.out.printf("%nRECONCILIATION BENCHMARK: %d payments, %d differences injected%n", n, differences);
            System.out.printf("  seeding PostgreSQL (not measured)   %6.1f s%n", (seeded - t0) / 1e9);
            System.out.printf("  writing the WeChat bill CSV (%d MB, gzipped %d MB; not measured) %6.1f s%n", plainMb,
                    gzippedMb, (billBuilt - seeded) / 1e9);
            System.out.printf("  reconcile the day, statement %s (read ours, download + parse theirs, match, store) %6.1f s -> %s%n", mode,
                    (done - start) / 1e9, run);
            System.out.printf("  heap during it: baseline %d MB after GC, peak used %d MB, peak old gen %d MB (max heap %d MB)%n",
                    peak.baseline() >> 20, peak.used() >> 20, peak.oldGen() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("  re-run of the day                   %6.1f s -> %s%n", (rerun - done) / 1e9, again);
        } finally {
            try (Connection c = DriverManager.getConnection(jdbc + "postgres", USER, PASSWORD)) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /**
     * WeChat's ALL trade bill of the day for the seeded payments, written plain and gzipped: the first half of the
     * differences left off, the rest with 1 fen less. Answers the plain bill's SHA1 (WeChat's {@code hash_value}).
     */
    private static String bill(int n, int differences, LocalDate day, Path plain, Path gzipped) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        LocalDateTime start = day.atStartOfDay();
        int rows = 0;
        long total = 0;
        try (Writer out = new OutputStreamWriter(new DigestOutputStream(new TeeOutputStream(
                new BufferedOutputStream(Files.newOutputStream(plain)), new GZIPOutputStream(Files.newOutputStream(gzipped), 64 * 1024)), sha1),
                StandardCharsets.UTF_8)) {
            out.write(WechatPayBill.HEADER + "\r\n");
            for (int g = 1; g <= n; g++) {
                if (g <= differences / 2) continue; // omitted: here, not there
                long fen = g <= differences ? 5349 : 5350;
                String hex = HexFormat.of().formatHex(md5.digest(("p" + g).getBytes(StandardCharsets.UTF_8)));
                String yuan = Money.ofFen(fen).toYuan();
                out.write("`" + String.join(",`", start.plusNanos(g * 400_000_000L).format(TIME), "wxdemo", "1900000001", "0", "", "42" + g,
                        "P" + hex.substring(1), "oUser" + g, "MICROPAY", "SUCCESS", "OTHERS", "CNY", yuan, "0.00", "0", "0", "0.00", "0.00", "", "",
                        "医院缴费", "", "0.32100", "0.60%", yuan, "0.00", "") + "\r\n");
                rows++;
                total += fen;
            }
            out.write(WechatPayBill.SUMMARY_HEADER + "\r\n");
            String t = Money.ofFen(total).toYuan();
            out.write("`" + String.join(",`", Integer.toString(rows), t, "0.00", "0.00", "0.00000", t, "0.00") + "\r\n");
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /**
     * A stand-in for WeChat's bill API: the link answer signed with the demo platform key (as the simulator signs),
     * the file sent from disk, gzipped when the link asked for it.
     */
    private static DisposableServer billServer(Path plain, Path gzipped, String sha1) {
        RsaSigner platform = new RsaSigner(DemoKeys.wechatPlatform().privateKey());
        return HttpServer.create().host("127.0.0.1").port(0).route(r -> r
                .get("/v3/bill/tradebill", (req, res) -> {
                    boolean gzip = req.uri().contains("tar_type=GZIP");
                    String body = "{\"hash_type\":\"SHA1\",\"hash_value\":\"" + sha1 + "\",\"download_url\":\"http://"
                            + req.hostAddress().getHostString() + ":" + req.hostAddress().getPort() + "/v3/billdownload/file?gz=" + gzip + "\"}";
                    String ts = Long.toString(Instant.now().getEpochSecond());
                    String nonce = WechatPaySignatures.nonce();
                    return res.header(WechatPaySignatures.SERIAL, DemoKeys.WECHAT_PLATFORM_SERIAL).header(WechatPaySignatures.TIMESTAMP, ts)
                            .header(WechatPaySignatures.NONCE, nonce)
                            .header(WechatPaySignatures.SIGNATURE, platform.signBase64(WechatPaySignatures.answerMessage(ts, nonce, body)))
                            .header("Content-Type", "application/json").sendString(Mono.just(body));
                })
                .get("/v3/billdownload/file", (req, res) -> res.sendFile(req.uri().contains("gz=true") ? gzipped : plain)))
                .bindNow();
    }

    /** Samples the heap while the reconciliation runs (a sampler thread, every 10 ms). */
    private static final class HeapPeak {
        record Peak(long baseline, long used, long oldGen) {}

        private final long baseline;
        private final AtomicLong used = new AtomicLong();
        private final AtomicLong oldGen = new AtomicLong();
        private volatile boolean running = true;
        private final Thread sampler;

        private HeapPeak(long baseline) {
            this.baseline = baseline;
            MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Old")).findFirst().orElse(null);
            this.sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    used.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    if (old != null) oldGen.accumulateAndGet(old.getUsage().getUsed(), Math::max);
                    LockSupport.parkNanos(10_000_000);
                }
            });
        }

        static HeapPeak start() {
            System.gc();
            return new HeapPeak(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        Peak stop() throws InterruptedException {
            running = false;
            sampler.join();
            return new Peak(baseline, used.get(), oldGen.get());
        }
    }

    /** Writes to two streams: the plain bill and its gzip, in one pass. */
    private static final class TeeOutputStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeOutputStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void close() throws java.io.IOException {
            try (a; b) {
                flush();
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
