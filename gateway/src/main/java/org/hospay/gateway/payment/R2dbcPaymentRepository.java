package org.hospay.gateway.payment;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link PaymentRepository} on PostgreSQL (the tables of the V2, V4, V6 and V9 migrations). */
@Component
class R2dbcPaymentRepository implements PaymentRepository {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;

    R2dbcPaymentRepository(DatabaseClient db, TransactionalOperator tx, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return tx.transactional(work);
    }

    @Override
    public Mono<PaymentRow> create(PaymentRow p, IdempotencyRow idem, String leaseOwner, java.time.Duration lease) {
        Instant now = now();
        Mono<PaymentRow> payment = db.sql("""
                INSERT INTO payment (payment_id, hospital_id, terminal_id, window_id, bill_no, med_type, items, total_fen,
                    source_kind, source_masked, plan, status, stage, cert_type, cert_enc, deadline_at,
                    lease_owner, lease_until, created_at, updated_at)
                VALUES (:id, :hospital, :terminal, :window, :bill, :medType, :items, :total,
                    :sourceKind, :sourceMasked, :plan, :status, :stage, :certType, :certEnc, :deadline,
                    :leaseOwner, :leaseUntil, :now, :now) RETURNING *""")
                .bind("id", p.paymentId())
                .bind("hospital", p.hospitalId())
                .bind("terminal", p.terminalId())
                .bind("window", nullable(p.windowId()))
                .bind("bill", p.billNo())
                .bind("medType", p.medType())
                .bind("items", Json.of(p.itemsJson()))
                .bind("total", p.totalFen())
                .bind("sourceKind", p.sourceKind())
                .bind("sourceMasked", nullable(p.sourceMasked()))
                .bind("plan", p.plan().name())
                .bind("status", p.status().name())
                .bind("stage", p.stage().name())
                .bind("certType", nullable(p.certType()))
                .bind("certEnc", p.certEnc() == null ? io.r2dbc.spi.Parameters.in(byte[].class) : p.certEnc())
                .bind("deadline", p.deadlineAt() == null ? io.r2dbc.spi.Parameters.in(Instant.class) : p.deadlineAt())
                .bind("leaseOwner", leaseOwner)
                .bind("leaseUntil", now.plus(lease))
                .bind("now", now)
                .map(R2dbcPaymentRepository::payment).one();
        Mono<Void> key = idem == null ? Mono.empty() : insertIdempotency(idem, now);
        Mono<Void> transition = appendTransition(p.paymentId(), null, p.status(), p.stage(), "received", now);
        return inTransaction(payment.flatMap(row -> key.then(transition).thenReturn(row)));
    }

    @Override
    public Mono<Void> insertIdempotency(IdempotencyRow idem, Instant now) {
        return db.sql("""
                INSERT INTO idempotency_key (terminal_id, scope, idem_key, request_hash, resource_id, created_at)
                VALUES (:terminal, :scope, :key, :hash, :resource, :now)""")
                .bind("terminal", idem.terminalId())
                .bind("scope", idem.scope())
                .bind("key", idem.key())
                .bind("hash", idem.requestHash())
                .bind("resource", idem.resourceId())
                .bind("now", now)
                .then();
    }

    @Override
    public Mono<IdempotencyRow> findIdempotency(String terminalId, String scope, String key) {
        return db.sql("SELECT * FROM idempotency_key WHERE terminal_id = :t AND scope = :s AND idem_key = :k")
                .bind("t", terminalId).bind("s", scope).bind("k", key)
                .map(r -> new IdempotencyRow(r.get("terminal_id", String.class), r.get("scope", String.class),
                        r.get("idem_key", String.class), r.get("request_hash", String.class), r.get("resource_id", UUID.class)))
                .one();
    }

    @Override
    public Mono<PaymentRow> find(UUID paymentId) {
        return db.sql("SELECT * FROM payment WHERE payment_id = :id").bind("id", paymentId).map(R2dbcPaymentRepository::payment).one();
    }

    @Override
    public Mono<PaymentRow> findLiveByBill(String hospitalId, String billNo) {
        return db.sql("SELECT * FROM payment WHERE hospital_id = :h AND bill_no = :b AND status <> 'FAILED'")
                .bind("h", hospitalId).bind("b", billNo).map(R2dbcPaymentRepository::payment).one();
    }

    @Override
    public Flux<PaymentRow> findByBill(String hospitalId, String billNo) {
        return db.sql("SELECT * FROM payment WHERE hospital_id = :h AND bill_no = :b ORDER BY created_at")
                .bind("h", hospitalId).bind("b", billNo).map(R2dbcPaymentRepository::payment).all();
    }

