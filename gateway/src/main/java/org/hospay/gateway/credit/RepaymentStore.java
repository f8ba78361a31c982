package org.hospay.gateway.credit;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Repayments of owed credit bills in PostgreSQL. A repayment starts in one statement that moves the bill
 * UNPAID → REPAYING and records the repayment PENDING (the batch takes only OPEN and UNPAID lines, so the bank
 * never deducts a bill the patient is paying in-app); it ends once, in the transaction that moves it out of PENDING.
 */
@Component
class RepaymentStore {

    private final DatabaseClient db;
    private final CreditStore store;

    RepaymentStore(DatabaseClient db, CreditStore store) {
        this.db = db;
        this.store = store;
    }

    record Repayment(String repaymentNo, String consumptionId, UUID accountId, String channel, String codeMasked, long amountFen,
                     String status, String failureCode, String channelTradeNo, Boolean onTime, Instant createdAt) {
        static Repayment of(Readable r) {
            return new Repayment(r.get("repayment_no", String.class), r.get("consumption_id", String.class), r.get("account_id", UUID.class),
                    r.get("channel", String.class), r.get("code_masked", String.class), r.get("amount_fen", Long.class),
                    r.get("status", String.class), r.get("failure_code", String.class), r.get("channel_trade_no", String.class),
                    r.get("on_time", Boolean.class), r.get("created_at", Instant.class));
        }
    }

    /** The bill's repayment that is running or succeeded (at most one, by the unique index). */
    Mono<Repayment> live(String consumptionId) {
        return db.sql("SELECT * FROM credit_repayment WHERE consumption_id = :c AND status IN ('PENDING', 'SUCCEEDED')")
                .bind("c", consumptionId).map(Repayment::of).one();
    }

    Mono<Repayment> repayment(String repaymentNo) {
        return db.sql("SELECT * FROM credit_repayment WHERE repayment_no = :no").bind("no", repaymentNo).map(Repayment::of).one();
    }

    /** PENDING repayments started before {@code before}: their charge's outcome is asked again. */
    Flux<Repayment> pendingBefore(Instant before) {
        return db.sql("SELECT * FROM credit_repayment WHERE status = 'PENDING' AND created_at < :t ORDER BY created_at LIMIT 100")
                .bind("t", before).map(Repayment::of).all();
    }

    /** Starts repaying what the account's UNPAID bill still owes; empty when the bill is not UNPAID (or owes nothing). */
    Mono<Repayment> start(String repaymentNo, String consumptionId, UUID accountId, String channel, String codeMasked, Instant now) {
        return db.sql("""
                WITH bill AS (
                    UPDATE credit_consumption SET status = 'REPAYING', updated_at = :now
                    WHERE consumption_id = :c AND account_id = :a AND status = 'UNPAID' AND amount_fen > refunded_fen
                    RETURNING consumption_id, account_id, amount_fen - refunded_fen AS owed)
                INSERT INTO credit_repayment (repayment_no, consumption_id, account_id, channel, code_masked, amount_fen, status,
                    created_at, updated_at)
                SELECT :no, consumption_id, account_id, :ch, :masked, owed, 'PENDING', :now, :now FROM bill
                RETURNING *""")
                .bind("no", repaymentNo).bind("c", consumptionId).bind("a", accountId).bind("ch", channel).bind("masked", codeMasked)
                .bind("now", now)
                .map(Repayment::of).one();
    }

    /**
     * The charge went through: the repayment SUCCEEDED, the bill REPAID, the line freed by the amount, an on-time
     * repayment (by the due date, never counted overdue) counted and the line raised after every {@code raiseAfter}.
     * Empty when the repayment had already ended.
     */
    Mono<Repayment> succeeded(String repaymentNo, String channelTradeNo, LocalDate today, Instant now, int raiseAfter, long raiseStepFen,
                              long maxLineFen) {
        Mono<Repayment> done = db.sql("""
                WITH r AS (
                    UPDATE credit_repayment f SET status = 'SUCCEEDED', channel_trade_no = :trade, updated_at = :now,
                        on_time = (c.due_date >= CAST(:today AS date) AND NOT c.overdue_counted)
                    FROM credit_consumption c
                    WHERE f.repayment_no = :no AND f.status = 'PENDING' AND c.consumption_id = f.consumption_id
                    RETURNING f.*),
                bill AS (
                    UPDATE credit_consumption c SET status = 'REPAID', result_code = NULL, updated_at = :now
                    FROM r WHERE c.consumption_id = r.consumption_id AND c.status = 'REPAYING'),
                line AS (
                    UPDATE credit_account a SET used_fen = a.used_fen - r.amount_fen,
                        on_time_count = a.on_time_count + CASE WHEN r.on_time THEN 1 ELSE 0 END
                    FROM r WHERE a.account_id = r.account_id)
                SELECT * FROM r""")
                .bind("trade", channelTradeNo == null ? "" : channelTradeNo).bind("now", now).bind("today", today).bind("no", repaymentNo)
                .map(Repayment::of).one();
        return store.inTransaction(done.flatMap(r -> db.sql("""
                        UPDATE credit_account SET line_fen = LEAST(CAST(:max AS bigint), line_fen + :step * (on_time_count / :after)),
                            on_time_count = on_time_count % :after
                        WHERE account_id = :a AND on_time_count >= :after AND status = 'ACTIVE'""")
                .bind("max", maxLineFen).bind("step", raiseStepFen).bind("after", raiseAfter).bind("a", r.accountId())
                .then().thenReturn(r)));
    }

    /** The charge was declined: the repayment ends DECLINED and the bill is owed again. Empty when it had already ended. */
    Mono<Repayment> declined(String repaymentNo, String failureCode, Instant now) {
        return store.inTransaction(db.sql("""
                WITH r AS (
                    UPDATE credit_repayment SET status = 'DECLINED', failure_code = :code, updated_at = :now
                    WHERE repayment_no = :no AND status = 'PENDING'
                    RETURNING *),
                bill AS (
                    UPDATE credit_consumption c SET status = 'UNPAID', updated_at = :now
                    FROM r WHERE c.consumption_id = r.consumption_id AND c.status = 'REPAYING')
                SELECT * FROM r""")
                .bind("code", failureCode.length() > 64 ? failureCode.substring(0, 64) : failureCode).bind("now", now).bind("no", repaymentNo)
                .map(Repayment::of).one());
    }
}
