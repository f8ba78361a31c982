package org.hospay.gateway.inpatient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The inpatient tables (V11): stays, their deposits, fee batches and deposit refund rows. */
@Component
class StayStore {

    /** A row under review that is still driven: its refund's outcome may still come, or it was never sent. */
    private static final String FOLLOWED = "(r.refund_id IS NOT NULL OR r.failure_code IN ('CHANNEL_UNAVAILABLE', 'CHANNEL_BUSY'))";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;

    StayStore(DatabaseClient db, TransactionalOperator tx, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    <T> Mono<T> inTransaction(Mono<T> work) {
        return tx.transactional(work);
    }

    // ------------------------------------------------------------------ stays

    Mono<Void> insert(Stay s) {
        return nullable(db.sql("""
                        INSERT INTO inpatient_stay (stay_id, hospital_id, admission_no, patient_masked, ward, bed, status, stage,
                            admitted_by, admitted_at, updated_at)
                        VALUES (:id, :hospital, :admission, :patient, :ward, :bed, 'ADMITTED', 'STAYING', :by, :now, :now)""")
                .bind("id", s.stayId()).bind("hospital", s.hospitalId()).bind("admission", s.admissionNo())
                .bind("patient", s.patientMasked()).bind("by", s.admittedBy()).bind("now", s.admittedAt()), "ward", s.ward(), "bed", s.bed())
                .then();
    }

    Mono<Stay> find(UUID stayId) {
        return db.sql("SELECT * FROM inpatient_stay WHERE stay_id = :id").bind("id", stayId).map(StayStore::stay).one();
    }

    /** The stay, its row locked until the surrounding transaction ends (deposits, withdrawals and discharges serialise on it). */
    Mono<Stay> lock(UUID stayId) {
        return db.sql("SELECT * FROM inpatient_stay WHERE stay_id = :id FOR UPDATE").bind("id", stayId).map(StayStore::stay).one();
    }

    Mono<Void> addFees(UUID stayId, long fen) {
        return db.sql("UPDATE inpatient_stay SET fees_fen = fees_fen + :fen, updated_at = :now WHERE stay_id = :id")
                .bind("fen", fen).bind("now", now()).bind("id", stayId).then();
    }

    /** Writes the discharge settlement slip and where the discharge goes next, leased to {@code owner}. */
    Mono<Void> settled(UUID stayId, long total, long fund, long account, long selfPay, long deposits, long refund, long shortfall,
                       Stay.Status status, Stay.Stage stage, String by, String owner, Duration lease) {
        Instant now = now();
        return db.sql("""
                        UPDATE inpatient_stay SET setl_total_fen = :total, setl_fund_fen = :fund, setl_account_fen = :account,
                            setl_self_pay_fen = :self, setl_deposits_fen = :deposits, setl_refund_fen = :refund,
                            setl_shortfall_fen = :shortfall, status = :status, stage = :stage, discharged_by = :by,
                            discharged_at = CASE WHEN :status = 'DISCHARGED' THEN CAST(:now AS TIMESTAMPTZ) END,
                            lease_owner = :owner, lease_until = :until, updated_at = :now
                        WHERE stay_id = :id""")
                .bind("total", total).bind("fund", fund).bind("account", account).bind("self", selfPay).bind("deposits", deposits)
                .bind("refund", refund).bind("shortfall", shortfall).bind("status", status.name()).bind("stage", stage.name())
                .bind("by", by).bind("owner", owner).bind("until", now.plus(lease)).bind("now", now).bind("id", stayId)
                .then();
    }

    /** DISCHARGING → DISCHARGED once its refunds are all decided or its shortfall paid; false if it was not in {@code from}. */
    Mono<Boolean> discharged(UUID stayId, Stay.Stage from) {
        return db.sql("""
                        UPDATE inpatient_stay SET status = 'DISCHARGED', stage = 'DONE', discharged_at = :now, updated_at = :now
                        WHERE stay_id = :id AND status = 'DISCHARGING' AND stage = :from""")
                .bind("now", now()).bind("id", stayId).bind("from", from.name()).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Settlement cancelled: the slip is cleared and the stay is ADMITTED again (its money stays as deposits). */
    Mono<Boolean> reopened(UUID stayId) {
        return db.sql("""
                        UPDATE inpatient_stay SET status = 'ADMITTED', stage = 'STAYING', setl_total_fen = NULL, setl_fund_fen = NULL,
                            setl_account_fen = NULL, setl_self_pay_fen = NULL, setl_deposits_fen = NULL, setl_refund_fen = NULL,
                            setl_shortfall_fen = NULL, discharged_by = NULL, discharged_at = NULL, setl_round = setl_round + 1,
                            updated_at = :now
                        WHERE stay_id = :id AND status = 'DISCHARGED'""")
                .bind("now", now()).bind("id", stayId).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Takes the stay's lease when free (or already ours); two instances never drive one stay's refunds at once. */
    Mono<Boolean> lease(UUID stayId, String owner, Duration lease) {
        Instant now = now();
        return db.sql("""
                        UPDATE inpatient_stay SET lease_owner = :owner, lease_until = :until
                        WHERE stay_id = :id AND (lease_until IS NULL OR lease_until < :now OR lease_owner = :owner)""")
                .bind("owner", owner).bind("until", now.plus(lease)).bind("now", now).bind("id", stayId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<Void> release(UUID stayId, String owner) {
        return db.sql("UPDATE inpatient_stay SET lease_owner = NULL, lease_until = NULL WHERE stay_id = :id AND lease_owner = :owner")
                .bind("id", stayId).bind("owner", owner).then();
    }

    /** Stays with work left whose lease is free: refunds not yet decided (or unconfirmed under review), a shortfall awaited. */
    Flux<UUID> unfinished(int limit) {
        return db.sql("SELECT s.stay_id FROM inpatient_stay s WHERE (s.lease_until IS NULL OR s.lease_until < :now)"
                        + " AND (s.status = 'DISCHARGING' OR EXISTS (SELECT 1 FROM inpatient_refund r WHERE r.stay_id = s.stay_id"
                        + " AND (r.status = 'PENDING' OR (r.status = 'NEEDS_REVIEW' AND " + FOLLOWED + "))))"
                        + " ORDER BY s.updated_at LIMIT :limit")
                .bind("now", now()).bind("limit", limit).map(r -> r.get("stay_id", UUID.class)).all();
    }

    // ------------------------------------------------------------------ deposits and fees

    Mono<Void> insertDeposit(UUID depositId, UUID stayId, String billNo, Deposit.Kind kind, long fen, String by) {
        return db.sql("""
                        INSERT INTO inpatient_deposit (deposit_id, stay_id, bill_no, kind, amount_fen, by_terminal, created_at)
                        VALUES (:id, :stay, :bill, :kind, :fen, :by, :now) ON CONFLICT (deposit_id) DO NOTHING""")
                .bind("id", depositId).bind("stay", stayId).bind("bill", billNo).bind("kind", kind.name()).bind("fen", fen)
                .bind("by", by).bind("now", now()).then();
    }

    Mono<Deposit> deposit(UUID depositId) {
        return deposits("d.deposit_id = :id", depositId).next();
    }

    /** A stay's money, oldest first, each with its payment as the engine has it (the live one, else the last failed). */
    Flux<Deposit> deposits(UUID stayId) {
        return deposits("d.stay_id = :id", stayId);
    }

    private Flux<Deposit> deposits(String where, UUID id) {
        return db.sql("""
                        SELECT d.*, p.payment_id, p.status AS payment_status, p.self_pay_method
                        FROM inpatient_deposit d JOIN inpatient_stay s ON s.stay_id = d.stay_id
                        LEFT JOIN LATERAL (SELECT payment_id, status, self_pay_method FROM payment p
                            WHERE p.hospital_id = s.hospital_id AND p.bill_no = d.bill_no
                            ORDER BY (p.status <> 'FAILED') DESC, p.created_at DESC LIMIT 1) p ON TRUE
                        WHERE\s""" + where + " ORDER BY d.created_at, d.deposit_id")
                .bind("id", id)
                .map(r -> new Deposit(r.get("deposit_id", UUID.class), r.get("stay_id", UUID.class), r.get("bill_no", String.class),
                        Deposit.Kind.valueOf(r.get("kind", String.class)), r.get("amount_fen", Long.class), r.get("by_terminal", String.class),
                        r.get("created_at", Instant.class), r.get("payment_id", UUID.class), r.get("payment_status", String.class),
                        r.get("self_pay_method", String.class)))
                .all();
    }

    /** The content hash of a fee batch already uploaded, empty when the batch number is new. */
    Mono<String> feeBatchHash(UUID stayId, String batchNo) {
        return db.sql("SELECT content_hash FROM inpatient_fee_batch WHERE stay_id = :stay AND batch_no = :batch")
                .bind("stay", stayId).bind("batch", batchNo).map(r -> r.get("content_hash", String.class)).one();
    }

    Mono<Void> insertFeeBatch(UUID stayId, String batchNo, long fen, String hash, String itemsJson) {
        return db.sql("""
                        INSERT INTO inpatient_fee_batch (stay_id, batch_no, amount_fen, content_hash, items_json, uploaded_at)
                        VALUES (:stay, :batch, :fen, :hash, :items, :now)""")
                .bind("stay", stayId).bind("batch", batchNo).bind("fen", fen).bind("hash", hash).bind("items", itemsJson)
                .bind("now", now()).then();
    }

    Mono<Long> feeBatches(UUID stayId) {
        return db.sql("SELECT COUNT(*) AS n FROM inpatient_fee_batch WHERE stay_id = :stay").bind("stay", stayId)
                .map(r -> r.get("n", Long.class)).one();
    }

    // ------------------------------------------------------------------ deposit refunds

    Mono<Void> insertRefund(RefundRow r, UUID batchId) {
        return nullable(db.sql("""
                        INSERT INTO inpatient_refund (refund_row_id, stay_id, deposit_id, payment_id, amount_fen, reason, batch_id,
                            by_terminal, by_kind, by_window, seq, status, created_at, updated_at)
                        VALUES (:id, :stay, :deposit, :payment, :fen, :reason, :batch, :by, :kind, :window, :seq, 'PENDING', :now, :now)""")
                .bind("id", r.rowId()).bind("stay", r.stayId()).bind("deposit", r.depositId()).bind("payment", r.paymentId())
                .bind("fen", r.amountFen()).bind("reason", r.reason()).bind("batch", batchId).bind("by", r.byTerminal())
                .bind("kind", r.byKind()).bind("seq", r.seq()).bind("now", r.createdAt()), "window", r.byWindow(), null, null)
                .then();
    }

    Flux<RefundRow> refunds(UUID stayId) {
        return refunds("r.stay_id = :id", stayId);
    }

    Flux<RefundRow> refundsOfBatch(UUID batchId) {
        return refunds("r.batch_id = :id", batchId);
    }

    /** Refund rows still to be decided, or under review with a refund whose outcome may still come. */
    Flux<RefundRow> openRefunds(UUID stayId) {
        return refunds("r.stay_id = :id AND (r.status = 'PENDING' OR (r.status = 'NEEDS_REVIEW' AND " + FOLLOWED + "))", stayId);
    }

    Flux<RefundRow> needingReview(String hospitalId) {
        return db.sql("""
                        SELECT r.*, s.hospital_id FROM inpatient_refund r JOIN inpatient_stay s ON s.stay_id = r.stay_id
                        WHERE r.status = 'NEEDS_REVIEW' AND s.hospital_id = :hospital ORDER BY r.created_at""")
                .bind("hospital", hospitalId).map(StayStore::refundRow).all();
    }

    private Flux<RefundRow> refunds(String where, UUID id) {
        return db.sql("SELECT r.*, s.hospital_id FROM inpatient_refund r JOIN inpatient_stay s ON s.stay_id = r.stay_id WHERE "
                        + where + " ORDER BY r.created_at, r.seq")
                .bind("id", id).map(StayStore::refundRow).all();
    }

    /** Records the refund of the row's current try (before its outcome is known), once per try. */
    Mono<Void> refundSent(UUID rowId, int attempt, UUID refundId) {
        return db.sql("UPDATE inpatient_refund SET refund_id = :refund, updated_at = :now WHERE refund_row_id = :id AND attempt = :attempt")
                .bind("refund", refundId).bind("now", now()).bind("id", rowId).bind("attempt", attempt).then();
    }

    /** The row's decision for try {@code attempt}: SUCCEEDED, another try ({@code nextAttempt}), or NEEDS_REVIEW. */
    Mono<Void> refundDecided(UUID rowId, int attempt, RefundRow.Status status, int nextAttempt, boolean clearRefund, String failureCode) {
        var spec = db.sql("""
                        UPDATE inpatient_refund SET status = :status, attempt = :next, failure_code = :code, updated_at = :now,
                            refund_id = CASE WHEN :clear THEN NULL ELSE refund_id END
                        WHERE refund_row_id = :id AND attempt = :attempt""")
                .bind("status", status.name()).bind("next", nextAttempt).bind("clear", clearRefund).bind("now", now())
                .bind("id", rowId).bind("attempt", attempt);
        spec = failureCode == null ? spec.bindNull("code", String.class) : spec.bind("code", failureCode);
        return spec.then();
    }

    // ------------------------------------------------------------------ mapping

    private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String n1, String v1, String n2, String v2) {
        spec = v1 == null ? spec.bindNull(n1, String.class) : spec.bind(n1, v1);
        if (n2 != null) spec = v2 == null ? spec.bindNull(n2, String.class) : spec.bind(n2, v2);
        return spec;
    }

    private static Stay stay(Readable r) {
        return new Stay(r.get("stay_id", UUID.class), r.get("hospital_id", String.class), r.get("admission_no", String.class),
                r.get("patient_masked", String.class), r.get("ward", String.class), r.get("bed", String.class),
                Stay.Status.valueOf(r.get("status", String.class)), Stay.Stage.valueOf(r.get("stage", String.class)),
                r.get("admitted_by", String.class), r.get("admitted_at", Instant.class), r.get("fees_fen", Long.class),
                r.get("setl_total_fen", Long.class), r.get("setl_fund_fen", Long.class), r.get("setl_account_fen", Long.class),
                r.get("setl_self_pay_fen", Long.class), r.get("setl_deposits_fen", Long.class), r.get("setl_refund_fen", Long.class),
                r.get("setl_shortfall_fen", Long.class), r.get("setl_round", Integer.class), r.get("discharged_by", String.class),
                r.get("discharged_at", Instant.class));
    }

    private static RefundRow refundRow(Readable r) {
        return new RefundRow(r.get("refund_row_id", UUID.class), r.get("stay_id", UUID.class), r.get("deposit_id", UUID.class),
                r.get("payment_id", UUID.class), r.get("amount_fen", Long.class), r.get("reason", String.class), r.get("seq", Integer.class),
                RefundRow.Status.valueOf(r.get("status", String.class)), r.get("attempt", Integer.class), r.get("refund_id", UUID.class),
                r.get("failure_code", String.class), r.get("created_at", Instant.class), r.get("by_terminal", String.class),
                r.get("by_kind", String.class), r.get("by_window", String.class), r.get("hospital_id", String.class));
    }
}
