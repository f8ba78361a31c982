package org.hospay.gateway.finance;

import java.time.Instant;
import java.util.UUID;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.LegReview;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The finance office's review worklist: reconciliation differences still open (DIFF:&lt;id&gt;), legs parked
 * for review because a counterparty refused to undo them (LEG:&lt;leg id&gt;), compensations that failed
 * or keep failing (COMP:&lt;id&gt;), and electronic receipts the platform refused (INV:&lt;invoice id&gt;), as one
 * list. Actions: RETRY (the safe resolution, the undo, or the receipt again), RESOLVE (closed by a person, with a
 * note) and REFUND (the money given back: by the refund path when a succeeded payment kept it, else through the
 * compensation path); each is written to {@code review_action} with its note and to the audit trail.
 */
@Component
class Worklist {

    /** A compensation tried this often without being confirmed is shown as failing. */
    private static final int FAILING_AFTER_TRIES = 5;

    record Item(String item, String type, UUID paymentId, UUID legId, String counterparty, String kind, Long ourFen,
                Long theirFen, String detail, Instant since) {}

    record ActionResult(String item, String action, String outcome, String note) {}

    enum Action { RETRY, RESOLVE, REFUND }

    private final DatabaseClient db;
    private final ReconStore recon;
    private final Reconciler reconciler;
    private final LegReview legs;
    private final ChargePort charges;
    private final AuditLog audit;

    Worklist(DatabaseClient db, ReconStore recon, Reconciler reconciler, LegReview legs, ChargePort charges, AuditLog audit) {
        this.db = db;
        this.recon = recon;
        this.reconciler = reconciler;
        this.legs = legs;
        this.charges = charges;
        this.audit = audit;
    }

    Flux<Item> items(int limit) {
        Flux<Item> differences = recon.open(limit).map(d -> new Item("DIFF:" + d.id(), "DIFFERENCE", d.paymentId(), d.legId(),
                d.counterparty(), d.kind(), d.ourFen(), d.theirFen(), d.day() + " " + d.ref() + ": ours " + orNone(d.ourStatus(), "none")
                + ", theirs " + orNone(d.theirStatus(), "none"), d.foundAt()));
        Flux<Item> review = db.sql("""
                SELECT l.leg_id, l.payment_id, l.channel, l.amount_fen, l.updated_at FROM payment_leg l
                WHERE l.status = 'NEEDS_REVIEW' AND NOT EXISTS (SELECT 1 FROM review_closed c WHERE c.item = 'LEG:' || l.leg_id::text)
                ORDER BY l.updated_at LIMIT :limit""")
                .bind("limit", limit)
                .map(r -> new Item("LEG:" + r.get("leg_id", UUID.class), "LEG_REVIEW", r.get("payment_id", UUID.class),
                        r.get("leg_id", UUID.class), r.get("channel", String.class), "NEEDS_REVIEW", r.get("amount_fen", Long.class), null,
                        "the counterparty refused to undo this leg", r.get("updated_at", Instant.class)))
                .all();
        Flux<Item> compensations = db.sql("""
                SELECT c.compensation_id, c.payment_id, c.leg_id, l.channel, c.action, c.amount_fen, c.status, c.tries, c.last_error, c.created_at
                FROM compensation c JOIN payment_leg l ON l.leg_id = c.leg_id
                WHERE ((c.status = 'MANUAL' AND l.status <> 'NEEDS_REVIEW') OR (c.status = 'PENDING' AND c.tries >= :tries))
                  AND NOT EXISTS (SELECT 1 FROM review_closed x WHERE x.item = 'COMP:' || c.compensation_id::text)
                ORDER BY c.created_at LIMIT :limit""")
                .bind("limit", limit).bind("tries", FAILING_AFTER_TRIES)
                .map(r -> new Item("COMP:" + r.get("compensation_id", UUID.class), "COMPENSATION", r.get("payment_id", UUID.class),
                        r.get("leg_id", UUID.class), r.get("channel", String.class), r.get("action", String.class) + " " + r.get("status", String.class),
                        r.get("amount_fen", Long.class), null, r.get("tries", Integer.class) + " tries: " + r.get("last_error", String.class),
                        r.get("created_at", Instant.class)))
                .all();
        Flux<Item> invoices = db.sql("""
                SELECT i.invoice_id, i.payment_id, i.kind, i.amount_fen, i.attempts, i.last_error, i.created_at FROM invoice i
                WHERE i.status = 'FAILED' AND NOT EXISTS (SELECT 1 FROM review_closed x WHERE x.item = 'INV:' || i.invoice_id::text)
                ORDER BY i.created_at LIMIT :limit""")
                .bind("limit", limit)
                .map(r -> new Item("INV:" + r.get("invoice_id", UUID.class), "INVOICE", r.get("payment_id", UUID.class), null, "EINVOICE",
                        r.get("kind", String.class) + " FAILED", r.get("amount_fen", Long.class), null,
                        r.get("attempts", Integer.class) + " tries: " + r.get("last_error", String.class), r.get("created_at", Instant.class)))
                .all();
        return Flux.concat(differences, review, compensations, invoices);
    }

