package org.hospay.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.it.CreditIntegrationTest;
import org.hospay.gateway.it.TestSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * BENCHMARK, not a test (its name is not *IT, so a normal build never runs it): the 00:00 batch of one day with
 * 100,000 consumptions on 2,000 credit accounts, against this run's PostgreSQL and the simulator's bank over HTTP.
 * Times the three steps (prepare: select, write and store the file, mark the lines; submit + the bank's processing;
 * fetch + apply the result) and a re-run of the day, checks every line was deducted exactly once, and writes the
 * figures with the machine and its load to {@code loadtest/results/<date>-credit-batch.md}.
 *
 * <pre>infra/jdk.sh; /tmp/slot ./mvnw -B -pl aggregated-code,channels/adapters,channels/simulator,gateway verify \
 *   -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CreditBatchBench</pre>
 */
@TestPropertySource(properties = {"hospay.credit.bank.response-timeout=600s", "hospay.credit.bank.connect-timeout=5s"})
class CreditBatchBench extends CreditIntegrationTest {

    private static final int LINES = Integer.getInteger("bench.lines", 100_000);
    private static final int ACCOUNTS = 2_000;
    private static final LocalDate DAY = LocalDate.of(2033, 1, 10);

    @Autowired
    CreditBatches batches;

    @Autowired
    BatchStore store;

    @Test
    void batchOfOneHundredThousandConsumptions() throws IOException {
        String load0 = Files.readString(Path.of("/proc/loadavg")).strip();
        WebClient sim = WebClient.create(TestSimulator.URL);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) { // one at a time from the test thread: set-up, not measured
            Map<?, ?> m = sim.post().uri("/sim/bank/customers").bodyValue(Map.of("idNo", "BENCH" + i + "-" + UUID.randomUUID(),
                    "name", "测试", "creditLineFen", 5_000_000, "accountBalanceFen", 100_000_000)).retrieve().bodyToMono(Map.class)
                    .block(Duration.ofSeconds(20));
            customers.add((String) m.get("customerNo"));
        }
        String hash = "0".repeat(64);
        List<UUID> accounts = new ArrayList<>();
        for (String customer : customers) {
            UUID id = UUID.randomUUID();
            accounts.add(id);
            db.sql("""
                    INSERT INTO credit_account (account_id, hospital_id, card_no, id_enc, id_hash, id_masked, customer_no, tier, line_fen,
                        used_fen, status, consented_at, created_at)
                    VALUES (:id, 'bench-hospital', :card, :enc, :hash, 'BENCH', :cust, 'BANK_SCORE', 5000000, 0, 'ACTIVE', now(), now())""")
                    .bind("id", id).bind("card", "B" + id.toString().substring(0, 8)).bind("enc", new byte[] {1}).bind("hash", hash)
                    .bind("cust", customer).then().block();
        }
        day(DAY, 23, 0);
        // One SQL statement: LINES consumptions of the day, 100..2,099 fen each, round-robin over the accounts.
        db.sql("""
                WITH a AS (SELECT account_id, row_number() OVER (ORDER BY account_id) - 1 AS k FROM credit_account
                           WHERE hospital_id = 'bench-hospital' AND account_id = ANY(:ids))
                INSERT INTO credit_consumption (consumption_id, account_id, payment_id, bill_no, amount_fen, occurred_at, business_date,
                    status, updated_at)
                SELECT 'K' || lpad(to_hex(g), 8, '0') || substr(md5(:salt), 1, 23), a.account_id, gen_random_uuid(),
                       'BB' || g, 100 + (g * 7919) % 2000, :at - make_interval(secs => g % 3600), :day, 'OPEN', now()
                FROM generate_series(1, :n) g JOIN a ON a.k = g % :accounts""")
                .bind("ids", accounts.toArray(UUID[]::new)).bind("salt", UUID.randomUUID().toString())
                .bind("at", DAY.atTime(22, 59).toInstant(ZoneOffset.ofHours(8))).bind("day", DAY).bind("n", LINES).bind("accounts", ACCOUNTS)
                .then().block();
        db.sql("""
                UPDATE credit_account a SET used_fen = s.fen FROM (SELECT account_id, sum(amount_fen) AS fen FROM credit_consumption
                WHERE business_date = :day GROUP BY account_id) s WHERE a.account_id = s.account_id""").bind("day", DAY).then().block();
        long expected = count("SELECT sum(amount_fen)::bigint FROM credit_consumption WHERE business_date = '" + DAY + "' AND status = 'OPEN'");

        day(DAY.plusDays(1), 0, 0);
        long t0 = System.nanoTime();
        BatchStore.Batch prepared = batches.prepare(DAY).block(Duration.ofMinutes(10));
        long t1 = System.nanoTime();
        BatchStore.Batch applied = batches.advance(prepared).block(Duration.ofMinutes(20));
        long t2 = System.nanoTime();
        batches.rerun(DAY).block(Duration.ofMinutes(20));
        long t3 = System.nanoTime();
        String load1 = Files.readString(Path.of("/proc/loadavg")).strip();

        assertThat(applied.status()).isEqualTo("APPLIED");
        assertThat(prepared.recordCount()).isGreaterThanOrEqualTo(LINES);
        assertThat(count("SELECT count(*) FROM credit_consumption WHERE business_date = '" + DAY + "' AND status = 'PAID'")).isEqualTo(LINES);
        assertThat(count("SELECT coalesce(sum(used_fen), 0)::bigint FROM credit_account WHERE hospital_id = 'bench-hospital'")).isZero();

        double prepare = (t1 - t0) / 1e9, advance = (t2 - t1) / 1e9, rerun = (t3 - t2) / 1e9;
        String when = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        String report = """
                # Credit batch benchmark (%s UTC)

                The 00:00 batch of one day (docs/credit.md §4) with %,d consumptions on %,d accounts: gateway (Spring test
                context, JVM %s) + PostgreSQL + the simulator's bank (its own JVM) on one machine. `CreditBatchBench`
                (gateway/src/test/java/org/hospay/gateway/credit); a benchmark, not a test.

                | Step | Seconds |
                |---|---|
                | prepare: select the day's lines, write the file, store it, mark %,d lines BATCHED (one transaction) | %.2f |
                | submit the %,d-byte file + the bank processes it + fetch the result file + apply it (one transaction) | %.2f |
                | **the batch, end to end** | **%.2f** |
                | re-run of the day (the same file again: the bank answers it as the same submission; nothing applied twice) | %.2f |

                Checked after the run: every line PAID, each deducted once (%,d fen asked = %,d fen deducted), every line freed.

                Machine: %d cores (`nproc`), shared with other builds. Load average (1/5/15 min, running/total): before `%s`,
                after `%s`.
                """.formatted(when, LINES, ACCOUNTS, System.getProperty("java.version"), prepared.recordCount(), prepare,
                prepared.fileText().length(), advance, prepare + advance, rerun, expected, applied.deductedFen(),
                Runtime.getRuntime().availableProcessors(), load0, load1);
        Path out = Path.of("..", "loadtest", "results", when + "-credit-batch.md");
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath().normalize() + " (process " + ManagementFactory.getRuntimeMXBean().getName() + ")");
    }
}
