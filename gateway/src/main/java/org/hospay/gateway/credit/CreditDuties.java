package org.hospay.gateway.credit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.audit.AuditLog;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What each day brings to an unpaid bill (a consumption the bank could not deduct): a reminder on day
 * {@code remind-day} after its batch date and one on its due date (batch date + {@code repay-days}), and once the
 * due date has passed, one overdue count (each bill counts once); at {@code blacklist-at} counts the patient is
 * black-listed (no new credit; the debt stays collectable by the bank's retries). Idempotent per day: a bill's
 * state records what it was told and whether it was counted; a reminder is marked only after it was delivered.
 */
@Component
class CreditDuties {

    private final DatabaseClient db;
    private final CreditProperties props;
    private final PatientNotifier notifier;
    private final AuditLog audit;

    CreditDuties(DatabaseClient db, CreditProperties props, PatientNotifier notifier, AuditLog audit) {
        this.db = db;
        this.props = props;
        this.notifier = notifier;
        this.audit = audit;
    }

    private record Reminder(String consumptionId, String userId, String billNo, long owedFen, LocalDate dueDate, String next) {}

    /** Reminders due today (day 5, due day), each sent once and marked after delivery; returns how many were sent. */
    Mono<Long> remind(LocalDate today) {
        int before = props.repayDays() - props.remindDay();
        return db.sql("""
                SELECT c.consumption_id, a.user_id, c.bill_no, c.amount_fen - c.refunded_fen AS owed, c.due_date,
                       CASE WHEN c.due_date <= :today THEN 'DUE' ELSE 'DAY5' END AS next
                FROM credit_consumption c JOIN credit_account a ON a.account_id = c.account_id
                WHERE c.status = 'UNPAID' AND c.due_date >= :today AND c.due_date - :before <= :today
                  AND (c.reminded = 'NONE' OR (c.reminded = 'DAY5' AND c.due_date <= :today))
                ORDER BY c.due_date LIMIT 1000""")
                .bind("today", today).bind("before", before)
                .map(r -> new Reminder(r.get("consumption_id", String.class), r.get("user_id", String.class), r.get("bill_no", String.class),
                        r.get("owed", Long.class), r.get("due_date", LocalDate.class), r.get("next", String.class)))
                .all()
                .concatMap(m -> notifier.send("credit-" + m.next().toLowerCase() + "-" + m.consumptionId(), m.userId(),
                                m.next().equals("DUE") ? "CREDIT_DUE_TODAY" : "CREDIT_REMINDER",
                                Map.of("billNo", m.billNo(), "owedFen", m.owedFen(), "dueDate", m.dueDate().toString()))
                        .then(db.sql("UPDATE credit_consumption SET reminded = :r WHERE consumption_id = :id AND status = 'UNPAID'")
                                .bind("r", m.next()).bind("id", m.consumptionId()).fetch().rowsUpdated()))
                .reduce(0L, Long::sum);
    }

    private record Counted(UUID accountId, String hospitalId, String userId, String status, int overdueCount, boolean newlyBlacklisted) {}

    /** Counts each unpaid bill past its due date once; black-lists at the threshold. Returns the accounts black-listed now. */
    Mono<Long> countOverdue(LocalDate today, Instant now) {
        return db.sql("""
                WITH od AS (
                    UPDATE credit_consumption SET overdue_counted = TRUE, updated_at = :now
                    WHERE status = 'UNPAID' AND due_date < :today AND NOT overdue_counted
                    RETURNING account_id),
                s AS (SELECT account_id, count(*) AS n FROM od GROUP BY account_id),
                before AS (SELECT a.account_id, a.status AS old_status FROM credit_account a JOIN s ON s.account_id = a.account_id FOR UPDATE)
                UPDATE credit_account a SET overdue_count = a.overdue_count + s.n,
                    status = CASE WHEN a.overdue_count + s.n >= :at THEN 'BLACKLISTED' ELSE a.status END,
                    status_reason = CASE WHEN a.overdue_count + s.n >= :at AND a.status = 'ACTIVE'
                                         THEN (a.overdue_count + s.n) || ' overdue bills' ELSE a.status_reason END
                FROM s, before WHERE a.account_id = s.account_id AND before.account_id = a.account_id
                RETURNING a.account_id, a.hospital_id, a.user_id, a.status, a.overdue_count,
                          (before.old_status = 'ACTIVE' AND a.status = 'BLACKLISTED') AS newly""")
                .bind("now", now).bind("today", today).bind("at", props.blacklistAt())
                .map(r -> new Counted(r.get("account_id", UUID.class), r.get("hospital_id", String.class), r.get("user_id", String.class),
                        r.get("status", String.class), r.get("overdue_count", Integer.class), Boolean.TRUE.equals(r.get("newly", Boolean.class))))
                .all()
                .filter(Counted::newlyBlacklisted)
                .concatMap(c -> audit.record(new AuditLog.Actor(c.hospitalId(), null, null, "system:credit"), "CREDIT_BLACKLIST",
                                c.accountId().toString(), c.overdueCount() + " overdue bills")
                        .then(notifier.send("credit-blacklisted-" + c.accountId() + "-" + today, c.userId(), "CREDIT_SUSPENDED",
                                Map.of("overdueCount", c.overdueCount())))
                        .thenReturn(1L))
                .reduce(0L, Long::sum);
    }

}