    /** Runs one action on one item, records it (note, outcome, who) and audits it. */
    Mono<ActionResult> act(Terminal by, String item, Action action, String note) {
        AuditLog.Actor actor = AuditLog.Actor.terminal(by.hospitalId(), by.terminalId(), by.operatorId());
        // Refused actions are audited too: who tried what, and why it was refused.
        Mono<String> work = Mono.defer(() -> {
            if (action == Action.RESOLVE && (note == null || note.isBlank())) {
                return Mono.error(ApiException.badRequest("NOTE_REQUIRED", "marking an item resolved needs a note saying why"));
            }
            if (note != null && note.length() > 500) return Mono.error(ApiException.badRequest("NOTE_TOO_LONG", "a note has at most 500 characters"));
            return switch (prefix(item)) {
                case "DIFF" -> difference(by, item, action, note);
                case "LEG", "COMP" -> leg(by, item, action, note);
                case "INV" -> invoice(by, item, action, note);
                default -> Mono.error(ApiException.notFound("ITEM_NOT_FOUND", "no worklist item " + item));
            };
        });
        return audit.audited(actor, "REVIEW_" + action.name(), item, work, o -> item, o -> o)
                .flatMap(outcome -> db.sql("""
                        INSERT INTO review_action (item, action, terminal_id, operator_id, note, outcome, at)
                        VALUES (:item, :action, :terminal, :operator, :note, :outcome, :at)""")
                        .bind("item", item).bind("action", action.name()).bind("terminal", by.terminalId())
                        .bind("operator", orNone(by.operatorId())).bind("note", note == null ? "" : note).bind("outcome", outcome)
                        .bind("at", recon.now()).then().thenReturn(new ActionResult(item, action.name(), outcome, note)));
    }

