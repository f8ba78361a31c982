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

    static PaymentRepository.CompensationRow compensation(Readable r) {
        return new PaymentRepository.CompensationRow(r.get("compensation_id", UUID.class), r.get("payment_id", UUID.class), r.get("leg_id", UUID.class),
                r.get("action", String.class), r.get("amount_fen", Long.class), r.get("request_id", String.class),
                CompensationStatus.valueOf(r.get("status", String.class)), r.get("tries", Integer.class));
    }
}
