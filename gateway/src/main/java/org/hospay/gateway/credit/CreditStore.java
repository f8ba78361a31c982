package org.hospay.gateway.credit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Credit accounts, the white and black lists and consumptions in PostgreSQL. The line is guarded by the
 * database: a consumption is one statement that reserves the amount with a conditional UPDATE (used + amount
 * within the line, account ACTIVE, no consumption under this id yet) and inserts the consumption from what
 * it returned, so concurrent bills can never take more than the line (the CHECK on used_fen is the last guard).
 */
@Component
class CreditStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    CreditStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    <T> Mono<T> inTransaction(Mono<T> work) {
        return tx.transactional(work);
    }

    // ------------------------------------------------------------------ accounts and lists

    Mono<Account> account(String hospitalId, String cardNo) {
        return db.sql("SELECT * FROM credit_account WHERE hospital_id = :h AND card_no = :c").bind("h", hospitalId).bind("c", cardNo)
                .map(Account::of).one();
    }

    Mono<Account> account(UUID accountId) {
        return db.sql("SELECT * FROM credit_account WHERE account_id = :id").bind("id", accountId).map(Account::of).one();
    }

    Flux<Account> accountsOfUser(String userId) {
        return db.sql("SELECT * FROM credit_account WHERE user_id = :u ORDER BY created_at").bind("u", userId).map(Account::of).all();
    }

    Mono<Account> insert(Account a) {
        var spec = db.sql("""
                INSERT INTO credit_account (account_id, hospital_id, card_no, user_id, id_enc, id_hash, id_masked, customer_no, tier,
                    line_fen, used_fen, status, overdue_count, on_time_count, consented_at, created_at)
                VALUES (:id, :h, :c, :u, :enc, :hash, :masked, :cust, :tier, :line, 0, 'ACTIVE', 0, 0, :consent, :created)
                RETURNING *""")
                .bind("id", a.accountId()).bind("h", a.hospitalId()).bind("c", a.cardNo())
                .bind("enc", a.idEnc()).bind("hash", a.idHash()).bind("masked", a.idMasked()).bind("cust", a.customerNo())
                .bind("tier", a.tier()).bind("line", a.lineFen()).bind("consent", a.consentedAt()).bind("created", a.createdAt());
        spec = a.userId() == null ? spec.bindNull("u", String.class) : spec.bind("u", a.userId());
        return spec.map(Account::of).one();
    }

    record ListEntry(String kind, Long lineFen, String reason) {}

    /** By the person's keyed hash in each form it may have during a key rotation ({@code CreditIdentity#candidates}). */
    Mono<ListEntry> listed(String hospitalId, List<String> idHashes) {
        return db.sql("SELECT kind, line_fen, reason FROM credit_list WHERE hospital_id = :h AND id_hash IN (:hashes) ORDER BY created_at DESC LIMIT 1")
                .bind("h", hospitalId).bind("hashes", idHashes)
                .map(r -> new ListEntry(r.get("kind", String.class), r.get("line_fen", Long.class), r.get("reason", String.class))).one();
    }

    /**
     * Puts a person on the white or black list; black-listing also suspends their accounts at once.
     * {@code idHashes}: the current hash first, then the forms under retired keys, whose row this one replaces
     * (one entry per person across a key rotation).
     */
    Mono<Void> list(String hospitalId, List<String> idHashes, byte[] idEnc, String idMasked, String kind, Long lineFen, String reason,
                    Instant now) {
        String idHash = idHashes.getFirst();
        Mono<Void> older = db.sql("DELETE FROM credit_list WHERE hospital_id = :h AND id_hash IN (:old)")
                .bind("h", hospitalId).bind("old", idHashes.subList(1, idHashes.size())).then();
        var upsert = db.sql("""
                INSERT INTO credit_list (hospital_id, id_hash, id_enc, kind, id_masked, line_fen, reason, created_at)
                VALUES (:h, :hash, :enc, :kind, :masked, :line, :reason, :now)
                ON CONFLICT (hospital_id, id_hash) DO UPDATE SET id_enc = :enc, kind = :kind, line_fen = :line, reason = :reason, created_at = :now""")
                .bind("h", hospitalId).bind("hash", idHash).bind("enc", idEnc).bind("kind", kind).bind("masked", idMasked).bind("reason", reason)
                .bind("now", now);
        upsert = lineFen == null ? upsert.bindNull("line", Long.class) : upsert.bind("line", lineFen);
        Mono<Void> suspend = "BLACK".equals(kind)
                ? db.sql("UPDATE credit_account SET status = 'BLACKLISTED', status_reason = :reason WHERE hospital_id = :h AND id_hash IN (:hashes)")
                        .bind("reason", "black list: " + reason).bind("h", hospitalId).bind("hashes", idHashes).then()
                : Mono.empty();
        return inTransaction(older.then(upsert.then()).then(suspend));
    }

    /** Lifts a black-listing: active again, overdue count back to 0, off the black list; the reason is kept. */
    Mono<Account> lift(String hospitalId, String cardNo, String reason, java.util.function.Function<Account, List<String>> hashesOf) {
        Mono<Account> lifted = db.sql("""
                UPDATE credit_account SET status = 'ACTIVE', overdue_count = 0, status_reason = :reason
                WHERE hospital_id = :h AND card_no = :c RETURNING *""")
                .bind("reason", reason).bind("h", hospitalId).bind("c", cardNo).map(Account::of).one();
        return inTransaction(lifted.flatMap(a -> db.sql("DELETE FROM credit_list WHERE hospital_id = :h AND id_hash IN (:hashes) AND kind = 'BLACK'")
                .bind("h", hospitalId).bind("hashes", hashesOf.apply(a)).then().thenReturn(a)));
    }

    // ------------------------------------------------------------------ consumptions

    /**
     * Reserves {@code amountFen} on the account and records the consumption, in one statement; empty when the
     * line, the account's status or an existing consumption under this id stopped it.
     */
    Mono<Consumption> consume(String consumptionId, UUID accountId, UUID paymentId, String billNo, long amountFen, Instant at,
                              LocalDate businessDate) {
        return db.sql("""
                WITH reserved AS (
                    UPDATE credit_account SET used_fen = used_fen + :amount
                    WHERE account_id = :account AND status = 'ACTIVE' AND used_fen + :amount <= line_fen
                      AND NOT EXISTS (SELECT 1 FROM credit_consumption WHERE consumption_id = :id)
                    RETURNING account_id)
                INSERT INTO credit_consumption (consumption_id, account_id, payment_id, bill_no, amount_fen, occurred_at, business_date,
                    status, updated_at)
                SELECT :id, account_id, :payment, :bill, :amount, :at, :day, 'OPEN', :at FROM reserved
                RETURNING *""")
                .bind("id", consumptionId).bind("account", accountId).bind("payment", paymentId).bind("bill", billNo)
                .bind("amount", amountFen).bind("at", at).bind("day", businessDate)
                .map(Consumption::of).one();
    }

    Mono<Consumption> consumption(String consumptionId) {
        return db.sql("SELECT * FROM credit_consumption WHERE consumption_id = :id").bind("id", consumptionId).map(Consumption::of).one();
    }

    Flux<Consumption> consumptions(UUID accountId, int limit) {
        return db.sql("SELECT * FROM credit_consumption WHERE account_id = :a ORDER BY occurred_at DESC LIMIT :n")
                .bind("a", accountId).bind("n", limit).map(Consumption::of).all();
    }

    /**
     * Gives back what is left of a consumption not yet sent to the bank (OPEN): it leaves the batch and the line
     * is restored. Empty when it is not OPEN (already released, or batched).
     */
    Mono<Consumption> release(String consumptionId, Instant now) {
        return adjust(consumptionId, null, null, now, "'OPEN'");
    }

    /**
     * Refunds {@code fen} of a consumption the bank has not deducted (OPEN: it leaves the batch; UNPAID: the
     * patient owes less): the line is restored by as much, and the refund recorded DONE under its number (a
     * retry of the same refund changes nothing). Empty when the consumption is in neither state or the refund
     * exceeds what is left.
     */
    Mono<Consumption> refundUnsettled(String refundNo, String consumptionId, long fen, Instant now, LocalDate businessDate) {
        return adjust(consumptionId, refundNo, fen, now, "'OPEN', 'UNPAID'").flatMap(c -> db.sql("""
                        INSERT INTO credit_refund (refund_no, consumption_id, amount_fen, business_date, status, created_at)
                        VALUES (:no, :id, :fen, :day, 'DONE', :now)""")
                .bind("no", refundNo).bind("id", consumptionId).bind("fen", fen).bind("day", businessDate).bind("now", now)
                .then().thenReturn(c)).as(this::inTransaction);
    }

    private Mono<Consumption> adjust(String consumptionId, String refundNo, Long fen, Instant now, String states) {
        String back = fen == null ? "c.amount_fen - c.refunded_fen" : ":fen";
        String notRefunded = refundNo == null ? "" : " AND NOT EXISTS (SELECT 1 FROM credit_refund WHERE refund_no = :no)";
        var spec = db.sql("""
                WITH old AS (
                    SELECT consumption_id, account_id, %s AS back FROM credit_consumption c
                    WHERE consumption_id = :id AND status IN (%s) AND c.amount_fen - c.refunded_fen >= %s AND %s > 0%s
                    FOR UPDATE),
                upd AS (
                    UPDATE credit_consumption c SET refunded_fen = c.refunded_fen + old.back,
                        status = CASE WHEN c.refunded_fen + old.back = c.amount_fen
                                      THEN (CASE WHEN c.status = 'OPEN' THEN 'RELEASED' ELSE 'REPAID' END) ELSE c.status END,
                        updated_at = :now
                    FROM old WHERE c.consumption_id = old.consumption_id
                    RETURNING c.*, old.back),
                line AS (
                    UPDATE credit_account a SET used_fen = a.used_fen - upd.back FROM upd WHERE a.account_id = upd.account_id)
                SELECT * FROM upd""".formatted(back, states, back, back, notRefunded))
                .bind("id", consumptionId).bind("now", now);
        if (fen != null) spec = spec.bind("fen", fen);
        if (refundNo != null) spec = spec.bind("no", refundNo);
        return spec.map(Consumption::of).one();
    }

    /**
     * A credit refund of a consumption the bank already took (or is taking): recorded for the bank, which credits it
     * back in a later batch (an R record). While the consumption is in a batch (BATCHED) its line is still taken:
     * the refunded part is given back at once (the rest when the bank deducts it); a deducted one freed it already.
     */
    Mono<Boolean> creditRefund(String refundNo, String consumptionId, long fen, LocalDate businessDate, Instant now) {
        return db.sql("""
                WITH c AS (
                    UPDATE credit_consumption SET refunded_fen = refunded_fen + :fen, updated_at = :now
                    WHERE consumption_id = :id AND status IN ('BATCHED', 'PAID', 'REPAID') AND amount_fen - refunded_fen >= :fen
                      AND NOT EXISTS (SELECT 1 FROM credit_refund WHERE refund_no = :no)
                    RETURNING consumption_id, account_id, status),
                line AS (
                    UPDATE credit_account a SET used_fen = a.used_fen - :fen FROM c WHERE a.account_id = c.account_id AND c.status = 'BATCHED')
                INSERT INTO credit_refund (refund_no, consumption_id, amount_fen, business_date, status, created_at)
                SELECT :no, consumption_id, :fen, :day, 'OPEN', :now FROM c
                RETURNING refund_no""")
                .bind("no", refundNo).bind("id", consumptionId).bind("fen", fen).bind("day", businessDate).bind("now", now)
                .map(r -> Boolean.TRUE).one().defaultIfEmpty(false);
    }

    Mono<Boolean> refundKnown(String refundNo) {
        return db.sql("SELECT 1 FROM credit_refund WHERE refund_no = :no").bind("no", refundNo).map(r -> Boolean.TRUE).one().defaultIfEmpty(false);
    }

    // ------------------------------------------------------------------ dynamic codes

    /** Claims a credit code's nonce: true the first time, false when it was used before. */
    Mono<Boolean> claimCode(String nonce, UUID accountId, Instant expiresAt) {
        return db.sql("""
                INSERT INTO credit_code_use (nonce, account_id, expires_at) VALUES (:n, :a, :e)
                ON CONFLICT (nonce) DO NOTHING RETURNING nonce""")
                .bind("n", nonce).bind("a", accountId).bind("e", expiresAt)
                .map(r -> Boolean.TRUE).one().defaultIfEmpty(false);
    }
}
