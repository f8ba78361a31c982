package org.hospay.gateway.payment;

import static org.hospay.gateway.payment.PaymentSql.legUpdate;
import static org.hospay.gateway.payment.PaymentSql.legBinds;
import static org.hospay.gateway.payment.PaymentSql.nullable;
import static org.hospay.gateway.payment.PaymentSql.truncate;

import io.r2dbc.postgresql.codec.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
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
    private final Partitions partitions = new Partitions();

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

    /** One statement (payment, its key and its first transition): a round trip per write is what a payment waits for. */
    @Override
    public Mono<PaymentRow> create(PaymentRow p, IdempotencyRow idem, String leaseOwner, java.time.Duration lease) {
        Instant now = now();
        String key = idem == null ? "" : """
                , k AS (INSERT INTO idempotency_key (terminal_id, scope, idem_key, request_hash, resource_id, created_at)
                    VALUES (:kTerminal, :kScope, :kKey, :kHash, :kResource, :now))""";
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                WITH p AS (INSERT INTO payment (payment_id, hospital_id, terminal_id, window_id, bill_no, med_type, items, total_fen,
                    source_kind, source_masked, plan, status, stage, cert_type, cert_enc, deadline_at,
                    lease_owner, lease_until, created_at, updated_at)
                VALUES (:id, :hospital, :terminal, :window, :bill, :medType, :items, :total,
                    :sourceKind, :sourceMasked, :plan, :status, :stage, :certType, :certEnc, :deadline,
                    :leaseOwner, :leaseUntil, :now, :now) RETURNING *, """ + Partitions.RETURNING + ")" + key + """
                , t AS (INSERT INTO payment_transition (payment_id, at, from_status, to_status, stage, note)
                    SELECT payment_id, :now, NULL, status, stage, 'received' FROM p)
                SELECT * FROM p""")
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
                .bind("now", now);
        if (idem != null) {
            spec = spec.bind("kTerminal", idem.terminalId()).bind("kScope", idem.scope()).bind("kKey", idem.key())
                    .bind("kHash", idem.requestHash()).bind("kResource", idem.resourceId());
        }
        return spec.map(this::notedPayment).one();
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
        return db.sql("SELECT * FROM payment WHERE payment_id = :id").bind("id", paymentId).map(PaymentSql::payment).one();
    }

    @Override
    public Mono<PaymentRow> findLiveByBill(String hospitalId, String billNo) {
        return db.sql("SELECT * FROM payment WHERE hospital_id = :h AND bill_no = :b AND status <> 'FAILED'")
                .bind("h", hospitalId).bind("b", billNo).map(PaymentSql::payment).one();
    }

    @Override
    public Flux<PaymentRow> findByBill(String hospitalId, String billNo) {
        return db.sql("SELECT * FROM payment WHERE hospital_id = :h AND bill_no = :b ORDER BY created_at")
                .bind("h", hospitalId).bind("b", billNo).map(PaymentSql::payment).all();
    }

    @Override
    public Flux<PaymentRow> findByWindowSince(String hospitalId, String windowId, Instant since) {
        return db.sql("SELECT * FROM payment WHERE hospital_id = :h AND window_id = :w AND created_at >= :since ORDER BY created_at DESC LIMIT 500")
                .bind("h", hospitalId).bind("w", windowId).bind("since", since).map(PaymentSql::payment).all();
    }

    @Override
    public Mono<PaymentRow> presettled(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre,
                          long fundFen, long accountFen, long selfFen, String selfPayMethod, List<LegRow> legs,
                          PaymentStatus status, Stage stage, PaymentRow.Commercial commercial) {
        return plan(paymentId, person, pre, fundFen, accountFen, selfFen, selfPayMethod, legs, status, stage, commercial, null)
                .map(Planned::payment);
    }

    /** The plan, the legs inserted SENT and one attempt per leg in the same statement as {@link #presettled}'s. */
    @Override
    public Mono<Planned> presettledAndSent(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre,
                                           long fundFen, long accountFen, long selfFen, String selfPayMethod, List<LegRow> legs,
                                           PaymentRow.Commercial commercial, List<String> operations) {
        if (legs.isEmpty() || operations.size() != legs.size()) throw new IllegalArgumentException("one operation per leg");
        return plan(paymentId, person, pre, fundFen, accountFen, selfFen, selfPayMethod, legs, PaymentStatus.PROCESSING,
                Stage.LEGS_SENT, commercial, operations);
    }

    /** {@code operations} null: the legs as planned; else each leg SENT with its attempt (that operation). */
    private Mono<Planned> plan(UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre,
                               long fundFen, long accountFen, long selfFen, String selfPayMethod, List<LegRow> legs,
                               PaymentStatus status, Stage stage, PaymentRow.Commercial commercial, List<String> operations) {
        Instant now = now();
        return onPartition(partitions.payment(paymentId), "payment", table -> planOn(table, paymentId, person, pre, fundFen,
                accountFen, selfFen, selfPayMethod, legs, status, stage, commercial, operations, now));
    }

    private Mono<Planned> planOn(String table, UUID paymentId, InsurancePort.Person person, InsurancePort.PreSettlement pre,
                                 long fundFen, long accountFen, long selfFen, String selfPayMethod, List<LegRow> legs,
                                 PaymentStatus status, Stage stage, PaymentRow.Commercial commercial, List<String> operations, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(PaymentSql.plan(table, legs.size(), operations != null))
                .bind("note", PaymentRepository.presettledNote(stage))
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
                .bind("id", paymentId);
        for (int i = 0; i < legs.size(); i++) {
            LegRow l = legs.get(i);
            spec = spec.bind("l" + i + "Id", l.legId()).bind("l" + i + "Kind", l.kind().name()).bind("l" + i + "Channel", l.channel())
                    .bind("l" + i + "Amount", l.amountFen()).bind("l" + i + "Request", l.requestId());
            spec = operations == null ? spec.bind("l" + i + "Status", l.status().name()) : spec.bind("op" + i, operations.get(i));
        }
        return spec.map(row -> {
            PaymentRow p = notedPayment(row);
            if (!legs.isEmpty()) PaymentSql.byLeg(row.get("leg_tables", String.class)).forEach(partitions::noteLeg);
            if (operations == null) return new Planned(p, List.of());
            Map<UUID, String> attempts = PaymentSql.byLeg(row.get("attempts", String.class));
            if (!attempts.keySet().equals(legs.stream().map(LegRow::legId).collect(Collectors.toSet()))) {
                throw new IllegalStateException("the plan of legs " + legs.stream().map(LegRow::legId).toList() + " came back with attempts " + attempts);
            }
            return new Planned(p, legs.stream().map(l -> new Sent(PaymentSql.sentAt(l, now), Long.parseLong(attempts.get(l.legId())))).toList());
        }).one();
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
        return db.sql("SELECT *, " + Partitions.RETURNING + " FROM payment_leg WHERE payment_id = :id ORDER BY kind")
                .bind("id", paymentId).map(this::notedLeg).all();
    }

    @Override
    public Mono<LegRow> updateLeg(LegRow leg) {
        Instant now = now();
        return onPartition(partitions.leg(leg.legId()), "payment_leg",
                table -> db.sql(legUpdate(table)).bindValues(legBinds(leg, now)).map(this::notedLeg).one());
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
    public Mono<Sent> legSent(LegRow sent, String operation) {
        Instant now = now();
        return onPartition(partitions.leg(sent.legId()), "payment_leg", table -> db.sql("""
                WITH l AS (""" + legUpdate(table) + """
                ), a AS (INSERT INTO channel_attempt (payment_id, leg_id, channel, operation, request_id, sent_at)
                    SELECT payment_id, leg_id, channel, :op, request_id, :now FROM l RETURNING attempt_id)
                SELECT l.*, a.attempt_id FROM l, a""")
                .bindValues(legBinds(sent, now)).bind("op", operation)
                .map(r -> new Sent(notedLeg(r), r.get("attempt_id", Long.class))).one());
    }

    /**
     * Every leg SENT and its attempt row in one statement. On a partition, the attempts are written only if the
     * partition holds every leg; else nothing is returned and the partitioned table is asked (the legs' new state is
     * the same values again, the attempts written once).
     */
    @Override
    public Mono<List<Sent>> legsSent(List<LegRow> sent, List<String> operations) {
        if (sent.size() == 1) return legSent(sent.get(0), operations.get(0)).map(List::of);
        Instant now = now();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < sent.size(); i++) values.append(i == 0 ? "" : ", ").append(String.format("(:l%1$d, :op%1$d)", i));
        String first = partitions.leg(sent.get(0).legId());
        boolean onePartition = sent.stream().allMatch(l -> partitions.leg(l.legId()).equals(first));
        return onPartition(onePartition ? first : "payment_leg", "payment_leg", table -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql("""
                    WITH v (leg_id, op) AS (VALUES %s)
                    , l AS (UPDATE %s SET status = 'SENT', vendor_ref = NULL, vendor_code = NULL,
                        pending_since = COALESCE(pending_since, :now), updated_at = :now
                        WHERE leg_id IN (SELECT leg_id FROM v) RETURNING *, %s)
                    , a AS (INSERT INTO channel_attempt (payment_id, leg_id, channel, operation, request_id, sent_at)
                        SELECT l.payment_id, l.leg_id, l.channel, v.op, l.request_id, :now FROM l JOIN v USING (leg_id)
                        WHERE (SELECT count(*) FROM l) = :n RETURNING attempt_id, leg_id)
                    SELECT l.*, a.attempt_id FROM l JOIN a USING (leg_id)""".formatted(values, table, Partitions.RETURNING))
                    .bind("now", now).bind("n", (long) sent.size());
            for (int i = 0; i < sent.size(); i++) spec = spec.bind("l" + i, sent.get(i).legId()).bind("op" + i, operations.get(i));
            return spec.map(r -> new Sent(notedLeg(r), r.get("attempt_id", Long.class))).all().collectList().flatMap(rows -> {
                if (rows.size() == sent.size()) {
                    return Mono.just(sent.stream().map(l -> rows.stream().filter(r -> r.leg().legId().equals(l.legId())).findFirst().orElseThrow()).toList());
                }
                return table.equals("payment_leg")
                        ? Mono.error(new IllegalStateException("legs " + sent.stream().map(LegRow::legId).toList() + " are not all stored; nothing was sent"))
                        : Mono.empty();
            });
        });
    }

    @Override
    public Mono<LegRow> legAnswered(long attemptId, String outcome, String detail, LegRow leg) {
        Instant now = now();
        // the attempt's answer is written by both statements when the partition's finds no leg: the same values twice
        return onPartition(partitions.leg(leg.legId()), "payment_leg", table -> db.sql("""
                WITH a AS (UPDATE channel_attempt SET outcome = :o, detail = :d, answered_at = :now WHERE attempt_id = :attempt)
                , l AS (""" + legUpdate(table) + """
                ) SELECT * FROM l""")
                .bindValues(legBinds(leg, now)).bind("o", outcome).bind("d", nullable(truncate(detail))).bind("attempt", attemptId)
                .map(this::notedLeg).one());
    }

    /** On the leg's and the payment's partitions; when the leg's finds no leg (or is gone), on the partitioned tables. */
    @Override
    public Mono<Completed> lastLegSucceeded(UUID paymentId, long attemptId, LegRow succeeded, String note) {
        Instant now = now();
        String paymentTable = partitions.payment(paymentId);
        return onPartition(partitions.leg(succeeded.legId()), "payment_leg", table -> db.sql(
                        PaymentSql.lastLegSucceeded(table, table.equals("payment_leg") ? "payment" : paymentTable))
                .bindValues(legBinds(succeeded, now)).bind("attempt", attemptId).bind("payment", paymentId).bind("note", note)
                .map(row -> {
                    if (!Boolean.TRUE.equals(row.get("leg_found", Boolean.class))) return Optional.<Completed>empty();
                    partitions.noteLeg(row, succeeded.legId(), succeeded.status());
                    return Optional.of(new Completed(succeeded, row.get("payment_id", UUID.class) == null ? null : notedPayment(row)));
                })
                .one().flatMap(Mono::justOrEmpty));
    }

    @Override
    public Mono<PaymentRow> transition(UUID paymentId, PaymentStatus to, Stage stage, String failureCode, String failureMessage, String note) {
        Instant now = now();
        return onPartition(partitions.payment(paymentId), "payment", table -> db.sql("""
                WITH moved AS (UPDATE %s SET status = :to, stage = :stage,
                    failure_code = COALESCE(:code, failure_code), failure_message = COALESCE(:message, failure_message),
                    completed_at = CASE WHEN :to IN ('SUCCEEDED', 'FAILED') THEN :now ELSE completed_at END,
                    lease_owner = CASE WHEN :to IN ('SUCCEEDED', 'FAILED') THEN NULL ELSE lease_owner END,
                    lease_until = CASE WHEN :to IN ('SUCCEEDED', 'FAILED') THEN NULL ELSE lease_until END,
                    updated_at = :now
                WHERE payment_id = :id AND status NOT IN ('SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED')
                RETURNING *, %s)
                , t AS (INSERT INTO payment_transition (payment_id, at, from_status, to_status, stage, note)
                    SELECT payment_id, :now, NULL, status, stage, :note FROM moved)
                SELECT * FROM moved""".formatted(table, Partitions.RETURNING))
                .bind("to", to.name()).bind("stage", stage.name())
                .bind("code", nullable(failureCode)).bind("message", nullable(truncate(failureMessage)))
                .bind("note", nullable(truncate(note)))
                .bind("now", now).bind("id", paymentId)
                .map(this::notedPayment).one());
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

    /**
     * Runs a statement on a row's partition ({@link Partitions}) and, when that finds nothing or is not there any more,
     * on the partitioned table; the engine's statements that use it change nothing unless they find their row.
     */
    private <T> Mono<T> onPartition(String table, String parent, Function<String, Mono<T>> statement) {
        if (table.equals(parent)) return statement.apply(parent);
        return statement.apply(table)
                .onErrorResume(InvalidDataAccessResourceUsageException.class, e -> {
                    partitions.forgetAll();
                    return Mono.empty();
                })
                .switchIfEmpty(Mono.defer(() -> statement.apply(parent)));
    }

    private PaymentRow notedPayment(io.r2dbc.spi.Readable row) {
        PaymentRow p = PaymentSql.payment(row);
        partitions.notePayment(row, p.paymentId(), p.status());
        return p;
    }

    private LegRow notedLeg(io.r2dbc.spi.Readable row) {
        LegRow l = PaymentSql.leg(row);
        partitions.noteLeg(row, l.legId(), l.status());
        return l;
    }

    /** For tests: how many rows' partitions are remembered. */
    int partitionsRemembered() {
        return partitions.remembered();
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
                        .bind("leg", legId).bind("action", action).map(PaymentSql::compensation).one());
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
                .map(PaymentSql::compensation).all();
    }
}
