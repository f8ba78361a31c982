package org.hospay.gateway.credit;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The daily batches in PostgreSQL. A batch is written once, in one transaction with the consumptions it
 * carries (each moved to BATCHED), and its file is stored: re-running a date sends the stored bytes again.
 * Its result is applied once: the batch moves SUBMITTED → APPLIED in the same transaction as the lines.
 */
@Component
class BatchStore {

    private final DatabaseClient db;
    private final CreditStore store;

    BatchStore(DatabaseClient db, CreditStore store) {
        this.db = db;
        this.store = store;
    }

    record Batch(LocalDate batchDate, String batchNo, String fileText, int recordCount, long totalFen, String status, Long deductedFen,
                 int attempts, String lastError) {
        static Batch of(Readable r) {
            return new Batch(r.get("batch_date", LocalDate.class), r.get("batch_no", String.class), r.get("file_text", String.class),
                    r.get("record_count", Integer.class), r.get("total_fen", Long.class), r.get("status", String.class),
                    r.get("deducted_fen", Long.class), r.get("attempts", Integer.class), r.get("last_error", String.class));
        }
    }

    /** A line due to the bank: an OPEN consumption of the day or before, or an UNPAID one tried again. */
    record Due(String consumptionId, String customerNo, long amountFen, Instant occurredAt, String billNo) {}

    Mono<Batch> batch(LocalDate date) {
        return db.sql("SELECT * FROM credit_batch WHERE batch_date = :d").bind("d", date).map(Batch::of).one();
    }

    /** Batches not applied yet, oldest first. */
    Flux<Batch> unfinished() {
        return db.sql("SELECT * FROM credit_batch WHERE status <> 'APPLIED' ORDER BY batch_date").map(Batch::of).all();
    }

    /** The lines of the batch for {@code date}, locked until the transaction that writes the batch ends. */
    Flux<Due> dueLines(LocalDate date) {
        return db.sql("""
                SELECT c.consumption_id, a.customer_no, c.amount_fen - c.refunded_fen AS fen, c.occurred_at, c.bill_no
                FROM credit_consumption c JOIN credit_account a ON a.account_id = c.account_id
                WHERE c.status IN ('OPEN', 'UNPAID') AND c.business_date <= :d AND c.amount_fen > c.refunded_fen
                ORDER BY c.occurred_at, c.consumption_id
                FOR UPDATE OF c""")
                .bind("d", date)
                .map(r -> new Due(r.get("consumption_id", String.class), r.get("customer_no", String.class), r.get("fen", Long.class),
                        r.get("occurred_at", Instant.class), r.get("bill_no", String.class)))
                .all();
    }

    /** Stores the batch and moves its lines to BATCHED (in the caller's transaction). */
    Mono<Batch> insert(LocalDate date, String batchNo, String file, List<Due> lines, long totalFen, Instant now) {
        String[] ids = lines.stream().map(Due::consumptionId).toArray(String[]::new);
        Mono<Batch> batch = db.sql("""
                INSERT INTO credit_batch (batch_date, batch_no, file_text, record_count, total_fen, status, created_at)
                VALUES (:d, :no, :file, :n, :total, 'CREATED', :now) RETURNING *""")
                .bind("d", date).bind("no", batchNo).bind("file", file).bind("n", lines.size()).bind("total", totalFen).bind("now", now)
                .map(Batch::of).one();
        Mono<Void> moved = db.sql("""
                UPDATE credit_consumption SET status = 'BATCHED', batch_date = :d, updated_at = :now
                WHERE consumption_id = ANY(:ids)""")
                .bind("d", date).bind("now", now).bind("ids", ids).then();
        return batch.flatMap(b -> moved.thenReturn(b));
    }

    Mono<Void> submitted(LocalDate date) {
        return db.sql("UPDATE credit_batch SET status = 'SUBMITTED', attempts = attempts + 1, last_error = NULL WHERE batch_date = :d AND status = 'CREATED'")
                .bind("d", date).then();
    }

    Mono<Void> failedAttempt(LocalDate date, String error) {
        return db.sql("UPDATE credit_batch SET attempts = attempts + 1, last_error = :e WHERE batch_date = :d")
                .bind("d", date).bind("e", error.length() > 200 ? error.substring(0, 200) : error).then();
    }

    /**
     * Applies a result file once: only the transaction that moves the batch SUBMITTED → APPLIED touches the
     * lines (deducted → PAID, or REPAID when it was owed; 96 → sent again later; other codes → UNPAID with a due
     * date), restores the line of what was deducted and counts on-time repayments (raising lines by the step,
     * up to the maximum, after every {@code raiseAfter}). Empty when the batch was applied before.
     */
    Mono<Long> apply(LocalDate date, String[] ids, String[] codes, long deductedFen, LocalDate due, Instant now,
                     int raiseAfter, long raiseStepFen, long maxLineFen) {
        Mono<Long> claim = db.sql("""
                UPDATE credit_batch SET status = 'APPLIED', deducted_fen = :fen, applied_at = :now
                WHERE batch_date = :d AND status = 'SUBMITTED' RETURNING deducted_fen""")
                .bind("fen", deductedFen).bind("now", now).bind("d", date).map(r -> r.get(0, Long.class)).one();
        Mono<Void> lines = db.sql("""
                WITH r AS (SELECT * FROM unnest(CAST(:ids AS varchar[]), CAST(:codes AS varchar[])) AS r(id, code)),
                upd AS (
                    UPDATE credit_consumption c SET
                        status = CASE WHEN r.code = '00' THEN (CASE WHEN c.due_date IS NULL THEN 'PAID' ELSE 'REPAID' END)
                                      WHEN r.code = '96' THEN (CASE WHEN c.due_date IS NULL THEN 'OPEN' ELSE 'UNPAID' END)
                                      ELSE 'UNPAID' END,
                        due_date = CASE WHEN r.code NOT IN ('00', '96') AND c.due_date IS NULL THEN CAST(:due AS date) ELSE c.due_date END,
                        result_code = r.code, updated_at = :now
                    FROM r WHERE c.consumption_id = r.id AND c.status = 'BATCHED' AND c.batch_date = :d
                    RETURNING c.account_id, r.code, c.amount_fen - c.refunded_fen AS fen, c.overdue_counted)
                UPDATE credit_account a SET used_fen = a.used_fen - s.fen, on_time_count = a.on_time_count + s.on_time
                FROM (SELECT account_id, sum(fen) AS fen, count(*) FILTER (WHERE NOT overdue_counted) AS on_time
                      FROM upd WHERE code = '00' GROUP BY account_id) s
                WHERE a.account_id = s.account_id""")
                .bind("ids", ids).bind("codes", codes).bind("due", due).bind("now", now).bind("d", date).then();
        Mono<Void> raise = db.sql("""
                UPDATE credit_account SET line_fen = LEAST(CAST(:max AS bigint), line_fen + :step * (on_time_count / :after)),
                    on_time_count = on_time_count % :after
                WHERE on_time_count >= :after AND status = 'ACTIVE'""")
                .bind("max", maxLineFen).bind("step", raiseStepFen).bind("after", raiseAfter).then();
        return store.inTransaction(claim.flatMap(fen -> lines.then(raise).thenReturn(fen)));
    }

    static LocalDateTime local(Instant at, java.time.ZoneId zone) {
        return LocalDateTime.ofInstant(at, zone);
    }
}
