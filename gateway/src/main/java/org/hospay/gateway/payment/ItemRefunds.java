package org.hospay.gateway.payment;

import io.r2dbc.postgresql.codec.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.channels.Money;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Item refunds (docs/api.md §7.2): which items go back, what the settlement keeps, and the refund row that
 * holds every number the re-settlement ({@link Resettlement}) will use, written before anything is sent.
 */
@Component
class ItemRefunds {

    /** An item of the bill given back: its code and how many. */
    record ReturnedItem(String code, BigDecimal quantity) {}

    /** The bill lines the settlement keeps after the return, and what the returned ones are worth. */
    record Held(List<Bill.Line> kept, long returnedFen) {}

    private static final int MAX_ITEMS = 200;

    private final DatabaseClient db;
    private final PaymentRepository store;
    private final ItemRefundRows rows;
    private final InsurancePort insurance;

    ItemRefunds(DatabaseClient db, PaymentRepository store, ItemRefundRows rows, InsurancePort insurance) {
        this.db = db;
        this.store = store;
        this.rows = rows;
        this.insurance = insurance;
    }

    /** The returned items as the request gives them, checked for shape (400); merged by code. */
    static Map<String, Long> parse(List<ReturnedItem> items) {
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ApiException.badRequest("INVALID_ITEMS", "items lists 1 to " + MAX_ITEMS + " returned items");
        }
        Map<String, Long> byCode = new LinkedHashMap<>();
        for (ReturnedItem i : items) {
            if (i == null || i.code() == null || i.code().isBlank() || i.code().length() > 64) {
                throw ApiException.badRequest("INVALID_ITEMS", "every returned item has a code (at most 64 characters)");
            }
            BigDecimal q = i.quantity();
            if (q == null || q.signum() <= 0 || q.stripTrailingZeros().scale() > 0 || q.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                throw ApiException.badRequest("INVALID_QUANTITY", "quantity of " + i.code() + " must be a whole number from 1");
            }
            byCode.merge(i.code(), q.longValueExact(), Long::sum);
        }
        return byCode;
    }

    /** Takes the returned quantities off the lines held now (422 when an item is not held, or not that many). */
    static Held apply(List<Bill.Line> held, Map<String, Long> returned) {
        Map<String, Long> left = new LinkedHashMap<>(returned);
        List<Bill.Line> kept = new ArrayList<>();
        long returnedFen = 0;
        for (Bill.Line line : held) {
            long back = Math.min(line.quantity(), left.getOrDefault(line.code(), 0L));
            if (back > 0) left.merge(line.code(), -back, Long::sum);
            returnedFen += back * line.price().fen();
            long keep = line.quantity() - back;
            if (keep > 0) {
                kept.add(back == 0 ? line : new Bill.Line(line.code(), line.name(), line.category(), keep, line.price(),
                        Money.ofFen(keep * line.price().fen())));
            }
        }
        for (var e : left.entrySet()) {
            if (e.getValue() == 0) continue;
            boolean known = held.stream().anyMatch(l -> l.code().equals(e.getKey()));
            throw known
                    ? ApiException.unprocessable("RETURN_EXCEEDS_QUANTITY", "more of " + e.getKey() + " than the payment still holds",
                            Map.of("code", e.getKey()))
                    : ApiException.unprocessable("ITEM_NOT_HELD", e.getKey() + " is not an item the payment still holds",
                            Map.of("code", e.getKey()));
        }
        return new Held(List.copyOf(kept), returnedFen);
    }

    /**
     * Writes the item refund with every number its steps use (and the idempotency key) in one transaction;
     * 409 {@code REFUND_IN_PROGRESS} while another item refund of the payment runs.
     */
    Mono<Void> reserve(UUID refundId, Terminal by, PaymentRow p, List<LegRow> legs, Map<String, Long> returned, Held held,
                       String reason, String status, PaymentRepository.IdempotencyRow idem) {
        LegRow ins = legs.stream().filter(l -> l.kind() == LegRow.Kind.INSURANCE && l.status() == LegStatus.SUCCEEDED).findFirst().orElseThrow();
        LegRow com = legs.stream().filter(l -> l.kind() == LegRow.Kind.COMMERCIAL && l.status() == LegStatus.SUCCEEDED
                && l.refundedFen() < l.amountFen()).findFirst().orElse(null);
        List<Map<String, Object>> items = returned.entrySet().stream()
                .map(e -> Map.<String, Object>of("code", e.getKey(), "quantity", e.getValue())).toList();
        var spec = db.sql("""
                        INSERT INTO refund (refund_id, payment_id, amount_fen, insurance_refund_fen, commercial_refund_fen, self_pay_refund_fen,
                            reason, status, created_at, requested_by_terminal, requested_by_operator, items, kept_items, stage,
                            prior_settle_msgid, prior_setl_id, prior_claim_no, cancel_msgid, batch_no, resettle_msgid, claim_no)
                        VALUES (:id, :payment, :amount, 0, 0, 0, :reason, :status, :now, :terminal, :operator, :items, :kept, 'CANCEL',
                            :priorMsgid, :priorSetl, :priorClaim, :cancelMsgid, :batch, :resettleMsgid, :claimNo)""")
                .bind("id", refundId).bind("payment", p.paymentId()).bind("amount", held.returnedFen()).bind("status", status)
                .bind("now", store.now()).bind("terminal", by.terminalId()).bind("items", Json.of(rows.toJson(items)))
                .bind("kept", Json.of(rows.toJson(held.kept()))).bind("priorMsgid", ins.requestId())
                .bind("cancelMsgid", insurance.newMsgId()).bind("batch", "R" + Resettlement.hex(refundId, 29))
                .bind("resettleMsgid", insurance.newMsgId()).bind("claimNo", "C" + Resettlement.hex(refundId, 31));
        spec = ins.vendorRef() == null ? spec.bindNull("priorSetl", String.class) : spec.bind("priorSetl", ins.vendorRef());
        spec = com == null ? spec.bindNull("priorClaim", String.class) : spec.bind("priorClaim", com.requestId());
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
        spec = by.operatorId() == null ? spec.bindNull("operator", String.class) : spec.bind("operator", by.operatorId());
        return store.inTransaction(spec.then().then(store.insertIdempotency(idem, store.now())))
                .onErrorMap(e -> e instanceof DataIntegrityViolationException && !IdempotentCommands.lostKeyRace(e),
                        e -> ApiException.conflict("REFUND_IN_PROGRESS",
                                "another item refund of this payment is under way; retry when it is done"));
    }
}
