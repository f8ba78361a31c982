package org.hospay.gateway.payment;

import io.r2dbc.postgresql.codec.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored state of item refunds (V8): the steps of a re-settlement, written before each call that uses
 * them, read back by whoever finishes the refund (the request, an approval, or the recovery sweep).
 */
@Component
class ItemRefundRows {

    enum Stage { CANCEL, CANCEL_CLAIM, PRESETTLE, RESETTLE, RECLAIM, SELF_PAY, DONE }

    /** One item refund as stored; the {@code new*} amounts are null until the kept items are pre-settled. */
    record Row(UUID refundId, UUID paymentId, String status, Stage stage, boolean restoring, List<Bill.Line> keptItems,
               String priorSettleMsgid, String priorSetlId, String priorClaimNo, String cancelMsgid, String batchNo,
               String resettleMsgid, String newSetlId, String claimNo, String claimRef, Long newFund, Long newAccount,
               Long newCommercial, Long newSelf, String failureCode) {

        long keptTotal() {
            return keptItems.stream().mapToLong(l -> l.amount().fen()).sum();
        }
    }

    private final DatabaseClient db;
    private final PaymentRepository store;
    private final JsonMapper json;

    ItemRefundRows(DatabaseClient db, PaymentRepository store, JsonMapper json) {
        this.db = db;
        this.store = store;
        this.json = json;
    }

    String toJson(Object value) {
        return json.writeValueAsString(value);
    }

    List<Bill.Line> lines(String jsonText) {
        return List.of(json.readValue(jsonText, Bill.Line[].class));
    }

    List<ItemRefunds.ReturnedItem> returned(String jsonText) {
        return List.of(json.readValue(jsonText, ItemRefunds.ReturnedItem[].class));
    }

    Mono<Row> load(UUID refundId) {
        return db.sql("SELECT * FROM refund WHERE refund_id = :id AND items IS NOT NULL").bind("id", refundId)
                .map(r -> new Row(r.get("refund_id", UUID.class), r.get("payment_id", UUID.class), r.get("status", String.class),
                        Stage.valueOf(r.get("stage", String.class)), Boolean.TRUE.equals(r.get("restoring", Boolean.class)),
                        lines(r.get("kept_items", Json.class).asString()), r.get("prior_settle_msgid", String.class),
                        r.get("prior_setl_id", String.class), r.get("prior_claim_no", String.class), r.get("cancel_msgid", String.class),
                        r.get("batch_no", String.class), r.get("resettle_msgid", String.class), r.get("new_setl_id", String.class),
                        r.get("claim_no", String.class), r.get("claim_ref", String.class), r.get("new_fund_fen", Long.class),
                        r.get("new_account_fen", Long.class), r.get("new_commercial_fen", Long.class), r.get("new_self_fen", Long.class),
                        r.get("failure_code", String.class)))
                .one();
    }

    /** Writes the given columns (and the stage); {@code null} values are written as NULL. Keeps the lease alive. */
    Mono<Void> update(UUID refundId, Map<String, Object> columns) {
        Map<String, Object> all = new LinkedHashMap<>(columns);
        StringBuilder sql = new StringBuilder("UPDATE refund SET ");
        int i = 0;
        for (String column : all.keySet()) sql.append(i++ == 0 ? "" : ", ").append(column).append(" = :").append(column);
        var spec = db.sql(sql.append(" WHERE refund_id = :refundId").toString()).bind("refundId", refundId);
        for (var e : all.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Stage s) v = s.name();
            spec = v == null ? spec.bindNull(e.getKey(), String.class) : spec.bind(e.getKey(), v);
        }
        return spec.then();
    }

    /** Takes the refund for this instance unless another one holds a live lease on it. */
    Mono<Boolean> lease(UUID refundId, String owner, Duration lease) {
        return db.sql("""
                        UPDATE refund SET lease_owner = :owner, lease_until = :until
                        WHERE refund_id = :id AND status = 'PENDING'
                          AND (lease_until IS NULL OR lease_until < :now OR lease_owner = :owner)""")
                .bind("owner", owner).bind("until", store.now().plus(lease)).bind("now", store.now()).bind("id", refundId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<Void> release(UUID refundId, String owner) {
        return db.sql("UPDATE refund SET lease_owner = NULL, lease_until = NULL WHERE refund_id = :id AND lease_owner = :owner")
                .bind("id", refundId).bind("owner", owner).then();
    }

    /** Item refunds still running whose lease ran out (or never was taken) and that have waited at least {@code idle}. */
    Flux<UUID> unfinished(Duration idle, int limit) {
        return db.sql("""
                        SELECT refund_id FROM refund
                        WHERE status = 'PENDING' AND items IS NOT NULL AND COALESCE(approved_at, created_at) < :before
                          AND (lease_until IS NULL OR lease_until < :now)
                        ORDER BY created_at LIMIT :limit""")
                .bind("before", store.now().minus(idle)).bind("now", store.now()).bind("limit", limit)
                .map(r -> r.get("refund_id", UUID.class)).all();
    }

    /** The items a payment's settlement holds now: the bill's, or what the last finished item refund settled. */
    Mono<List<Bill.Line>> heldItems(PaymentRow p) {
        return db.sql("""
                        SELECT kept_items FROM refund WHERE payment_id = :id AND items IS NOT NULL AND stage = 'DONE'
                        ORDER BY completed_at DESC LIMIT 1""")
                .bind("id", p.paymentId())
                .map(r -> r.get("kept_items", Json.class).asString()).one()
                .defaultIfEmpty(p.itemsJson())
                .map(this::lines);
    }

    /** Whether an item refund of the payment is under way (its settlement may be cancelled right now). */
    Mono<Boolean> inFlight(UUID paymentId) {
        return db.sql("SELECT 1 FROM refund WHERE payment_id = :id AND items IS NOT NULL AND status IN ('PENDING', 'APPROVAL_REQUIRED') LIMIT 1")
                .bind("id", paymentId).map(r -> 1).one().hasElement();
    }

    /** Fund and personal-account money refunded (or reserved) so far: what the settlement holds of each is the rest. */
    Mono<long[]> insuranceRefunded(UUID paymentId) {
        return db.sql("""
                        SELECT COALESCE(SUM(fund_refund_fen), 0) AS fund, COALESCE(SUM(account_refund_fen), 0) AS account
                        FROM refund WHERE payment_id = :id AND status IN ('SUCCEEDED', 'PENDING', 'APPROVAL_REQUIRED')""")
                .bind("id", paymentId)
                .map(r -> new long[] {((Number) r.get("fund")).longValue(), ((Number) r.get("account")).longValue()}).one();
    }

    /** Points a leg at the counterparty's booking that now holds its money, and adds what came back of it. */
    Mono<Void> moveLeg(UUID legId, String requestId, String vendorRef, long refundedFen) {
        return db.sql("""
                        UPDATE payment_leg SET request_id = :req, vendor_ref = :ref, refunded_fen = refunded_fen + :fen, updated_at = :now
                        WHERE leg_id = :id""")
                .bind("req", requestId).bind("ref", vendorRef).bind("fen", refundedFen).bind("now", store.now()).bind("id", legId)
                .then();
    }
}
