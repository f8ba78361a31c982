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

    /** {@code recordCount} counts consumptions and credit refunds; {@code totalFen} is what is to be deducted. */
    record Batch(LocalDate batchDate, String batchNo, String fileText, int recordCount, long totalFen, String status, Long deductedFen,
                 int attempts, String lastError, int refundCount, Long creditedFen) {
        static Batch of(Readable r) {
            return new Batch(r.get("batch_date", LocalDate.class), r.get("batch_no", String.class), r.get("file_text", String.class),
                    r.get("record_count", Integer.class), r.get("total_fen", Long.class), r.get("status", String.class),
                    r.get("deducted_fen", Long.class), r.get("attempts", Integer.class), r.get("last_error", String.class),
                    r.get("refund_count", Integer.class), r.get("credited_fen", Long.class));
        }
    }

    /** A line due to the bank: an OPEN consumption of the day or before, or an UNPAID one tried again. */
    record Due(String consumptionId, String customerNo, long amountFen, Instant occurredAt, String billNo) {}

    /** A credit refund due to the bank: of a consumption the bank deducted (PAID, or REPAID by a later deduction). */
    record RefundDue(String refundNo, String customerNo, long amountFen, Instant refundedAt, String consumptionId) {}

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

    /**
     * The credit refunds for the batch of {@code date}, locked like the lines. A refund of a consumption still in a
     * batch (BATCHED) waits: the bank has to deduct it before it can credit part of it back.
     */
    Flux<RefundDue> dueRefunds(LocalDate date) {
        return db.sql("""
                SELECT r.refund_no, a.customer_no, r.amount_fen, r.created_at, r.consumption_id
                FROM credit_refund r JOIN credit_consumption c ON c.consumption_id = r.consumption_id
                     JOIN credit_account a ON a.account_id = c.account_id
                WHERE r.status = 'OPEN' AND r.business_date <= :d AND c.status IN ('PAID', 'REPAID')
                ORDER BY r.created_at, r.refund_no
                FOR UPDATE OF r""")
                .bind("d", date)
                .map(r -> new RefundDue(r.get("refund_no", String.class), r.get("customer_no", String.class), r.get("amount_fen", Long.class),
                        r.get("created_at", Instant.class), r.get("consumption_id", String.class)))
                .all();
    }

    /** Stores the batch and moves its lines and refunds to BATCHED (in the caller's transaction). */
    Mono<Batch> insert(LocalDate date, String batchNo, String file, List<Due> lines, List<RefundDue> refunds, long totalFen, Instant now) {
        String[] ids = lines.stream().map(Due::consumptionId).toArray(String[]::new);
        String[] refundNos = refunds.stream().map(RefundDue::refundNo).toArray(String[]::new);
        Mono<Batch> batch = db.sql("""
                INSERT INTO credit_batch (batch_date, batch_no, file_text, record_count, total_fen, refund_count, status, created_at)
                VALUES (:d, :no, :file, :n, :total, :refunds, 'CREATED', :now) RETURNING *""")
                .bind("d", date).bind("no", batchNo).bind("file", file).bind("n", lines.size() + refunds.size()).bind("total", totalFen)
                .bind("refunds", refunds.size()).bind("now", now)
                .map(Batch::of).one();
        Mono<Void> moved = db.sql("""
                UPDATE credit_consumption SET status = 'BATCHED', batch_date = :d, updated_at = :now
                WHERE consumption_id = ANY(:ids)""")
                .bind("d", date).bind("now", now).bind("ids", ids).then();
        Mono<Void> refundsMoved = refundNos.length == 0 ? Mono.empty() : db.sql("""
                UPDATE credit_refund SET status = 'BATCHED', batch_date = :d WHERE refund_no = ANY(:nos)""")
                .bind("d", date).bind("nos", refundNos).then();
        return batch.flatMap(b -> moved.then(refundsMoved).thenReturn(b));
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
    Mono<Long> apply(LocalDate date, String[] ids, String[] codes, String[] refundNos, String[] refundCodes, long deductedFen,
                     long creditedFen, LocalDate due, Instant now, int raiseAfter, long raiseStepFen, long maxLineFen) {
        Mono<Long> claim = db.sql("""
                UPDATE credit_batch SET status = 'APPLIED', deducted_fen = :fen, credited_fen = :credited, applied_at = :now
                WHERE batch_date = :d AND status = 'SUBMITTED' RETURNING deducted_fen""")
                .bind("fen", deductedFen).bind("credited", creditedFen).bind("now", now).bind("d", date).map(r -> r.get(0, Long.class)).one();
        Mono<Void> lines = db.sql("""
                WITH r AS (SELECT * FROM unnest(CAST(:ids AS varchar[]), CAST(:codes AS varchar[])) AS r(id, code)),
                upd AS (
                    UPDATE credit_consumption c SET
                        status = CASE WHEN r.code = '00' THEN (CASE WHEN c.due_date IS NULL THEN 'PAID' ELSE 'REPAID' END)
                                      WHEN c.refunded_fen = c.amount_fen THEN 'REPAID'
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
        // R records: 00 credited, 96 sent again in the next batch, anything else kept FAILED for finance.
        Mono<Void> refunds = refundNos.length == 0 ? Mono.empty() : db.sql("""
                UPDATE credit_refund f SET status = CASE WHEN r.code = '00' THEN 'DONE' WHEN r.code = '96' THEN 'OPEN' ELSE 'FAILED' END,
                    result_code = r.code
                FROM unnest(CAST(:nos AS varchar[]), CAST(:codes AS varchar[])) AS r(no, code)
                WHERE f.refund_no = r.no AND f.status = 'BATCHED' AND f.batch_date = :d""")
                .bind("nos", refundNos).bind("codes", refundCodes).bind("d", date).then();
        // A refund of a consumption the bank did not deduct after all is settled here: what is sent again is the
        // amount less the refund, so the bank is never asked to credit it.
        Mono<Void> settled = db.sql("""
                UPDATE credit_refund f SET status = 'DONE'
                FROM credit_consumption c
                WHERE c.consumption_id = f.consumption_id AND f.status = 'OPEN' AND c.batch_date = :d
                  AND c.status IN ('OPEN', 'UNPAID', 'REPAID') AND c.result_code <> '00'""")
                .bind("d", date).then();
        Mono<Void> raise = db.sql("""
                UPDATE credit_account SET line_fen = LEAST(CAST(:max AS bigint), line_fen + :step * (on_time_count / :after)),
                    on_time_count = on_time_count % :after
                WHERE on_time_count >= :after AND status = 'ACTIVE'""")
                .bind("max", maxLineFen).bind("step", raiseStepFen).bind("after", raiseAfter).then();
        return store.inTransaction(claim.flatMap(fen -> lines.then(refunds).then(settled).then(raise).thenReturn(fen)));
    }

    static LocalDateTime local(Instant at, java.time.ZoneId zone) {
        return LocalDateTime.ofInstant(at, zone);
    }
}