    @Override
    public Flux<PaymentRow> findByWindowSince(String hospitalId, String windowId, Instant since) {
        return db.sql("SELECT * FROM payment WHERE hospital_id = :h AND window_id = :w AND created_at >= :since ORDER BY created_at DESC LIMIT 500")
                .bind("h", hospitalId).bind("w", windowId).bind("since", since).map(R2dbcPaymentRepository::payment).all();
    }

    @Override
    public Mono<PaymentRow> presettled(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre,
                          long fundFen, long accountFen, long selfFen, String selfPayMethod, List<LegRow> legs,
                          PaymentStatus status, Stage stage, PaymentRow.Commercial commercial) {
        Instant now = now();
        Mono<PaymentRow> update = db.sql("""
                UPDATE payment SET psn_no = :psn, insutype = :insutype, insuplc_admdvs = :insuplc, mdtrt_id = :mdtrt,
                    fund_pay_fen = :fund, account_pay_fen = :account, self_pay_fen = :self, self_pay_method = :method,
                    commercial_pay_fen = :cpay, commercial_status = :cstatus, commercial_insurer = :cinsurer,
                    commercial_insured_enc = :cinsured, pooling = :pooling,
                    status = :status, stage = :stage, updated_at = :now
                WHERE payment_id = :id RETURNING *""")
                .bind("cpay", commercial == null ? io.r2dbc.spi.Parameters.in(Long.class) : commercial.payFen())
                .bind("cstatus", nullable(commercial == null ? null : commercial.status().name()))
                .bind("cinsurer", nullable(commercial == null ? null : commercial.insurer()))
                .bind("cinsured", commercial == null || commercial.insuredEnc() == null
                        ? io.r2dbc.spi.Parameters.in(byte[].class) : commercial.insuredEnc())
                .bind("pooling", PoolingColumn.write(pre == null ? null : pre.pooling()))
                .bind("psn", nullable(person == null ? null : person.psnNo()))
                .bind("insutype", nullable(person == null ? null : person.insutype()))
                .bind("insuplc", nullable(person == null ? null : person.insuplcAdmdvs()))
                .bind("mdtrt", nullable(pre == null ? null : pre.mdtrtId()))
                .bind("fund", fundFen)
                .bind("account", accountFen)
                .bind("self", selfFen)
                .bind("method", nullable(selfPayMethod))
                .bind("status", status.name())
                .bind("stage", stage.name())
                .bind("now", now)
                .bind("id", paymentId)
                .map(R2dbcPaymentRepository::payment).one();
        Mono<Void> insertLegs = Flux.fromIterable(legs).concatMap(l -> insertLeg(l, now)).then();
        return inTransaction(update.flatMap(row -> insertLegs.then(appendTransition(paymentId, null, status, stage, "pre-settled", now))
                .thenReturn(row)));
    }

    @Override
    public Mono<Void> selfPayMethod(UUID paymentId, String method) {
        return db.sql("UPDATE payment SET self_pay_method = :method, updated_at = :now WHERE payment_id = :id")
                .bind("method", method).bind("now", now()).bind("id", paymentId).then();
    }

    @Override
    public Mono<Void> insertLeg(LegRow l, Instant now) {
        return db.sql("""
                INSERT INTO payment_leg (leg_id, payment_id, kind, channel, amount_fen, request_id, status, created_at, updated_at)
                VALUES (:id, :payment, :kind, :channel, :amount, :request, :status, :now, :now)""")
                .bind("id", l.legId()).bind("payment", l.paymentId()).bind("kind", l.kind().name())
                .bind("channel", l.channel()).bind("amount", l.amountFen()).bind("request", l.requestId())
                .bind("status", l.status().name()).bind("now", now)
                .then();
    }

    @Override
    public Flux<LegRow> legs(UUID paymentId) {
        return db.sql("SELECT * FROM payment_leg WHERE payment_id = :id ORDER BY kind").bind("id", paymentId).map(R2dbcPaymentRepository::leg).all();
    }

    @Override
    public Mono<LegRow> updateLeg(LegRow leg) {
        return db.sql("""
                UPDATE payment_leg SET status = :status, vendor_ref = :ref, vendor_code = :code, channel = :channel,
                    amount_changed = :amountChanged,
                    amount_fen = :amount, request_id = :request,
                    pending_since = CASE WHEN :status IN ('PENDING', 'UNKNOWN', 'SENT') THEN COALESCE(pending_since, :now) ELSE pending_since END,
                    updated_at = :now
                WHERE leg_id = :id RETURNING *""")
                .bind("status", leg.status().name())
                .bind("ref", nullable(leg.vendorRef()))
                .bind("code", nullable(leg.vendorCode()))
                .bind("channel", leg.channel())
                .bind("amountChanged", leg.amountChanged())
                .bind("amount", leg.amountFen())
                .bind("request", leg.requestId())
                .bind("now", now())
                .bind("id", leg.legId())
                .map(R2dbcPaymentRepository::leg).one();
    }

