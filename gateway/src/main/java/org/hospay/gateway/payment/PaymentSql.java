package org.hospay.gateway.payment;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The payment tables' rows as records, and the statements {@link R2dbcPaymentRepository} shares between methods. */
final class PaymentSql {

    private PaymentSql() {}

    /** A leg's new state, on {@code table}: the leg's partition when known ({@link Partitions}), else {@code payment_leg}. */
    static String legUpdate(String table) {
        return """
            UPDATE %s SET status = :status, vendor_ref = :ref, vendor_code = :code, channel = :channel,
                amount_changed = :amountChanged,
                amount_fen = :amount, request_id = :request,
                pending_since = CASE WHEN :status IN ('PENDING', 'UNKNOWN', 'SENT') THEN COALESCE(pending_since, :now) ELSE pending_since END,
                updated_at = :now
            WHERE leg_id = :id RETURNING *, %s""".formatted(table, Partitions.RETURNING);
    }

    static Map<String, Object> legBinds(LegRow leg, Instant now) {
        java.util.Map<String, Object> b = new HashMap<>();
        b.put("status", leg.status().name());
        b.put("ref", nullable(leg.vendorRef()));
        b.put("code", nullable(leg.vendorCode()));
        b.put("channel", leg.channel());
        b.put("amountChanged", leg.amountChanged());
        b.put("amount", leg.amountFen());
        b.put("request", leg.requestId());
        b.put("now", now);
        b.put("id", leg.legId());
        return b;
    }


    /**
     * {@link PaymentRepository#lastLegSucceeded} on the leg's and the payment's tables: the attempt's answer, the leg's
     * new state ({@link #legUpdate}'s binds), the payment's move to SUCCEEDED only if the leg was found, its transition;
     * one row: {@code leg_found}, and the payment's columns, null when it did not move.
     */
    static String lastLegSucceeded(String legTable, String paymentTable) {
        return """
            WITH a AS (UPDATE channel_attempt SET outcome = 'SUCCEEDED', detail = NULL, answered_at = :now WHERE attempt_id = :attempt)
            , l AS (""" + legUpdate(legTable) + """
            ), m AS (UPDATE %s SET status = 'SUCCEEDED', stage = 'DONE', completed_at = :now,
                lease_owner = NULL, lease_until = NULL, updated_at = :now
            WHERE payment_id = :payment AND status NOT IN ('SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED')
                AND EXISTS (SELECT 1 FROM l)
            RETURNING *, %s)
            , t AS (INSERT INTO payment_transition (payment_id, at, from_status, to_status, stage, note)
                SELECT payment_id, :now, NULL, status, stage, :note FROM m)
            SELECT EXISTS (SELECT 1 FROM l) AS leg_found, m.* FROM (SELECT 1) one LEFT JOIN m ON TRUE""".formatted(paymentTable, Partitions.RETURNING);
    }

    static Object nullable(String v) {
        return v == null ? io.r2dbc.spi.Parameters.in(String.class) : v;
    }

    static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    static PaymentRow payment(Readable r) {
        Json items = r.get("items", Json.class);
        return new PaymentRow(
                r.get("payment_id", UUID.class), r.get("hospital_id", String.class), r.get("terminal_id", String.class),
                r.get("window_id", String.class), r.get("bill_no", String.class), r.get("med_type", String.class),
                items == null ? "[]" : items.asString(), r.get("total_fen", Long.class),
                r.get("source_kind", String.class), r.get("source_masked", String.class),
                Plan.valueOf(r.get("plan", String.class)), PaymentStatus.valueOf(r.get("status", String.class)),
                Stage.valueOf(r.get("stage", String.class)), r.get("cert_type", String.class), r.get("cert_enc", byte[].class),
                r.get("psn_no", String.class), r.get("insutype", String.class), r.get("insuplc_admdvs", String.class),
                r.get("mdtrt_id", String.class), r.get("fund_pay_fen", Long.class), r.get("account_pay_fen", Long.class),
                r.get("self_pay_fen", Long.class), r.get("self_pay_method", String.class),
                r.get("failure_code", String.class), r.get("failure_message", String.class), r.get("refunded_fen", Long.class),
                r.get("deadline_at", Instant.class), r.get("created_at", Instant.class), r.get("updated_at", Instant.class),
                r.get("completed_at", Instant.class), commercial(r), PoolingColumn.read(r.get("pooling", Json.class)));
    }

    private static PaymentRow.Commercial commercial(Readable r) {
        String status = r.get("commercial_status", String.class);
        if (status == null) return null;
        Long pay = r.get("commercial_pay_fen", Long.class);
        return new PaymentRow.Commercial(r.get("commercial_insurer", String.class), PaymentRow.CommercialStatus.valueOf(status),
                pay == null ? 0 : pay, r.get("commercial_insured_enc", byte[].class));
    }

