package org.hospay.gateway.finance;

import io.r2dbc.spi.ConnectionFactories;
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
import org.hospay.channels.wechat.WechatPayBill;
import org.hospay.gateway.finance.Booking.State;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * A benchmark, not a test (it asserts nothing; run it on purpose, docs/finance.md §6): one WeChat day of
 * {@code -Dbench.payments} (200,000) payments reconciled: our day read from PostgreSQL, the channel's bill
 * (WeChat's CSV, generated with a few differences) parsed by the adapter's parser and streamed through the
 * matcher, the differences stored. Prints the time of each phase. Run:
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
            Flyway.configure().dataSource(jdbc + database, USER, PASSWORD).load().migrate();
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
            String csv = bill(n, differences, day);
            long billBuilt = System.nanoTime();

            DatabaseClient db = DatabaseClient.create(ConnectionFactories.get(
                    "r2dbc:postgresql://" + USER + ":" + PASSWORD + "@" + HOST + ":" + PORT + "/" + database));
            OurBooks ours = new OurBooks(db);
            Counterparty wechat = new Counterparty() {
                public String name() {
                    return "WECHAT";
                }

                public Flux<Booking> theirs(LocalDate d) {
                    return Flux.defer(() -> Flux.fromIterable(WechatPayBill.parse(csv).lines()))
                            .filter(l -> "SUCCESS".equals(l.tradeState()))
                            .map(l -> Booking.theirs("P:" + l.outTradeNo(), l.orderAmount().fen(), State.BOOKED));
                }

                public Flux<Booking> ours(LocalDate d) {
                    return ours.codeChannel("WECHAT", d);
                }
            };
            Reconciler reconciler = new Reconciler(List.of(wechat), new ReconStore(db, Clock.systemUTC()));
            long start = System.nanoTime();
            ReconStore.Run run = reconciler.reconcile(day, List.of()).blockLast(Duration.ofMinutes(10));
            long done = System.nanoTime();
            ReconStore.Run again = reconciler.reconcile(day, List.of()).blockLast(Duration.ofMinutes(10));
            long rerun = System.nanoTime();

            System.out.printf("%nRECONCILIATION BENCHMARK: %d payments, %d differences injected%n", n, differences);
            System.out.printf("  seeding PostgreSQL (not measured)   %6.1f s%n", (seeded - t0) / 1e9);
            System.out.printf("  building the WeChat bill CSV (%d MB, not measured) %6.1f s%n", csv.length() * 3 / 1_000_000, (billBuilt - seeded) / 1e9);
            System.out.printf("  reconcile the day (read ours, parse + stream theirs, match, store) %6.1f s -> %s%n", (done - start) / 1e9, run);
            System.out.printf("  re-run of the day                   %6.1f s -> %s%n", (rerun - done) / 1e9, again);
        } finally {
            try (Connection c = DriverManager.getConnection(jdbc + "postgres", USER, PASSWORD)) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** WeChat's ALL trade bill of the day for the seeded payments: the first half of the differences left off, the rest with 1 fen less. */
    private static String bill(int n, int differences, LocalDate day) throws Exception {
        StringBuilder b = new StringBuilder(WechatPayBill.HEADER).append("\r\n");
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        LocalDateTime start = day.atStartOfDay();
        int rows = 0;
        long total = 0;
        for (int g = 1; g <= n; g++) {
            if (g <= differences / 2) continue; // omitted: here, not there
            long fen = g <= differences ? 5349 : 5350;
            String hex = java.util.HexFormat.of().formatHex(md5.digest(("p" + g).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            String yuan = Money.ofFen(fen).toYuan();
            b.append('`').append(String.join(",`", start.plusNanos(g * 400_000_000L).format(TIME), "wxdemo", "1900000001", "0", "", "42" + g,
                    "P" + hex.substring(1), "oUser" + g, "MICROPAY", "SUCCESS", "OTHERS", "CNY", yuan, "0.00", "0", "0", "0.00", "0.00", "", "",
                    "医院缴费", "", "0.32100", "0.60%", yuan, "0.00", "")).append("\r\n");
            rows++;
            total += fen;
        }
        b.append(WechatPayBill.SUMMARY_HEADER).append("\r\n");
        String t = Money.ofFen(total).toYuan();
        b.append('`').append(String.join(",`", Integer.toString(rows), t, "0.00", "0.00", "0.00000", t, "0.00")).append("\r\n");
        return b.toString();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
