package org.hospay.gateway.finance;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hospay.channels.bank.BankFiles;
import org.hospay.channels.bank.CreditBank;
import org.hospay.gateway.finance.Booking.State;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's side of a day, per counterparty, read from the payment tables (read only): self-pay
 * charges, family-proxy deductions, credit-bill repayments, refunds and compensating refunds on a payment-code channel; insurance
 * settlements by their setl_id. A record belongs to the Beijing day it was created on.
 */
@Component
class OurBooks {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final DatabaseClient db;

    OurBooks(DatabaseClient db) {
        this.db = db;
    }

    /** Charges (P:out_trade_no) and refunds (R:out_refund_no) on a payment-code channel. */
    Flux<Booking> codeChannel(String channel, LocalDate day) {
        OffsetDateTime from = start(day), to = start(day.plusDays(1));
        // The channel's in-app orders (phone payments, self-pay method WECHAT_APP) are on the same statement as its code charges.
        String app = channel + "_APP";
        Flux<Booking> legs = db.sql("""
                SELECT request_id, amount_fen, status, payment_id, leg_id FROM payment_leg
                WHERE kind = 'SELF_PAY' AND channel IN (:ch, :app) AND created_at >= :from AND created_at < :to""")
                .bind("ch", channel).bind("app", app).bind("from", from).bind("to", to)
                .map(r -> new Booking("P:" + r.get("request_id", String.class), r.get("amount_fen", Long.class),
                        legState(r.get("status", String.class)), r.get("payment_id", UUID.class), r.get("leg_id", UUID.class)))
                .all();
        Flux<Booking> deductions = db.sql("""
                SELECT out_trade_no, amount_fen, status, payment_id FROM family_deduction
                WHERE channel = :ch AND created_at >= :from AND created_at < :to""")
                .bind("ch", channel).bind("from", from).bind("to", to)
                .map(r -> new Booking("P:" + r.get("out_trade_no", String.class), r.get("amount_fen", Long.class),
                        deductionState(r.get("status", String.class)), r.get("payment_id", UUID.class), null))
                .all();
        Flux<Booking> refunds = db.sql("""
                SELECT 'R' || substr(replace(r.refund_id::text, '-', ''), 2) AS no, r.self_pay_refund_fen, r.status, r.payment_id, l.leg_id
                FROM refund r JOIN payment_leg l ON l.payment_id = r.payment_id AND l.kind = 'SELF_PAY' AND l.channel IN (:ch, :app)
                WHERE r.self_pay_refund_fen > 0 AND r.created_at >= :from AND r.created_at < :to""")
                .bind("ch", channel).bind("app", app).bind("from", from).bind("to", to)
                .map(r -> new Booking("R:" + r.get("no", String.class), r.get("self_pay_refund_fen", Long.class),
                        refundState(r.get("status", String.class)), r.get("payment_id", UUID.class), r.get("leg_id", UUID.class)))
                .all();
        Flux<Booking> familyRefunds = db.sql("""
                SELECT f.out_refund_no, f.amount_fen, d.payment_id FROM family_refund f JOIN family_deduction d USING (deduction_id)
                WHERE d.channel = :ch AND f.created_at >= :from AND f.created_at < :to""")
                .bind("ch", channel).bind("from", from).bind("to", to)
                .map(r -> new Booking("R:" + r.get("out_refund_no", String.class), r.get("amount_fen", Long.class), State.BOOKED,
                        r.get("payment_id", UUID.class), null))
                .all();
        Flux<Booking> compensations = db.sql("""
                SELECT c.request_id, c.amount_fen, c.status, c.payment_id, c.leg_id FROM compensation c
                JOIN payment_leg l ON l.leg_id = c.leg_id AND l.kind = 'SELF_PAY' AND l.channel IN (:ch, :app)
                WHERE c.action = 'REFUND' AND c.created_at >= :from AND c.created_at < :to""")
                .bind("ch", channel).bind("app", app).bind("from", from).bind("to", to)
                .map(r -> new Booking("R:" + r.get("request_id", String.class), r.get("amount_fen", Long.class),
                        compensationState(r.get("status", String.class)), r.get("payment_id", UUID.class), r.get("leg_id", UUID.class)))
                .all();
        Flux<Booking> repayments = db.sql("""
                SELECT r.repayment_no, r.amount_fen, r.status, c.payment_id FROM credit_repayment r
                JOIN credit_consumption c ON c.consumption_id = r.consumption_id
                WHERE r.channel = :ch AND r.created_at >= :from AND r.created_at < :to""")
                .bind("ch", channel).bind("from", from).bind("to", to)
                .map(r -> new Booking("P:" + r.get("repayment_no", String.class), r.get("amount_fen", Long.class),
                        deductionState(r.get("status", String.class)), r.get("payment_id", UUID.class), null))
                .all();
        return Flux.concat(legs, deductions, refunds, familyRefunds, compensations, repayments);
    }

