package org.hospay.gateway.invoice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The invoice outbox (table {@code invoice}): receipts derived from payments and refunds, claimed by the relay
 * (a lease, so two instances never send one at once), marked issued or scheduled again.
 */
@Component
class InvoiceStore {

    /** One receipt as stored, with what issuing it needs of its payment. */
    record Row(UUID invoiceId, UUID paymentId, String kind, String outNo, long amountFen, long fundPayFen, long accountPayFen,
               UUID flushes, UUID refundId, String status, String invoiceCode, String invoiceNo, String checkCode, String pdfUrl,
               String verifyUrl, Instant issuedAt, int attempts, String lastError, Instant createdAt, String billNo, String itemsJson) {}

    private final DatabaseClient db;
    private final Clock clock;

    InvoiceStore(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * First receipts for payments that succeeded since {@code since} and have none yet; how many were written. A
     * payment that has one is skipped by the unique index {@code invoice_first_per_payment} (ON CONFLICT), a probe
     * per payment whatever the plan: the NOT EXISTS this had was planned once, on the empty tables of a new
     * database, as a loop reading the whole invoice table per payment (290 ms a pass at 10,000 receipts).
     */
    Mono<Long> deriveFirst(Instant since) {
        return db.sql("""
                INSERT INTO invoice (invoice_id, payment_id, kind, out_no, amount_fen, fund_pay_fen, account_pay_fen, status, next_attempt_at, created_at)
                SELECT gen_random_uuid(), p.payment_id, 'BLUE', 'E' || substr(replace(p.payment_id::text, '-', ''), 2), p.total_fen,
                       COALESCE(p.fund_pay_fen, 0), COALESCE(p.account_pay_fen, 0), 'PENDING', :now, :now
                FROM payment p
                WHERE p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND p.completed_at >= :since
                ON CONFLICT DO NOTHING""")
                .bind("now", now()).bind("since", since).fetch().rowsUpdated();
    }

    /** A succeeded refund without its red-flush yet, with what the payment keeps paid after it. */
    record RefundToFlush(UUID refundId, UUID paymentId, long remainingFen, boolean insuranceRefunded, long fundPayFen, long accountPayFen) {}

    /**
     * Refunds that succeeded since {@code since} and have no red-flush yet, oldest first, one per payment per pass
     * (a payment's refunds are flushed in order: each red-flushes the receipt the one before re-issued). The refunds'
     * receipts are filtered out by NOT IN, which PostgreSQL runs as one hashed set whatever the table statistics; a
     * NOT EXISTS is planned once, and on a new database's empty tables that plan reads the whole invoice table per
     * refund (deriveFirst's lesson: seconds a pass by 10,000 receipts).
     */
    Flux<RefundToFlush> refundsToFlush(Instant since, int limit) {
        return db.sql("""
                SELECT DISTINCT ON (r.payment_id) r.refund_id, r.payment_id,
                       p.total_fen - (SELECT COALESCE(sum(x.amount_fen), 0) FROM refund x
                                      WHERE x.payment_id = r.payment_id AND x.status = 'SUCCEEDED' AND x.completed_at <= r.completed_at) AS remaining,
                       (SELECT COALESCE(sum(x.insurance_refund_fen), 0) FROM refund x
                        WHERE x.payment_id = r.payment_id AND x.status = 'SUCCEEDED' AND x.completed_at <= r.completed_at) > 0 AS ins,
                       COALESCE(p.fund_pay_fen, 0) AS fund, COALESCE(p.account_pay_fen, 0) AS acct
                FROM refund r JOIN payment p ON p.payment_id = r.payment_id
                WHERE r.status = 'SUCCEEDED' AND r.completed_at >= :since
                  AND r.refund_id NOT IN (SELECT i.refund_id FROM invoice i WHERE i.refund_id IS NOT NULL)
                ORDER BY r.payment_id, r.completed_at
                LIMIT :limit""")
                .bind("since", since).bind("limit", limit)
                .map(r -> new RefundToFlush(r.get("refund_id", UUID.class), r.get("payment_id", UUID.class), r.get("remaining", Long.class),
                        Boolean.TRUE.equals(r.get("ins", Boolean.class)), r.get("fund", Long.class), r.get("acct", Long.class)))
                .all();
    }

    /**
     * Writes the red-flush of the payment's live receipt for this refund and, when something stays paid, the
     * receipt re-issued for it; nothing when the payment has no live receipt yet (its first one comes first), nor
     * when another instance's relay wrote them first (both derive the same out_no from the refund).
     */
    Mono<Void> flushFor(RefundToFlush f) {
        return db.sql("""
                WITH live AS (SELECT invoice_id, amount_fen FROM invoice WHERE payment_id = :p AND kind = 'BLUE' AND status IN ('PENDING', 'ISSUED')
                              AND NOT EXISTS (SELECT 1 FROM invoice r WHERE r.flushes = invoice.invoice_id) ORDER BY created_at DESC LIMIT 1),
                red AS (INSERT INTO invoice (invoice_id, payment_id, kind, out_no, amount_fen, flushes, refund_id, status, next_attempt_at, created_at)
                        SELECT gen_random_uuid(), :p, 'RED', 'H' || substr(replace(CAST(:r AS text), '-', ''), 2), amount_fen, invoice_id, :r, 'PENDING', :now, :now
                        FROM live ON CONFLICT DO NOTHING RETURNING invoice_id)
                INSERT INTO invoice (invoice_id, payment_id, kind, out_no, amount_fen, fund_pay_fen, account_pay_fen, refund_id, status, next_attempt_at, created_at)
                SELECT gen_random_uuid(), :p, 'BLUE', 'J' || substr(replace(CAST(:r AS text), '-', ''), 2), :remaining, :fund, :acct, :r, 'PENDING', :now, :later
                FROM red WHERE :remaining > 0
                ON CONFLICT DO NOTHING""")
                .bind("p", f.paymentId()).bind("r", f.refundId()).bind("remaining", f.remainingFen())
                .bind("fund", f.insuranceRefunded() ? 0L : Math.min(f.fundPayFen(), f.remainingFen()))
                .bind("acct", f.insuranceRefunded() ? 0L : Math.min(f.accountPayFen(), Math.max(0, f.remainingFen() - f.fundPayFen())))
                .bind("now", now()).bind("later", now().plusMillis(1)).then();
    }

    private static final String SELECT = """
            SELECT i.*, p.bill_no, p.items::text AS items FROM invoice i JOIN payment p ON p.payment_id = i.payment_id""";

    /**
     * Claims due receipts (a lease of {@code lease}): a red-flush only once the receipt it flushes is issued, a
     * re-issue only once its red-flush is; oldest first.
     */
    Flux<Row> claimDue(int limit, Duration lease) {
        return db.sql("""
                UPDATE invoice SET next_attempt_at = :until FROM payment p
                WHERE p.payment_id = invoice.payment_id AND invoice.invoice_id IN (
                    SELECT i.invoice_id FROM invoice i
                    WHERE i.status = 'PENDING' AND i.next_attempt_at <= :now
                      AND (i.kind = 'BLUE' OR EXISTS (SELECT 1 FROM invoice b WHERE b.invoice_id = i.flushes AND b.status = 'ISSUED'))
                      AND (i.kind = 'RED' OR i.refund_id IS NULL
                           OR EXISTS (SELECT 1 FROM invoice r WHERE r.refund_id = i.refund_id AND r.kind = 'RED' AND r.status = 'ISSUED'))
                    ORDER BY i.created_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING invoice.*, p.bill_no, p.items::text AS items""")
                .bind("now", now()).bind("until", now().plus(lease)).bind("limit", limit)
                .map(InvoiceStore::row).all()
                .sort(java.util.Comparator.comparing(Row::createdAt));
    }

    Mono<Void> issued(Row row, String code, String no, String check, String pdfUrl, String verifyUrl, Instant issuedAt) {
        Mono<Void> mark = db.sql("""
                UPDATE invoice SET status = 'ISSUED', invoice_code = :code, invoice_no = :no, check_code = :check, pdf_url = :pdf,
                       verify_url = :verify, issued_at = :at, attempts = attempts + 1, last_error = NULL WHERE invoice_id = :id""")
                .bind("id", row.invoiceId()).bind("code", code).bind("no", no).bind("check", check).bind("pdf", pdfUrl)
                .bind("verify", verifyUrl).bind("at", issuedAt).then();
        Mono<Void> flushed = row.flushes() == null ? Mono.empty()
                : db.sql("UPDATE invoice SET status = 'RED_FLUSHED' WHERE invoice_id = :id").bind("id", row.flushes()).then();
        return mark.then(flushed);
    }

    Mono<Void> retryLater(Row row, Duration after, String error, boolean failed) {
        return db.sql("""
                UPDATE invoice SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error,
                       status = CASE WHEN :failed THEN 'FAILED' ELSE status END WHERE invoice_id = :id""")
                .bind("id", row.invoiceId()).bind("next", now().plus(after)).bind("error", error.length() > 300 ? error.substring(0, 300) : error)
                .bind("failed", failed).then();
    }

    Flux<Row> ofPayment(UUID paymentId) {
        return db.sql(SELECT + " WHERE i.payment_id = :p ORDER BY i.created_at").bind("p", paymentId).map(InvoiceStore::row).all();
    }

    /** The hospital a payment belongs to (empty when there is no such payment). */
    /** Whether the payment reached success (also if refunded since): it is owed a receipt. */
    Mono<Boolean> succeeded(UUID paymentId) {
        return db.sql("SELECT status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AS owed FROM payment WHERE payment_id = :p")
                .bind("p", paymentId).map(r -> Boolean.TRUE.equals(r.get("owed", Boolean.class))).one().defaultIfEmpty(false);
    }

    Mono<String> hospitalOf(UUID paymentId) {
        return db.sql("SELECT hospital_id FROM payment WHERE payment_id = :p").bind("p", paymentId).map(r -> r.get("hospital_id", String.class)).one();
    }

    private static Row row(io.r2dbc.spi.Readable r) {
        return new Row(r.get("invoice_id", UUID.class), r.get("payment_id", UUID.class), r.get("kind", String.class), r.get("out_no", String.class),
                r.get("amount_fen", Long.class), r.get("fund_pay_fen", Long.class), r.get("account_pay_fen", Long.class),
                r.get("flushes", UUID.class), r.get("refund_id", UUID.class), r.get("status", String.class), r.get("invoice_code", String.class),
                r.get("invoice_no", String.class), r.get("check_code", String.class), r.get("pdf_url", String.class),
                r.get("verify_url", String.class), r.get("issued_at", Instant.class), r.get("attempts", Integer.class),
                r.get("last_error", String.class), r.get("created_at", Instant.class), r.get("bill_no", String.class), r.get("items", String.class));
    }
}