    private Mono<String> difference(Terminal by, String item, Action action, String note) {
        UUID id = uuid(item);
        return recon.find(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("ITEM_NOT_FOUND", "no difference " + id)))
                .flatMap(d -> {
                    if (!"OPEN".equals(d.status())) return Mono.error(ApiException.conflict("ALREADY_RESOLVED", "difference " + id + " is resolved"));
                    return switch (action) {
                        case RETRY -> reconciler.retry(d).map(ok -> ok ? "RESOLVED" : "STILL_OPEN");
                        case RESOLVE -> recon.resolve(id, "resolved by " + who(by) + ": " + note).thenReturn("RESOLVED");
                        case REFUND -> refund(by, item, d, note);
                    };
                });
    }

    /**
     * Gives the money of a difference back: a leg of ours as {@link LegReview#refund} does (a payment that kept it is
     * refunded by the normal refund path, a charge of a failed leg compensated); a charge we never knew, refunded whole.
     */
    private Mono<String> refund(Terminal by, String item, ReconStore.Stored d, String note) {
        if (d.legId() != null && d.paymentId() != null) {
            return legs.refund(by, d.paymentId(), d.legId(), item, note).flatMap(r -> {
                String outcome = outcome(r);
                if (!"REFUNDED".equals(outcome)) return Mono.just(outcome);
                String how = r.refundId() == null ? "through compensation" : "as refund " + r.refundId();
                return recon.resolve(d.id(), "refunded by " + who(by) + " " + how + suffix(note)).thenReturn(outcome);
            });
        }
        Channel channel = channelOf(d.counterparty());
        if (!"THERE_NOT_HERE".equals(d.kind()) || !d.ref().startsWith("P:") || channel == null || d.theirFen() == null) {
            return Mono.error(ApiException.conflict("NOT_REFUNDABLE", "difference " + d.id() + " has no charge that can be refunded"));
        }
        String outRefundNo = "F" + d.id().toString().replace("-", "").substring(1);
        Money amount = Money.ofFen(d.theirFen());
        return charges.refund(channel, d.ref().substring(2), outRefundNo, amount, amount).flatMap(o -> switch (o) {
            case Outcome.Succeeded<ChargePort.Charge> s -> recon.resolve(d.id(), "unknown charge refunded by " + who(by)
                    + " (" + outRefundNo + ")" + suffix(note)).thenReturn("REFUNDED");
            case Outcome.Declined<ChargePort.Charge> x -> Mono.just("REFUND_DECLINED_" + x.code());
            case Outcome.Pending<ChargePort.Charge> x -> Mono.just("REFUND_PENDING");
            case Outcome.Unknown<ChargePort.Charge> x -> Mono.just("REFUND_UNKNOWN");
        });
    }

    private Mono<String> leg(Terminal by, String item, Action action, String note) {
        UUID id = uuid(item);
        String sql = item.startsWith("LEG:")
                ? "SELECT payment_id, leg_id FROM payment_leg WHERE leg_id = :id"
                : "SELECT payment_id, leg_id FROM compensation WHERE compensation_id = :id";
        return db.sql(sql).bind("id", id).map(r -> new UUID[] {r.get("payment_id", UUID.class), r.get("leg_id", UUID.class)}).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("ITEM_NOT_FOUND", "no worklist item " + item)))
                .flatMap(ids -> switch (action) {
                    case RETRY -> legs.retry(ids[0], ids[1]).map(status -> "LEG_" + status);
                    case REFUND -> legs.refund(by, ids[0], ids[1], item, note).map(Worklist::outcome);
                    case RESOLVE -> close(by, item, note);
                });
    }

    /** Closes a leg, compensation or receipt item with the note; refused when it is closed already. */
    private Mono<String> close(Terminal by, String item, String note) {
        return db.sql("""
                        INSERT INTO review_closed (item, terminal_id, operator_id, note, closed_at) VALUES (:item, :t, :o, :note, :at)
                        ON CONFLICT (item) DO NOTHING""")
                .bind("item", item).bind("t", by.terminalId()).bind("o", orNone(by.operatorId())).bind("note", note)
                .bind("at", recon.now()).fetch().rowsUpdated()
                .flatMap(n -> n > 0 ? Mono.just("RESOLVED")
                        : Mono.error(ApiException.conflict("ALREADY_RESOLVED", item + " is resolved")));
    }

    /**
     * A receipt the platform refused (FAILED): RETRY sends it again (PENDING, due now, its tries counted afresh: the
     * relay issues it, or it fails again and is back here); RESOLVE closes it with the note (issued by hand, or not
     * owed); REFUND is refused: a receipt moves no money.
     */
    private Mono<String> invoice(Terminal by, String item, Action action, String note) {
        UUID id = uuid(item);
        return db.sql("SELECT status FROM invoice WHERE invoice_id = :id").bind("id", id).map(r -> r.get("status", String.class)).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("ITEM_NOT_FOUND", "no worklist item " + item)))
                .flatMap(status -> switch (action) {
                    case REFUND -> Mono.error(ApiException.conflict("NOT_REFUNDABLE", item + " is a receipt: it moves no money"));
                    case RETRY -> db.sql("""
                            UPDATE invoice SET status = 'PENDING', attempts = 0, next_attempt_at = :now WHERE invoice_id = :id AND status = 'FAILED'
                            AND NOT EXISTS (SELECT 1 FROM review_closed x WHERE x.item = :item)""")
                            .bind("id", id).bind("now", recon.now()).bind("item", item).fetch().rowsUpdated()
                            .flatMap(n -> n > 0 ? Mono.just("REQUEUED")
                                    : Mono.error(ApiException.conflict("ALREADY_RESOLVED", item + " is " + status + ", not failed")));
                    case RESOLVE -> close(by, item, note);
                });
    }

    /** REFUNDED once the money is back (a refund that succeeded, or the leg compensated); else where it stands. */
    private static String outcome(LegReview.Refunded r) {
        if (r.refundId() == null) return "COMPENSATED".equals(r.status()) ? "REFUNDED" : "LEG_" + r.status();
        return "SUCCEEDED".equals(r.status()) ? "REFUNDED" : "REFUND_" + r.status();
    }

    private static String prefix(String item) {
        int colon = item.indexOf(':');
        return colon < 0 ? "" : item.substring(0, colon);
    }

    private static UUID uuid(String item) {
        try {
            return UUID.fromString(item.substring(item.indexOf(':') + 1));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("ITEM_NOT_FOUND", "no worklist item " + item);
        }
    }

    private static Channel channelOf(String counterparty) {
        for (Channel c : Channel.values()) if (c.name().equals(counterparty)) return c;
        return null;
    }

    private static String who(Terminal t) {
        return t.terminalId() + (t.operatorId() == null ? "" : "/" + t.operatorId());
    }

    private static String suffix(String note) {
        return note == null || note.isBlank() ? "" : ": " + note;
    }

    private static String orNone(String s) {
        return orNone(s, "");
    }

    private static String orNone(String s, String none) {
        return s == null ? none : s;
    }
}