    static LegRow leg(Readable r) {
        return new LegRow(r.get("leg_id", UUID.class), r.get("payment_id", UUID.class),
                LegRow.Kind.valueOf(r.get("kind", String.class)), r.get("channel", String.class), r.get("amount_fen", Long.class),
                r.get("request_id", String.class), LegStatus.valueOf(r.get("status", String.class)),
                r.get("vendor_ref", String.class), r.get("vendor_code", String.class), r.get("pending_since", Instant.class),
                r.get("amount_changed", Boolean.class), r.get("refunded_fen", Long.class));
    }

    /**
     * The plan's statement on {@code table} (the payment's partition, or {@code payment}): the person and the split, the
     * stage, {@code legs} new legs (as planned, or {@code sent}: SENT with one {@code channel_attempt} each, operations
     * {@code :op0}…), the transition; answers the payment with {@code leg_tables} and, when sent, {@code attempts}
     * (see {@link #byLeg}).
     */
    static String plan(String table, int legs, boolean sent) {
        StringBuilder legValues = new StringBuilder();
        StringBuilder attemptValues = new StringBuilder();
        for (int i = 0; i < legs; i++) {
            legValues.append(i == 0 ? "" : ", ").append(String.format(sent
                    ? "(:l%1$dId, :id, :l%1$dKind, :l%1$dChannel, :l%1$dAmount, :l%1$dRequest, 'SENT', :now, :now, :now)"
                    : "(:l%1$dId, :id, :l%1$dKind, :l%1$dChannel, :l%1$dAmount, :l%1$dRequest, :l%1$dStatus, NULL::timestamptz, :now, :now)", i));
            attemptValues.append(i == 0 ? "" : ", ").append(String.format("(:l%1$dId, :l%1$dChannel, :op%1$d, :l%1$dRequest)", i));
        }
        String insertLegs = legs == 0 ? "" : """
                , l AS (INSERT INTO payment_leg (leg_id, payment_id, kind, channel, amount_fen, request_id, status, pending_since, created_at, updated_at)
                    SELECT * FROM (VALUES %s) v WHERE EXISTS (SELECT 1 FROM u) RETURNING leg_id, %s)""".formatted(legValues, Partitions.RETURNING);
        String insertAttempts = !sent ? "" : """
                , a AS (INSERT INTO channel_attempt (payment_id, leg_id, channel, operation, request_id, sent_at)
                    SELECT :id, l.leg_id, v.channel, v.op, v.request_id, :now FROM l JOIN (VALUES %s) v (leg_id, channel, op, request_id)
                    USING (leg_id) RETURNING attempt_id, leg_id)""".formatted(attemptValues);
        String legTables = legs == 0 ? "" : ", (SELECT string_agg(leg_id || ' ' || " + Partitions.COLUMN + ", ',') FROM l) AS leg_tables"
                + (sent ? ", (SELECT string_agg(leg_id || ' ' || attempt_id, ',') FROM a) AS attempts" : "");
        return """
                WITH u AS (UPDATE %s SET psn_no = :psn, insutype = :insutype, insuplc_admdvs = :insuplc, mdtrt_id = :mdtrt,
                    fund_pay_fen = :fund, account_pay_fen = :account, self_pay_fen = :self, self_pay_method = :method,
                    commercial_pay_fen = :cpay, commercial_status = :cstatus, commercial_insurer = :cinsurer,
                    commercial_insured_enc = :cinsured, pooling = :pooling,
                    status = :status, stage = :stage, updated_at = :now
                WHERE payment_id = :id RETURNING *, %s)""".formatted(table, Partitions.RETURNING) + insertLegs + insertAttempts + """
                , t AS (INSERT INTO payment_transition (payment_id, at, from_status, to_status, stage, note)
                    SELECT payment_id, :now, NULL, status, stage, :note FROM u)
                SELECT *""" + legTables + " FROM u";
    }

    /** A list the plan's statement aggregates per new leg ({@code string_agg(leg_id || ' ' || value, ',')}), by leg id. */
    static Map<UUID, String> byLeg(String aggregated) {
        Map<UUID, String> byLeg = new HashMap<>();
        if (aggregated == null) return byLeg;
        for (String pair : aggregated.split(",")) {
            int space = pair.indexOf(' ');
            if (space > 0) byLeg.put(UUID.fromString(pair.substring(0, space)), pair.substring(space + 1));
        }
        return byLeg;
    }

    /** A leg as the plan's statement inserted it SENT (its intent written at {@code now}). */
    static LegRow sentAt(LegRow planned, Instant now) {
        return new LegRow(planned.legId(), planned.paymentId(), planned.kind(), planned.channel(), planned.amountFen(),
                planned.requestId(), LegStatus.SENT, null, null, now, false, 0);
    }

    static PaymentRepository.CompensationRow compensation(Readable r) {
        return new PaymentRepository.CompensationRow(r.get("compensation_id", UUID.class), r.get("payment_id", UUID.class), r.get("leg_id", UUID.class),
                r.get("action", String.class), r.get("amount_fen", Long.class), r.get("request_id", String.class),
                CompensationStatus.valueOf(r.get("status", String.class)), r.get("tries", Integer.class));
    }
}
