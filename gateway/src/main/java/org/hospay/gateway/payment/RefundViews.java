package org.hospay.gateway.payment;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Refunds as the API answers them (docs/api.md §7): the per-leg split and, for an item refund, where it stands. */
@Component
class RefundViews {

    private final DatabaseClient db;
    private final ItemRefundRows rows;

    RefundViews(DatabaseClient db, ItemRefundRows rows) {
        this.db = db;
        this.rows = rows;
    }

    Mono<RefundService.RefundView> find(UUID refundId) {
        return db.sql("SELECT * FROM refund WHERE refund_id = :id").bind("id", refundId)
                .map(r -> {
                    var items = r.get("items", io.r2dbc.postgresql.codec.Json.class);
                    String stage = r.get("stage", String.class);
                    return new RefundService.RefundView(r.get("refund_id", UUID.class), r.get("payment_id", UUID.class), r.get("status", String.class),
                            r.get("amount_fen", Long.class), r.get("insurance_refund_fen", Long.class), r.get("commercial_refund_fen", Long.class),
                            r.get("self_pay_refund_fen", Long.class), r.get("failure_code", String.class), r.get("fund_refund_fen", Long.class),
                            r.get("account_refund_fen", Long.class), items == null ? null : rows.returned(items.asString()), stage,
                            stage == null ? null : settlementState(stage, Boolean.TRUE.equals(r.get("restoring", Boolean.class))));
                })
                .one();
    }

    Flux<RefundService.RefundView> ofPayment(UUID paymentId) {
        return db.sql("SELECT refund_id FROM refund WHERE payment_id = :id ORDER BY created_at").bind("id", paymentId)
                .map(r -> r.get("refund_id", UUID.class)).all().concatMap(this::find);
    }

    /** Where an item refund leaves the patient's settlement (docs/api.md §7.2). */
    static String settlementState(String stage, boolean restoring) {
        return switch (ItemRefundRows.Stage.valueOf(stage)) {
            case CANCEL -> "ORIGINAL";
            case CANCEL_CLAIM, PRESETTLE, RESETTLE -> "CANCELLED";
            case RECLAIM, SELF_PAY, DONE -> restoring ? "RESTORED" : "RESETTLED";
        };
    }
}