    /**
     * Commercial claims (P:outClaimNo, the leg's request id) and the cancels that gave their money back
     * (R:outCancelNo): a refund's cancel counts once it was answered as done; a compensation's cancel is
     * RETURNED (it may have cancelled a claim that never arrived, which the insurer does not list).
     */
    Flux<Booking> commercial(LocalDate day) {
        OffsetDateTime from = start(day), to = start(day.plusDays(1));
        Flux<Booking> claims = db.sql("""
                SELECT request_id, amount_fen, status, payment_id, leg_id FROM payment_leg
                WHERE kind = 'COMMERCIAL' AND created_at >= :from AND created_at < :to""")
                .bind("from", from).bind("to", to)
                .map(r -> new Booking("P:" + r.get("request_id", String.class), r.get("amount_fen", Long.class),
                        legState(r.get("status", String.class)), r.get("payment_id", UUID.class), r.get("leg_id", UUID.class)))
                .all();
        // One row per cancel number (a retry is another attempt under the same number).
        Flux<Booking> refundCancels = db.sql("""
                SELECT a.request_id, min(l.amount_fen) AS amount_fen, bool_or(a.outcome = 'SUCCEEDED') AS done,
                       min(a.payment_id::text) AS payment_id, min(a.leg_id::text) AS leg_id
                FROM channel_attempt a JOIN payment_leg l ON l.leg_id = a.leg_id AND l.kind = 'COMMERCIAL'
                WHERE a.operation = 'REFUND_CLAIM_CANCEL'
                GROUP BY a.request_id HAVING min(a.sent_at) >= :from AND min(a.sent_at) < :to""")
                .bind("from", from).bind("to", to)
                .map(r -> new Booking("R:" + r.get("request_id", String.class), r.get("amount_fen", Long.class),
                        Boolean.TRUE.equals(r.get("done", Boolean.class)) ? State.BOOKED : State.IN_FLIGHT,
                        UUID.fromString(r.get("payment_id", String.class)), UUID.fromString(r.get("leg_id", String.class))))
                .all();
        Flux<Booking> compensations = db.sql("""
                SELECT c.request_id, c.amount_fen, c.payment_id, c.leg_id FROM compensation c
                JOIN payment_leg l ON l.leg_id = c.leg_id AND l.kind = 'COMMERCIAL'
                WHERE c.action = 'CANCEL_CLAIM' AND c.created_at >= :from AND c.created_at < :to""")
                .bind("from", from).bind("to", to)
                .map(r -> new Booking("R:" + r.get("request_id", String.class), r.get("amount_fen", Long.class), State.RETURNED,
                        r.get("payment_id", UUID.class), r.get("leg_id", UUID.class)))
                .all();
        return Flux.concat(claims, refundCancels, compensations);
    }

    /** The credit batch of a day: its number and the file we sent (what we asked the bank to deduct and credit back). */
    record CreditBatch(String batchNo, String status, String fileText) {}

    Mono<CreditBatch> creditBatch(LocalDate day) {
        return db.sql("SELECT batch_no, status, file_text FROM credit_batch WHERE batch_date = :d").bind("d", day)
                .map(r -> new CreditBatch(r.get("batch_no", String.class), r.get("status", String.class), r.get("file_text", String.class)))
                .one();
    }

    /**
     * The credit bank's day: each consumption (C:consumption id) and credit refund (F:refund no) of the day's batch,
     * for the amount our file asked, standing as its row says: deducted (result 00) BOOKED, still in the batch
     * IN_FLIGHT, anything else (refused, or sent again in a later batch) DECLINED.
     */
    Flux<Booking> bank(LocalDate day) {
        return creditBatch(day).flatMapMany(b -> {
            CreditBank.ConsumptionBatch sent = BankFiles.parseConsumption(b.fileText());
            Map<String, Long> lines = new HashMap<>();
            sent.lines().forEach(l -> lines.put(l.consumptionId(), l.amount().fen()));
            Map<String, Long> refunds = new HashMap<>();
            sent.refunds().forEach(r -> refunds.put(r.refundNo(), r.amount().fen()));
            Flux<Booking> consumptions = lines.isEmpty() ? Flux.empty() : db.sql("""
                    SELECT consumption_id, status, batch_date, result_code, payment_id FROM credit_consumption WHERE consumption_id = ANY(:ids)""")
                    .bind("ids", lines.keySet().toArray(String[]::new))
                    .map(r -> {
                        String id = r.get("consumption_id", String.class);
                        State state = !day.equals(r.get("batch_date", LocalDate.class)) ? State.DECLINED
                                : "00".equals(r.get("result_code", String.class)) ? State.BOOKED
                                : "BATCHED".equals(r.get("status", String.class)) ? State.IN_FLIGHT : State.DECLINED;
                        return new Booking("C:" + id, lines.get(id), state, r.get("payment_id", UUID.class), null);
                    })
                    .all();
            Flux<Booking> credits = refunds.isEmpty() ? Flux.empty() : db.sql("""
                    SELECT f.refund_no, f.status, f.batch_date, f.result_code, c.payment_id FROM credit_refund f
                    JOIN credit_consumption c ON c.consumption_id = f.consumption_id WHERE f.refund_no = ANY(:nos)""")
                    .bind("nos", refunds.keySet().toArray(String[]::new))
                    .map(r -> {
                        String no = r.get("refund_no", String.class);
                        State state = !day.equals(r.get("batch_date", LocalDate.class)) ? State.DECLINED
                                : "00".equals(r.get("result_code", String.class)) ? State.BOOKED
                                : "BATCHED".equals(r.get("status", String.class)) ? State.IN_FLIGHT : State.DECLINED;
                        return new Booking("F:" + no, refunds.get(no), state, r.get("payment_id", UUID.class), null);
                    })
                    .all();
            return Flux.concat(consumptions, credits);
        });
    }

