package org.hospay.gateway.inpatient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import io.r2dbc.spi.Readable;
import org.hospay.gateway.terminal.Terminal;
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
        Stay.Insurance i = s.ins();
        var spec = nullable(db.sql("""
                        INSERT INTO inpatient_stay (stay_id, hospital_id, admission_no, patient_masked, ward, bed, status, stage,
                            admitted_by, admitted_at, updated_at, ins_stage, psn_no, insutype, insuplc_admdvs, cert_type, cert_enc,
                            admit_msgid)
                        VALUES (:id, :hospital, :admission, :patient, :ward, :bed, 'ADMITTED', 'STAYING', :by, :now, :now, :ins,
                            :psn, :insutype, :admdvs, :certType, :cert, :msgid)""")
                .bind("id", s.stayId()).bind("hospital", s.hospitalId()).bind("admission", s.admissionNo())
                .bind("patient", s.patientMasked()).bind("by", s.admittedBy()).bind("now", s.admittedAt())
                .bind("ins", i.stage().name()), "ward", s.ward(), "bed", s.bed());
        spec = nullable(spec, "psn", i.psnNo(), "insutype", i.insutype());
        spec = nullable(spec, "admdvs", i.insuplcAdmdvs(), "certType", i.certType());
        spec = nullable(spec, "msgid", i.admitMsgid(), null, null);
        spec = i.certEnc() == null ? spec.bindNull("cert", byte[].class) : spec.bind("cert", i.certEnc());
        return spec.then();
    }

    Mono<Stay> find(UUID stayId) {
        return db.sql("SELECT * FROM inpatient_stay WHERE stay_id = :id").bind("id", stayId).map(StayStore::stay).one();
    }

    Mono<Stay> findByAdmission(String hospitalId, String admissionNo) {
        return db.sql("SELECT * FROM inpatient_stay WHERE hospital_id = :h AND admission_no = :a").bind("h", hospitalId)
                .bind("a", admissionNo).map(StayStore::stay).one();
    }

    /** A "deposit low" reminder as the stay shows it (§13.7). */
    record Reminder(String reminderNo, String kind, long suggestedFen, long balanceFen, String card, int notified, Instant createdAt) {}

    /** Inserts the reminder; false when the stay has it already (the HIS posting it again). */
    Mono<Boolean> insertReminder(UUID stayId, Reminder r, String by) {
        var spec = db.sql("""
                        INSERT INTO inpatient_reminder (stay_id, reminder_no, kind, suggested_fen, balance_fen, card_masked, notified,
                            by_terminal, created_at)
                        VALUES (:stay, :no, :kind, :suggested, :balance, :card, :notified, :by, :now)
                        ON CONFLICT (stay_id, reminder_no) DO NOTHING""")
                .bind("stay", stayId).bind("no", r.reminderNo()).bind("kind", r.kind()).bind("suggested", r.suggestedFen())
                .bind("balance", r.balanceFen()).bind("notified", r.notified()).bind("by", by).bind("now", r.createdAt());
        return (r.card() == null ? spec.bindNull("card", String.class) : spec.bind("card", r.card())).fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<Void> reminderNotified(UUID stayId, String reminderNo, int notified) {
        return db.sql("UPDATE inpatient_reminder SET notified = :n WHERE stay_id = :stay AND reminder_no = :no")
                .bind("n", notified).bind("stay", stayId).bind("no", reminderNo).then();
    }

    Flux<Reminder> reminders(UUID stayId) {
        return db.sql("SELECT * FROM inpatient_reminder WHERE stay_id = :stay ORDER BY created_at, reminder_no").bind("stay", stayId)
                .map(r -> new Reminder(r.get("reminder_no", String.class), r.get("kind", String.class), r.get("suggested_fen", Long.class),
                        r.get("balance_fen", Long.class), r.get("card_masked", String.class), r.get("notified", Integer.class),
                        r.get("created_at", Instant.class)))
                .all();
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
                        // an admission still answering its own 2401 is left to it for half a minute
                        + " AND (s.status = 'DISCHARGING'"
                        + " OR (s.ins_stage = 'ADMITTING' AND s.admitted_at < CAST(:now AS TIMESTAMPTZ) - INTERVAL '30 seconds')"
                        + " OR EXISTS (SELECT 1 FROM inpatient_fee_batch b WHERE b.stay_id = s.stay_id"
                        + " AND b.ins_status IN ('PENDING', 'CANCELLING') AND s.mdtrt_id IS NOT NULL)"
                        + " OR EXISTS (SELECT 1 FROM inpatient_refund r WHERE r.stay_id = s.stay_id"
                        + " AND (r.status = 'PENDING' OR (r.status = 'NEEDS_REVIEW' AND " + FOLLOWED + "))))"
                        + " ORDER BY s.updated_at LIMIT :limit")
                .bind("now", now()).bind("limit", limit).map(r -> r.get("stay_id", UUID.class)).all();
    }

    // ------------------------------------------------------------------ the stay at the insurance platform (§13.6)

    /** 2401 answered: the stay's mdtrt_id. */
    Mono<Void> insAdmitted(UUID stayId, String mdtrtId) {
        return db.sql("""
                        UPDATE inpatient_stay SET mdtrt_id = :mdtrt, ins_stage = 'ADMITTED', ins_failure = NULL, updated_at = :now
                        WHERE stay_id = :id AND ins_stage = 'ADMITTING'""")
                .bind("mdtrt", mdtrtId).bind("now", now()).bind("id", stayId).then();
    }

    /** 2401 refused by the platform after the admission answered (recovery): the stay cannot be settled with insurance. */
    Mono<Void> insRefused(UUID stayId, String failure) {
        return db.sql("""
                        UPDATE inpatient_stay SET ins_stage = 'REFUSED', ins_failure = :failure, updated_at = :now
                        WHERE stay_id = :id AND ins_stage = 'ADMITTING'""")
                .bind("failure", cut(failure)).bind("now", now()).bind("id", stayId).then();
    }

    /** 2401 refused while the admission is answered: the stay goes, as nothing else of it exists yet. */
    Mono<Boolean> deleteAdmitting(UUID stayId) {
        return db.sql("""
                        DELETE FROM inpatient_stay s WHERE s.stay_id = :id AND s.ins_stage = 'ADMITTING'
                            AND NOT EXISTS (SELECT 1 FROM inpatient_deposit d WHERE d.stay_id = s.stay_id)
                            AND NOT EXISTS (SELECT 1 FROM inpatient_fee_batch b WHERE b.stay_id = s.stay_id)""")
                .bind("id", stayId).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** An insured discharge begins: DISCHARGING / SETTLING with the 2402 and 2304 msgids written down, leased to {@code owner}. */
    Mono<Void> insDischarging(UUID stayId, String dscgMsgid, String setlMsgid, Terminal by, String owner, Duration lease) {
        Instant now = now();
        return nullable(db.sql("""
                        UPDATE inpatient_stay SET status = 'DISCHARGING', stage = 'SETTLING', dscg_msgid = :dscg, setl_msgid = :setl,
                            discharged_by = :by, discharged_kind = :kind, discharged_window = :window, ins_failure = NULL,
                            lease_owner = :owner, lease_until = :until, updated_at = :now
                        WHERE stay_id = :id AND status = 'ADMITTED'""")
                .bind("dscg", dscgMsgid).bind("setl", setlMsgid).bind("by", by.terminalId()).bind("kind", by.kind().name())
                .bind("owner", owner).bind("until", now.plus(lease)).bind("now", now).bind("id", stayId), "window", by.windowId(), null, null)
                .then();
    }

    /** The platform stage moves on ({@code from} → {@code to}); false if it was not in {@code from}. */
    Mono<Boolean> insStage(UUID stayId, Stay.InsStage from, Stay.InsStage to) {
        return db.sql("UPDATE inpatient_stay SET ins_stage = :to, updated_at = :now WHERE stay_id = :id AND ins_stage = :from")
                .bind("to", to.name()).bind("from", from.name()).bind("now", now()).bind("id", stayId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * 2304 answered: its settlement id and pooling explanation on the stay, and the settlement in the reconciliation's
     * books (the slip is written by {@link #settled} in the same transaction).
     */
    Mono<Void> insSettlement(UUID stayId, String setlId, String poolingJson, long total, long fund, long account) {
        var spec = db.sql("""
                        WITH s AS (
                            UPDATE inpatient_stay SET ins_stage = 'SETTLED', setl_id = :setl, setl_pooling = :pooling, updated_at = :now
                            WHERE stay_id = :id AND ins_stage = 'DISCHARGED' RETURNING stay_id, hospital_id, insutype)
                        INSERT INTO inpatient_settlement (setl_id, stay_id, hospital_id, insutype, total_fen, fund_fen, account_fen, settled_at)
                        SELECT :setl, stay_id, hospital_id, COALESCE(insutype, ''), :total, :fund, :account, :now FROM s
                        ON CONFLICT DO NOTHING""")
                .bind("setl", setlId).bind("now", now()).bind("id", stayId).bind("total", total).bind("fund", fund).bind("account", account);
        return (poolingJson == null ? spec.bindNull("pooling", String.class) : spec.bind("pooling", poolingJson)).then();
    }

    /** The platform refused the settlement (its discharge undone by then): the stay is ADMITTED again, with the reason. */
    Mono<Boolean> insBackToStay(UUID stayId, Stay.InsStage insStage, String failure) {
        return db.sql("""
                        UPDATE inpatient_stay SET status = 'ADMITTED', stage = 'STAYING', ins_stage = :ins, ins_failure = :failure,
                            dscg_msgid = NULL, setl_msgid = NULL, discharged_by = NULL, discharged_kind = NULL, discharged_window = NULL,
                            updated_at = :now
                        WHERE stay_id = :id AND status = 'DISCHARGING' AND stage = 'SETTLING'""")
                .bind("ins", insStage.name()).bind("failure", cut(failure)).bind("now", now()).bind("id", stayId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** A settlement cancel begins: DISCHARGING / CANCELLING with the 2305 msgid written down, leased to {@code owner}. */
    Mono<Boolean> insCancelling(UUID stayId, String cancelMsgid, String owner, Duration lease) {
        Instant now = now();
        return db.sql("""
                        UPDATE inpatient_stay SET status = 'DISCHARGING', stage = 'CANCELLING', cancel_msgid = :msgid, ins_failure = NULL,
                            lease_owner = :owner, lease_until = :until, updated_at = :now
                        WHERE stay_id = :id AND status = 'DISCHARGED'""")
                .bind("msgid", cancelMsgid).bind("owner", owner).bind("until", now.plus(lease)).bind("now", now).bind("id", stayId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The platform refused the settlement cancel: the stay stays DISCHARGED, with the reason. */
    Mono<Void> insCancelRefused(UUID stayId, String failure) {
        return db.sql("""
                        UPDATE inpatient_stay SET status = 'DISCHARGED', stage = 'DONE', ins_failure = :failure, cancel_msgid = NULL,
                            updated_at = :now
                        WHERE stay_id = :id AND status = 'DISCHARGING' AND stage = 'CANCELLING'""")
                .bind("failure", cut(failure)).bind("now", now()).bind("id", stayId).then();
    }

    /**
     * Settlement (and discharge, as far as the platform let it) cancelled: ADMITTED again, the slip cleared, a new round;
     * the settlement stays in the reconciliation's books, cancelled (both sub-statements read the stay as it was).
     */
    Mono<Boolean> insReopened(UUID stayId, Stay.InsStage insStage) {
        return db.sql("""
                        WITH reopened AS (
                            UPDATE inpatient_stay SET status = 'ADMITTED', stage = 'STAYING', setl_total_fen = NULL, setl_fund_fen = NULL,
                                setl_account_fen = NULL, setl_self_pay_fen = NULL, setl_deposits_fen = NULL, setl_refund_fen = NULL,
                                setl_shortfall_fen = NULL, discharged_by = NULL, discharged_at = NULL, discharged_kind = NULL,
                                discharged_window = NULL, setl_round = setl_round + 1, ins_stage = :ins, setl_id = NULL, setl_pooling = NULL,
                                setl_msgid = NULL, dscg_msgid = NULL, cancel_msgid = NULL, updated_at = :now
                            WHERE stay_id = :id AND status = 'DISCHARGING' AND stage = 'CANCELLING' RETURNING stay_id),
                        cancelled AS (
                            UPDATE inpatient_settlement x SET cancelled_at = :now FROM inpatient_stay s
                            WHERE s.stay_id = :id AND x.setl_id = s.setl_id AND x.cancelled_at IS NULL AND EXISTS (SELECT 1 FROM reopened))
                        SELECT count(*) AS n FROM reopened""")
                .bind("ins", insStage.name()).bind("now", now()).bind("id", stayId).map(r -> r.get("n", Long.class) > 0).one();
    }

    /** A fee batch as the platform has it (or is to have it). */
    record FeeBatchRow(UUID stayId, String batchNo, long amountFen, String status, String uploadMsgid, String cancelMsgid, String itemsJson,
                       int lineCount, String failure) {}

    Mono<FeeBatchRow> feeBatch(UUID stayId, String batchNo) {
        return db.sql("SELECT * FROM inpatient_fee_batch WHERE stay_id = :stay AND batch_no = :batch")
                .bind("stay", stayId).bind("batch", batchNo).map(StayStore::feeBatchRow).one();
    }

    /** Batches still to be sent (PENDING) or cancelled (CANCELLING) at the platform, cancels first, oldest first. */
    Flux<FeeBatchRow> openFeeBatches(UUID stayId) {
        return db.sql("""
                        SELECT * FROM inpatient_fee_batch WHERE stay_id = :stay AND ins_status IN ('PENDING', 'CANCELLING')
                        ORDER BY (ins_status = 'CANCELLING') DESC, uploaded_at, batch_no""")
                .bind("stay", stayId).map(StayStore::feeBatchRow).all();
    }

    Mono<Long> declinedFeeBatches(UUID stayId) {
        return db.sql("SELECT COUNT(*) AS n FROM inpatient_fee_batch WHERE stay_id = :stay AND ins_status = 'DECLINED'")
                .bind("stay", stayId).map(r -> r.get("n", Long.class)).one();
    }

    Mono<Void> feeBatchStatus(UUID stayId, String batchNo, String from, String to, String failure) {
        var spec = db.sql("""
                        UPDATE inpatient_fee_batch SET ins_status = :to, ins_failure = :failure
                        WHERE stay_id = :stay AND batch_no = :batch AND ins_status = :from""")
                .bind("to", to).bind("from", from).bind("stay", stayId).bind("batch", batchNo);
        return (failure == null ? spec.bindNull("failure", String.class) : spec.bind("failure", cut(failure))).then();
    }

    Mono<Void> feeBatchCancelling(UUID stayId, String batchNo, String msgid) {
        return db.sql("""
                        UPDATE inpatient_fee_batch SET ins_status = 'CANCELLING', cancel_msgid = :msgid
                        WHERE stay_id = :stay AND batch_no = :batch""")
                .bind("msgid", msgid).bind("stay", stayId).bind("batch", batchNo).then();
    }

    /** A batch cancelled: the row goes (its number may be used again for the corrected batch) and the stay's fees drop. */
    Mono<Boolean> deleteFeeBatch(UUID stayId, String batchNo) {
        return db.sql("DELETE FROM inpatient_fee_batch WHERE stay_id = :stay AND batch_no = :batch RETURNING amount_fen")
                .bind("stay", stayId).bind("batch", batchNo).map(r -> r.get("amount_fen", Long.class)).one()
                .flatMap(fen -> addFees(stayId, -fen).thenReturn(true))
                .defaultIfEmpty(false);
    }

    private static FeeBatchRow feeBatchRow(Readable r) {
        return new FeeBatchRow(r.get("stay_id", UUID.class), r.get("batch_no", String.class), r.get("amount_fen", Long.class),
                r.get("ins_status", String.class), r.get("upload_msgid", String.class), r.get("cancel_msgid", String.class),
                r.get("items_json", String.class), r.get("line_count", Integer.class), r.get("ins_failure", String.class));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300);
    }

    // ------------------------------------------------------------------ deposits and fees

    Mono<Void> insertDeposit(UUID depositId, UUID stayId, String billNo, Deposit.Kind kind, long fen, String by) {
        // No arbiter named: with ON CONFLICT (deposit_id), two writers of one row racing fail on the other unique key
        // (stay_id, bill_no) instead of finding it written (PostgreSQL checks non-arbiter indexes as plain inserts).
        return db.sql("""
                        INSERT INTO inpatient_deposit (deposit_id, stay_id, bill_no, kind, amount_fen, by_terminal, created_at)
                        VALUES (:id, :stay, :bill, :kind, :fen, :by, :now) ON CONFLICT DO NOTHING""")
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

    Mono<Void> insertFeeBatch(UUID stayId, String batchNo, long fen, String hash, String itemsJson, int lines, String insStatus,
                              String uploadMsgid) {
        var spec = db.sql("""
                        INSERT INTO inpatient_fee_batch (stay_id, batch_no, amount_fen, content_hash, items_json, uploaded_at, line_count,
                            ins_status, upload_msgid)
                        VALUES (:stay, :batch, :fen, :hash, :items, :now, :lines, :ins, :msgid)""")
                .bind("stay", stayId).bind("batch", batchNo).bind("fen", fen).bind("hash", hash).bind("items", itemsJson)
                .bind("now", now()).bind("lines", lines).bind("ins", insStatus);
        return (uploadMsgid == null ? spec.bindNull("msgid", String.class) : spec.bind("msgid", uploadMsgid)).then();
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
                r.get("discharged_at", Instant.class), new Stay.Insurance(Stay.InsStage.valueOf(r.get("ins_stage", String.class)),
                r.get("psn_no", String.class), r.get("insutype", String.class), r.get("insuplc_admdvs", String.class),
                r.get("cert_type", String.class), r.get("cert_enc", byte[].class), r.get("mdtrt_id", String.class),
                r.get("admit_msgid", String.class), r.get("dscg_msgid", String.class), r.get("setl_msgid", String.class),
                r.get("setl_id", String.class), r.get("cancel_msgid", String.class), r.get("setl_pooling", String.class),
                r.get("ins_failure", String.class), r.get("discharged_kind", String.class), r.get("discharged_window", String.class)));
    }

    private static RefundRow refundRow(Readable r) {
        return new RefundRow(r.get("refund_row_id", UUID.class), r.get("stay_id", UUID.class), r.get("deposit_id", UUID.class),
                r.get("payment_id", UUID.class), r.get("amount_fen", Long.class), r.get("reason", String.class), r.get("seq", Integer.class),
                RefundRow.Status.valueOf(r.get("status", String.class)), r.get("attempt", Integer.class), r.get("refund_id", UUID.class),
                r.get("failure_code", String.class), r.get("created_at", Instant.class), r.get("by_terminal", String.class),
                r.get("by_kind", String.class), r.get("by_window", String.class), r.get("hospital_id", String.class));
    }
}