    @Override
    public Mono<Void> replanLeg(LegRow leg) {
        return db.sql("""
                UPDATE payment_leg SET channel = :channel, amount_fen = :amount, request_id = :request, status = :status,
                    vendor_ref = NULL, vendor_code = NULL, amount_changed = FALSE, pending_since = NULL, updated_at = :now
                WHERE leg_id = :id AND status IN ('DECLINED', 'COMPENSATED') AND refunded_fen = 0""")
                .bind("channel", leg.channel()).bind("amount", leg.amountFen()).bind("request", leg.requestId())
                .bind("status", leg.status().name()).bind("now", now()).bind("id", leg.legId())
                .fetch().rowsUpdated()
                .flatMap(n -> n == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("leg " + leg.legId() + " moved money or is open; it cannot be re-planned")));
    }

    /** Adds a refunded amount to a leg; the CHECK on payment_leg refuses more than was paid. */
    @Override
    public Mono<Void> addLegRefund(UUID legId, long fen) {
        return db.sql("UPDATE payment_leg SET refunded_fen = refunded_fen + :fen, updated_at = :now WHERE leg_id = :id")
                .bind("fen", fen).bind("now", now()).bind("id", legId).then();
    }

    @Override
    public Mono<Long> attemptSent(UUID paymentId, UUID legId, String channel, String operation, String requestId) {
        return db.sql("""
                INSERT INTO channel_attempt (payment_id, leg_id, channel, operation, request_id, sent_at)
                VALUES (:payment, :leg, :channel, :op, :request, :now) RETURNING attempt_id""")
                .bind("payment", paymentId)
                .bind("leg", legId == null ? io.r2dbc.spi.Parameters.in(UUID.class) : legId)
                .bind("channel", channel).bind("op", operation).bind("request", requestId).bind("now", now())
                .map(r -> r.get("attempt_id", Long.class))
                .one();
    }

    @Override
    public Mono<Void> attemptAnswered(long attemptId, String outcome, String detail) {
        return db.sql("UPDATE channel_attempt SET outcome = :o, detail = :d, answered_at = :now WHERE attempt_id = :id")
                .bind("o", outcome).bind("d", nullable(truncate(detail))).bind("now", now()).bind("id", attemptId)
                .then();
    }

    @Override
    public Mono<PaymentRow> transition(UUID paymentId, PaymentStatus to, Stage stage, String failureCode, String failureMessage, String note) {
        Instant now = now();
        return db.sql("""
                UPDATE payment SET status = :to, stage = :stage,
                    failure_code = COALESCE(:code, failure_code), failure_message = COALESCE(:message, failure_message),
                    completed_at = CASE WHEN :to IN ('SUCCEEDED', 'FAILED') THEN :now ELSE completed_at END,
                    updated_at = :now
                WHERE payment_id = :id AND status NOT IN ('SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED')
                RETURNING *""")
                .bind("to", to.name()).bind("stage", stage.name())
                .bind("code", nullable(failureCode)).bind("message", nullable(truncate(failureMessage)))
                .bind("now", now).bind("id", paymentId)
                .map(R2dbcPaymentRepository::payment).one()
                .flatMap(moved -> appendTransition(paymentId, null, to, stage, note, now).thenReturn(moved));
    }

    @Override
    public Mono<Void> refunded(UUID paymentId, long addFen) {
        Instant now = now();
        return db.sql("""
                UPDATE payment SET refunded_fen = refunded_fen + :fen,
                    status = CASE WHEN refunded_fen + :fen >= total_fen THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END,
                    updated_at = :now
                WHERE payment_id = :id RETURNING status""")
                .bind("fen", addFen).bind("now", now).bind("id", paymentId)
                .map(r -> r.get("status", String.class)).one()
                .flatMap(s -> appendTransition(paymentId, null, PaymentStatus.valueOf(s), Stage.DONE, "refund of " + addFen + " fen", now));
    }

    private Mono<Void> appendTransition(UUID paymentId, PaymentStatus from, PaymentStatus to, Stage stage, String note, Instant at) {
        return db.sql("INSERT INTO payment_transition (payment_id, at, from_status, to_status, stage, note) VALUES (:id, :at, :from, :to, :stage, :note)")
                .bind("id", paymentId).bind("at", at).bind("from", nullable(from == null ? null : from.name()))
                .bind("to", to.name()).bind("stage", stage.name()).bind("note", nullable(truncate(note)))
                .then();
    }

    @Override
    public Mono<Boolean> lease(UUID paymentId, String owner, java.time.Duration duration) {
        Instant now = now();
        return db.sql("""
                UPDATE payment SET lease_owner = :owner, lease_until = :until
                WHERE payment_id = :id AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until < :now)
                RETURNING payment_id""")
                .bind("owner", owner).bind("until", now.plus(duration)).bind("id", paymentId).bind("now", now)
                .map(r -> true).one().defaultIfEmpty(false);
    }

    @Override
    public Mono<Void> releaseLease(UUID paymentId, String owner) {
        return db.sql("UPDATE payment SET lease_owner = NULL, lease_until = NULL WHERE payment_id = :id AND lease_owner = :owner")
                .bind("id", paymentId).bind("owner", owner).then();
    }

    @Override
    public Mono<Long> renewLeases(String owner, java.time.Duration duration) {
        return db.sql("""
                UPDATE payment SET lease_until = :until
                WHERE lease_owner = :owner AND status IN ('RECEIVED', 'PROCESSING')""")
                .bind("until", now().plus(duration)).bind("owner", owner)
                .fetch().rowsUpdated();
    }

    @Override
    public Flux<UUID> orphans(int limit) {
        return db.sql("""
                SELECT payment_id FROM payment
                WHERE status IN ('RECEIVED', 'PROCESSING') AND (lease_until IS NULL OR lease_until < :now)
                ORDER BY updated_at LIMIT :limit""")
                .bind("now", now()).bind("limit", limit)
                .map(r -> r.get("payment_id", UUID.class)).all();
    }

    @Override
    public Flux<UUID> expiredAwaitingCode(int limit) {
        return db.sql("SELECT payment_id FROM payment WHERE status = 'PENDING' AND stage = 'AWAITING_CODE' AND deadline_at < :now LIMIT :limit")
                .bind("now", now()).bind("limit", limit)
                .map(r -> r.get("payment_id", UUID.class)).all();
    }

    // ---- compensation ----

    @Override
    public Mono<CompensationRow> compensation(UUID paymentId, UUID legId, String action, long amountFen, String requestId) {
        return db.sql("""
                INSERT INTO compensation (compensation_id, payment_id, leg_id, action, amount_fen, request_id, status, created_at)
                VALUES (:id, :payment, :leg, :action, :amount, :request, 'PENDING', :now)
                ON CONFLICT (leg_id, action) DO NOTHING""")
                .bind("id", UUID.randomUUID()).bind("payment", paymentId).bind("leg", legId).bind("action", action)
                .bind("amount", amountFen).bind("request", requestId).bind("now", now())
                .then()
                .then(db.sql("SELECT * FROM compensation WHERE leg_id = :leg AND action = :action")
                        .bind("leg", legId).bind("action", action).map(R2dbcPaymentRepository::compensation).one());
    }

    @Override
    public Mono<Void> compensationTried(UUID compensationId, CompensationStatus status, String error) {
        return db.sql("""
                UPDATE compensation SET tries = tries + 1, status = :status, last_error = :error,
                    completed_at = CASE WHEN :status = 'PENDING' THEN NULL ELSE :now END
                WHERE compensation_id = :id""")
                .bind("status", status.name()).bind("error", nullable(truncate(error)))
                .bind("now", now()).bind("id", compensationId).then();
    }

    @Override
    public Flux<CompensationRow> compensations(UUID paymentId) {
        return db.sql("SELECT * FROM compensation WHERE payment_id = :id ORDER BY created_at").bind("id", paymentId)
                .map(R2dbcPaymentRepository::compensation).all();
    }

    // ---- mapping ----

    private static Object nullable(String v) {
        return v == null ? io.r2dbc.spi.Parameters.in(String.class) : v;
    }

    private static String truncate(String s) {
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

    static CompensationRow compensation(Readable r) {
        return new CompensationRow(r.get("compensation_id", UUID.class), r.get("payment_id", UUID.class), r.get("leg_id", UUID.class),
                r.get("action", String.class), r.get("amount_fen", Long.class), r.get("request_id", String.class),
                CompensationStatus.valueOf(r.get("status", String.class)), r.get("tries", Integer.class));
    }
}