    /** One insurance settlement of ours, with what 3201 totals need: its fund type and clearing type (11 outpatient, 21 inpatient). */
    record Settlement(Booking booking, String insutype, String clrType, long medfeeFen, long fundFen, long accountFen) {}

    /** Insurance settlements (S:setl_id) of the day: the payments' (created on it) and the inpatient discharges' (settled on it). */
    Flux<Settlement> insurance(LocalDate day) {
        return Flux.concat(outpatient(day), inpatient(day));
    }

    private Flux<Settlement> inpatient(LocalDate day) {
        return db.sql("""
                SELECT setl_id, insutype, total_fen, fund_fen, account_fen, cancelled_at IS NOT NULL AS cancelled FROM inpatient_settlement
                WHERE settled_at >= :from AND settled_at < :to""")
                .bind("from", start(day)).bind("to", start(day.plusDays(1)))
                .map(r -> {
                    long fund = r.get("fund_fen", Long.class), acct = r.get("account_fen", Long.class);
                    // A cancelled settlement (2305) is void at the platform, listed or not, like a fully refunded one.
                    State state = Boolean.TRUE.equals(r.get("cancelled", Boolean.class)) ? State.RETURNED : State.BOOKED;
                    return new Settlement(new Booking("S:" + r.get("setl_id", String.class), fund + acct, state, null, null),
                            r.get("insutype", String.class), "21", r.get("total_fen", Long.class), fund, acct);
                })
                .all();
    }

    private Flux<Settlement> outpatient(LocalDate day) {
        return db.sql("""
                SELECT l.vendor_ref, l.status, l.refunded_fen, l.payment_id, l.leg_id, p.insutype, p.total_fen, p.status AS payment_status,
                       COALESCE(p.fund_pay_fen, 0) AS fund, COALESCE(p.account_pay_fen, 0) AS acct
                FROM payment_leg l JOIN payment p ON p.payment_id = l.payment_id
                WHERE l.kind = 'INSURANCE' AND l.vendor_ref IS NOT NULL AND l.created_at >= :from AND l.created_at < :to""")
                .bind("from", start(day)).bind("to", start(day.plusDays(1)))
                .map(r -> {
                    String status = r.get("status", String.class);
                    long refunded = r.get("refunded_fen", Long.class);
                    long fund = r.get("fund", Long.class), acct = r.get("acct", Long.class);
                    // A full refund cancels the settlement (2208) even when the fund and account paid nothing (refunded 0).
                    boolean cancelled = refunded > 0 || "REFUNDED".equals(r.get("payment_status", String.class));
                    State state = "SUCCEEDED".equals(status) && cancelled ? State.RETURNED : legState(status);
                    return new Settlement(new Booking("S:" + r.get("vendor_ref", String.class), fund + acct, state,
                            r.get("payment_id", UUID.class), r.get("leg_id", UUID.class)),
                            r.get("insutype", String.class), "11", r.get("total_fen", Long.class), fund, acct);
                })
                .all();
    }

    static OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay(BEIJING).toOffsetDateTime();
    }

    static State legState(String status) {
        return switch (status) {
            case "SUCCEEDED" -> State.BOOKED;
            case "COMPENSATED" -> State.RETURNED;
            case "DECLINED" -> State.DECLINED;
            case "NEEDS_REVIEW" -> State.REVIEW;
            default -> State.IN_FLIGHT;
        };
    }

    private static State deductionState(String status) {
        return switch (status) {
            case "SUCCEEDED" -> State.BOOKED;
            case "REVERSED" -> State.RETURNED;
            case "DECLINED" -> State.DECLINED;
            default -> State.IN_FLIGHT;
        };
    }

    private static State refundState(String status) {
        return switch (status) {
            case "SUCCEEDED" -> State.BOOKED;
            case "FAILED", "APPROVAL_REQUIRED" -> State.DECLINED;
            default -> State.IN_FLIGHT;
        };
    }

    private static State compensationState(String status) {
        return switch (status) {
            case "DONE" -> State.BOOKED;
            case "ESCALATED" -> State.DECLINED;
            case "MANUAL" -> State.REVIEW;
            default -> State.IN_FLIGHT;
        };
    }
}
