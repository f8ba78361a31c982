package org.hospay.gateway.family;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.channels.Channel;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The family tables (V3__family.sql). */
@Component
class FamilyStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final JsonMapper json;

    FamilyStore(DatabaseClient db, TransactionalOperator tx, FamilyClock clock, JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.clock = clock.clock();
        this.json = json;
    }

    /** Now, by the family clock: what day keys, the WeChat hours and every family timestamp are read from. */
    Instant now() {
        return clock.instant();
    }

    <T> Mono<T> inTransaction(Mono<T> work) {
        return tx.transactional(work);
    }

    // ------------------------------------------------------------------ payers

    Mono<Void> savePayer(String payerId, String name, byte[] idEnc, String idHash, String idMasked) {
        Instant now = now();
        return db.sql("""
                INSERT INTO family_payer (payer_id, name, id_enc, id_hash, id_masked, created_at, updated_at)
                VALUES (:id, :name, :enc, :hash, :masked, :now, :now)
                ON CONFLICT (payer_id) DO UPDATE SET name = EXCLUDED.name, id_enc = EXCLUDED.id_enc,
                    id_hash = EXCLUDED.id_hash, id_masked = EXCLUDED.id_masked, updated_at = EXCLUDED.updated_at""")
                .bind("id", payerId).bind("name", name).bind("enc", idEnc).bind("hash", idHash).bind("masked", idMasked)
                .bind("now", now).then();
    }

    // ------------------------------------------------------------------ bindings

    Mono<Void> insertBinding(Binding b) {
        return db.sql("""
                INSERT INTO family_binding (binding_id, payer_id, hospital_id, card_no, patient_name, patient_id_enc, patient_id_hash,
                    patient_id_masked, relation, priority, status, agreement_status, per_payment_fen, per_day_fen, per_month_fen,
                    created_at, updated_at)
                VALUES (:id, :payer, :hospital, :card, :name, :enc, :hash, :masked, :relation, :priority, :status, :agreement,
                    :perPayment, :perDay, :perMonth, :now, :now)""")
                .bind("id", b.bindingId()).bind("payer", b.payerId()).bind("hospital", b.hospitalId()).bind("card", b.cardNo())
                .bind("name", b.patientName()).bind("enc", b.patientIdEnc()).bind("hash", b.patientIdHash())
                .bind("masked", b.patientIdMasked()).bind("relation", b.relation().name()).bind("priority", b.priority())
                .bind("status", b.status().name()).bind("agreement", b.agreementStatus().name())
                .bind("perPayment", b.perPaymentFen()).bind("perDay", b.perDayFen()).bind("perMonth", b.perMonthFen())
                .bind("now", b.createdAt())
                .then();
    }

    Mono<Binding> binding(UUID bindingId) {
        return db.sql("SELECT * FROM family_binding WHERE binding_id = :id").bind("id", bindingId).map(FamilyStore::bindingOf).one();
    }

    Mono<Binding> bindingByAgreementCode(String agreementCode) {
        return db.sql("SELECT * FROM family_binding WHERE agreement_code = :code").bind("code", agreementCode).map(FamilyStore::bindingOf).one();
    }

    Flux<Binding> bindingsOfPayer(String payerId) {
        return db.sql("SELECT * FROM family_binding WHERE payer_id = :p ORDER BY created_at").bind("p", payerId)
                .map(FamilyStore::bindingOf).all();
    }

    /** By the patient's keyed hash in each form it may have during a key rotation ({@code Identities#candidates}). */
    Flux<Binding> bindingsOfPatient(String hospitalId, List<String> patientIdHashes) {
        return db.sql("""
                SELECT * FROM family_binding WHERE hospital_id = :h AND patient_id_hash IN (:hashes) AND status <> 'REVOKED'
                ORDER BY priority, created_at""")
                .bind("h", hospitalId).bind("hashes", patientIdHashes).map(FamilyStore::bindingOf).all();
    }

    /** The card's bindings that are not revoked, in the order payers are tried. */
    Flux<Binding> bindingsOfCard(String hospitalId, String cardNo) {
        return db.sql("""
                SELECT * FROM family_binding WHERE hospital_id = :h AND card_no = :c AND status <> 'REVOKED'
                ORDER BY priority, created_at""")
                .bind("h", hospitalId).bind("c", cardNo).map(FamilyStore::bindingOf).all();
    }

    /** Mini-program users registered with this identity (by its keyed hash): the patient themself, when they use it. */
    Flux<String> payersWithIdentity(List<String> idHashes) {
        return db.sql("SELECT payer_id FROM family_payer WHERE id_hash IN (:hashes)").bind("hashes", idHashes)
                .map(r -> r.get("payer_id", String.class)).all();
    }

    /** The next free priority after the card's bindings (1 for the first payer). */
    Mono<Integer> nextPriority(String hospitalId, String cardNo) {
        return db.sql("SELECT COALESCE(MAX(priority), 0) + 1 AS p FROM family_binding WHERE hospital_id = :h AND card_no = :c AND status <> 'REVOKED'")
                .bind("h", hospitalId).bind("c", cardNo).map(r -> Math.min(99, r.get("p", Integer.class))).one();
    }

    Mono<Binding> updateTerms(UUID bindingId, int priority, long perPayment, long perDay, long perMonth) {
        return db.sql("""
                UPDATE family_binding SET priority = :priority, per_payment_fen = :perPayment, per_day_fen = :perDay,
                    per_month_fen = :perMonth, updated_at = :now
                WHERE binding_id = :id AND status <> 'REVOKED' RETURNING *""")
                .bind("priority", priority).bind("perPayment", perPayment).bind("perDay", perDay).bind("perMonth", perMonth)
                .bind("now", now()).bind("id", bindingId).map(FamilyStore::bindingOf).one();
    }

    /** Moves between ACTIVE, PAUSED and AWAITING_AGREEMENT; empty when the binding was not in {@code from}. */
    Mono<Binding> changeStatus(UUID bindingId, Binding.Status from, Binding.Status to) {
        return db.sql("UPDATE family_binding SET status = :to, updated_at = :now WHERE binding_id = :id AND status = :from RETURNING *")
                .bind("to", to.name()).bind("from", from.name()).bind("now", now()).bind("id", bindingId)
                .map(FamilyStore::bindingOf).one();
    }

    /** Revokes for good; empty when it already was. Reservations check the status in the same row, so none succeeds after this. */
    Mono<Binding> revoke(UUID bindingId, String by) {
        Instant now = now();
        return db.sql("""
                UPDATE family_binding SET status = 'REVOKED', revoked_by = :by, revoked_at = :now, updated_at = :now
                WHERE binding_id = :id AND status <> 'REVOKED' RETURNING *""")
                .bind("by", by).bind("now", now).bind("id", bindingId).map(FamilyStore::bindingOf).one();
    }

    /** The patient approved a binding that waited for them; empty when it was not waiting. */
    Mono<Binding> consent(UUID bindingId, String by) {
        return db.sql("""
                UPDATE family_binding SET status = 'AWAITING_AGREEMENT', consent_by = :by, consented_at = :now, updated_at = :now
                WHERE binding_id = :id AND status = 'AWAITING_CONSENT' RETURNING *""")
                .bind("by", by).bind("now", now()).bind("id", bindingId).map(FamilyStore::bindingOf).one();
    }

    /** A binding's one-time consent code, as stored: its keyed hash only. */
    record ConsentCode(UUID bindingId, String codeHash, Instant sentAt, Instant expiresAt, int failedAttempts, Instant usedAt) {}

    Mono<ConsentCode> consentCode(UUID bindingId) {
        return db.sql("SELECT * FROM binding_consent_code WHERE binding_id = :id").bind("id", bindingId)
                .map(r -> new ConsentCode(r.get("binding_id", UUID.class), r.get("code_hash", String.class),
                        r.get("sent_at", Instant.class), r.get("expires_at", Instant.class),
                        r.get("failed_attempts", Integer.class), r.get("used_at", Instant.class)))
                .one();
    }

    /** A new code replaces the binding's previous one (its attempts start again). */
    Mono<Void> saveConsentCode(UUID bindingId, String codeHash, Instant sentAt, Instant expiresAt) {
        return db.sql("""
                INSERT INTO binding_consent_code (binding_id, code_hash, sent_at, expires_at, failed_attempts, used_at)
                VALUES (:id, :hash, :sent, :expires, 0, NULL)
                ON CONFLICT (binding_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, sent_at = EXCLUDED.sent_at,
                    expires_at = EXCLUDED.expires_at, failed_attempts = 0, used_at = NULL""")
                .bind("id", bindingId).bind("hash", codeHash).bind("sent", sentAt).bind("expires", expiresAt).then();
    }

    Mono<Void> consentCodeFailed(UUID bindingId) {
        return db.sql("UPDATE binding_consent_code SET failed_attempts = failed_attempts + 1 WHERE binding_id = :id")
                .bind("id", bindingId).then();
    }

    /** Spends the code; false when it was already spent (two entries of one code race: one wins). */
    Mono<Boolean> useConsentCode(UUID bindingId, Instant now) {
        return db.sql("UPDATE binding_consent_code SET used_at = :now WHERE binding_id = :id AND used_at IS NULL")
                .bind("now", now).bind("id", bindingId).fetch().rowsUpdated().map(n -> n == 1);
    }

    /** Starts signing on a channel under a fresh agreement code; empty when an agreement is already signed or the binding is revoked. */
    Mono<Binding> startSigning(UUID bindingId, Channel channel, String agreementCode) {
        return db.sql("""
                UPDATE family_binding SET channel = :channel, agreement_code = :code, agreement_id = NULL,
                    agreement_status = 'SIGNING', updated_at = :now
                WHERE binding_id = :id AND status NOT IN ('REVOKED', 'AWAITING_CONSENT') AND agreement_status <> 'SIGNED' RETURNING *""")
                .bind("channel", channel.name()).bind("code", agreementCode).bind("now", now()).bind("id", bindingId)
                .map(FamilyStore::bindingOf).one();
    }

    /** The channel confirmed the payer signed: the binding pays from now on (unless paused or revoked meanwhile). */
    Mono<Binding> signed(UUID bindingId, String agreementId) {
        return db.sql("""
                UPDATE family_binding SET agreement_id = :agreement, agreement_status = 'SIGNED',
                    status = CASE WHEN status = 'AWAITING_AGREEMENT' THEN 'ACTIVE' ELSE status END, updated_at = :now
                WHERE binding_id = :id AND agreement_status = 'SIGNING' RETURNING *""")
                .bind("agreement", agreementId).bind("now", now()).bind("id", bindingId).map(FamilyStore::bindingOf).one();
    }

    /** The agreement ended at the channel: no deduction until the payer signs again. */
    Mono<Binding> agreementEnded(UUID bindingId, String agreementId) {
        return db.sql("""
                UPDATE family_binding SET agreement_status = 'TERMINATED',
                    status = CASE WHEN status IN ('ACTIVE', 'PAUSED') THEN 'AWAITING_AGREEMENT' ELSE status END, updated_at = :now
                WHERE binding_id = :id AND agreement_id = :agreement AND agreement_status = 'SIGNED' RETURNING *""")
                .bind("agreement", agreementId).bind("now", now()).bind("id", bindingId).map(FamilyStore::bindingOf).one();
    }

    // ------------------------------------------------------------------ limits

    /**
     * Reserves {@code amount} of the binding's limits for one deduction, atomically: one UPDATE whose WHERE
     * holds every limit, the status and (for WeChat) the once-a-day rule. Concurrent reservations on a binding
     * queue on its row lock and each re-checks the WHERE against the row the previous one committed, so no
     * interleaving can pass a limit. False: this binding cannot pay this amount now.
     */
    Mono<Boolean> reserve(UUID bindingId, long amount, LocalDate day, LocalDate month) {
        return db.sql("""
                UPDATE family_binding SET
                    day_used_fen = CASE WHEN day_key = :day THEN day_used_fen ELSE 0 END + :amount,
                    day_key = :day,
                    month_used_fen = CASE WHEN month_key = :month THEN month_used_fen ELSE 0 END + :amount,
                    month_key = :month,
                    wechat_day = CASE WHEN channel = 'WECHAT' THEN :day ELSE wechat_day END,
                    updated_at = :now
                WHERE binding_id = :id AND status = 'ACTIVE' AND agreement_status = 'SIGNED'
                  AND :amount <= per_payment_fen
                  AND CASE WHEN day_key = :day THEN day_used_fen ELSE 0 END + :amount <= per_day_fen
                  AND CASE WHEN month_key = :month THEN month_used_fen ELSE 0 END + :amount <= per_month_fen
                  AND (channel <> 'WECHAT' OR wechat_day IS DISTINCT FROM :day)
                RETURNING binding_id""")
                .bind("amount", amount).bind("day", day).bind("month", month).bind("now", now()).bind("id", bindingId)
                .map(r -> true).one().defaultIfEmpty(false);
    }

    /**
     * Gives back what a deduction reserved (it was declined, reversed or refunded), on the counters of the day and
     * month it was counted in; {@code wechatDay}: also frees the day's one WeChat deduction (only when none succeeded).
     */
    Mono<Void> release(UUID bindingId, long amount, LocalDate day, LocalDate month, boolean wechatDay) {
        return db.sql("""
                UPDATE family_binding SET
                    day_used_fen = CASE WHEN day_key = :day THEN GREATEST(day_used_fen - :amount, 0) ELSE day_used_fen END,
                    month_used_fen = CASE WHEN month_key = :month THEN GREATEST(month_used_fen - :amount, 0) ELSE month_used_fen END,
                    wechat_day = CASE WHEN :wechat AND wechat_day = :day THEN NULL ELSE wechat_day END,
                    updated_at = :now
                WHERE binding_id = :id""")
                .bind("amount", amount).bind("day", day).bind("month", month).bind("wechat", wechatDay).bind("now", now())
                .bind("id", bindingId).then();
    }

    // ------------------------------------------------------------------ deductions

    /** SENT and UNKNOWN are open (money may move); the others are final. */
    enum DeductionStatus { SENT, UNKNOWN, SUCCEEDED, DECLINED, REVERSED }

    record Deduction(UUID deductionId, UUID bindingId, UUID paymentId, String billNo, String legRequestId, Channel channel,
                     String outTradeNo, long amountFen, LocalDate dayKey, LocalDate monthKey, DeductionStatus status, String declineCode,
                     String channelTradeNo, long refundedFen) {}

    Mono<Void> insertDeduction(Deduction d) {
        Instant now = now();
        return db.sql("""
                INSERT INTO family_deduction (deduction_id, binding_id, payment_id, bill_no, leg_request_id, channel, out_trade_no, amount_fen,
                    day_key, month_key, status, created_at, updated_at)
                VALUES (:id, :binding, :payment, :bill, :leg, :channel, :otn, :amount, :day, :month, :status, :now, :now)""")
                .bind("id", d.deductionId()).bind("binding", d.bindingId()).bind("payment", d.paymentId())
                .bind("bill", d.billNo()).bind("leg", d.legRequestId()).bind("channel", d.channel().name()).bind("otn", d.outTradeNo())
                .bind("amount", d.amountFen()).bind("day", d.dayKey()).bind("month", d.monthKey()).bind("status", d.status().name())
                .bind("now", now).then();
    }

    /** Moves a deduction out of an open state; false when it had already left it (another path decided it). */
    Mono<Boolean> settleDeduction(UUID deductionId, DeductionStatus status, String declineCode, String channelTradeNo) {
        return db.sql("""
                UPDATE family_deduction SET status = :status, decline_code = :code, channel_trade_no = COALESCE(:trade, channel_trade_no),
                    updated_at = :now
                WHERE deduction_id = :id AND status IN ('SENT', 'UNKNOWN') RETURNING deduction_id""")
                .bind("status", status.name()).bind("code", nullable(declineCode)).bind("trade", nullable(channelTradeNo))
                .bind("now", now()).bind("id", deductionId)
                .map(r -> true).one().defaultIfEmpty(false);
    }

    Mono<Void> markUnknown(UUID deductionId) {
        return db.sql("UPDATE family_deduction SET status = 'UNKNOWN', updated_at = :now WHERE deduction_id = :id AND status = 'SENT'")
                .bind("now", now()).bind("id", deductionId).then();
    }

    /** A reversal returned the money of a deduction that had succeeded. */
    Mono<Boolean> reversedAfterSuccess(UUID deductionId) {
        return db.sql("UPDATE family_deduction SET status = 'REVERSED', updated_at = :now WHERE deduction_id = :id AND status = 'SUCCEEDED' RETURNING deduction_id")
                .bind("now", now()).bind("id", deductionId).map(r -> true).one().defaultIfEmpty(false);
    }

    /** Records a confirmed refund of a deduction once per refund number; false when it was recorded before. */
    Mono<Boolean> addRefund(UUID deductionId, String outRefundNo, long fen) {
        Instant now = now();
        return db.sql("""
                INSERT INTO family_refund (out_refund_no, deduction_id, amount_fen, created_at) VALUES (:no, :id, :fen, :now)
                ON CONFLICT (out_refund_no) DO NOTHING RETURNING out_refund_no""")
                .bind("no", outRefundNo).bind("id", deductionId).bind("fen", fen).bind("now", now)
                .map(r -> true).one().defaultIfEmpty(false)
                .flatMap(first -> !first ? Mono.just(false)
                        : db.sql("UPDATE family_deduction SET refunded_fen = refunded_fen + :fen, updated_at = :now WHERE deduction_id = :id")
                                .bind("fen", fen).bind("now", now).bind("id", deductionId).then().thenReturn(true));
    }

    /** The leg's latest deduction (the one that may hold money, if any). */
    Mono<Deduction> lastDeduction(String legRequestId) {
        return db.sql("SELECT * FROM family_deduction WHERE leg_request_id = :leg ORDER BY created_at DESC LIMIT 1")
                .bind("leg", legRequestId).map(FamilyStore::deductionOf).one();
    }

    Flux<Deduction> deductionsOfLeg(String legRequestId) {
        return db.sql("SELECT * FROM family_deduction WHERE leg_request_id = :leg ORDER BY created_at")
                .bind("leg", legRequestId).map(FamilyStore::deductionOf).all();
    }

    // ------------------------------------------------------------------ outbox

    /** Queues a message to a payer; call inside the transaction that records what it reports. */
    Mono<Void> notify(String payerId, String kind, UUID bindingId, UUID paymentId, Map<String, Object> payload) {
        Instant now = now();
        return db.sql("""
                INSERT INTO family_notification (payer_id, kind, binding_id, payment_id, payload, status, next_attempt_at, created_at)
                VALUES (:payer, :kind, :binding, :payment, :payload, 'PENDING', :now, :now)""")
                .bind("payer", payerId).bind("kind", kind)
                .bind("binding", bindingId == null ? Parameters.in(UUID.class) : bindingId)
                .bind("payment", paymentId == null ? Parameters.in(UUID.class) : paymentId)
                .bind("payload", Json.of(json.writeValueAsString(payload)))
                .bind("now", now).then();
    }

    record Message(long notificationId, String payerId, String kind, UUID bindingId, UUID paymentId, String payloadJson, int attempts,
                   Instant createdAt) {}

    /**
     * Claims up to {@code limit} due messages for {@code lease} (several gateway instances never take the same
     * one at once): pushes their next attempt past the lease, so a relay that dies leaves them due again.
     */
    Flux<Message> claimDue(int limit, java.time.Duration lease) {
        Instant now = now();
        return db.sql("""
                UPDATE family_notification SET next_attempt_at = :leaseUntil
                WHERE notification_id IN (
                    SELECT notification_id FROM family_notification
                    WHERE status = 'PENDING' AND next_attempt_at <= :now
                    ORDER BY notification_id LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .bind("leaseUntil", now.plus(lease)).bind("now", now).bind("limit", limit)
                .map(r -> new Message(r.get("notification_id", Long.class), r.get("payer_id", String.class), r.get("kind", String.class),
                        r.get("binding_id", UUID.class), r.get("payment_id", UUID.class), r.get("payload", Json.class).asString(),
                        r.get("attempts", Integer.class), r.get("created_at", Instant.class)))
                .all()
                .sort(java.util.Comparator.comparingLong(Message::notificationId));
    }

    Mono<Void> delivered(long notificationId) {
        Instant now = now();
        return db.sql("UPDATE family_notification SET status = 'SENT', attempts = attempts + 1, sent_at = :now, last_error = NULL WHERE notification_id = :id")
                .bind("now", now).bind("id", notificationId).then();
    }

    Mono<Void> notDelivered(long notificationId, java.time.Duration retryAfter, String error) {
        Instant now = now();
        return db.sql("""
                UPDATE family_notification SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error
                WHERE notification_id = :id""")
                .bind("next", now.plus(retryAfter)).bind("error", error.length() > 200 ? error.substring(0, 200) : error)
                .bind("id", notificationId).then();
    }

    // ------------------------------------------------------------------ mapping

    private static Object nullable(String v) {
        return v == null ? Parameters.in(String.class) : v;
    }

    static Binding bindingOf(Readable r) {
        String channel = r.get("channel", String.class);
        return new Binding(r.get("binding_id", UUID.class), r.get("payer_id", String.class), r.get("hospital_id", String.class),
                r.get("card_no", String.class), r.get("patient_name", String.class), r.get("patient_id_enc", byte[].class),
                r.get("patient_id_hash", String.class), r.get("patient_id_masked", String.class),
                Binding.Relation.valueOf(r.get("relation", String.class)), r.get("priority", Integer.class),
                Binding.Status.valueOf(r.get("status", String.class)), channel == null ? null : Channel.valueOf(channel),
                r.get("agreement_code", String.class), r.get("agreement_id", String.class),
                Binding.AgreementStatus.valueOf(r.get("agreement_status", String.class)),
                r.get("per_payment_fen", Long.class), r.get("per_day_fen", Long.class), r.get("per_month_fen", Long.class),
                r.get("day_key", LocalDate.class), r.get("day_used_fen", Long.class), r.get("month_key", LocalDate.class),
                r.get("month_used_fen", Long.class), r.get("wechat_day", LocalDate.class), r.get("revoked_by", String.class),
                r.get("revoked_at", Instant.class), r.get("created_at", Instant.class), r.get("updated_at", Instant.class));
    }

    static Deduction deductionOf(Readable r) {
        return new Deduction(r.get("deduction_id", UUID.class), r.get("binding_id", UUID.class), r.get("payment_id", UUID.class),
                r.get("bill_no", String.class), r.get("leg_request_id", String.class), Channel.valueOf(r.get("channel", String.class)),
                r.get("out_trade_no", String.class), r.get("amount_fen", Long.class), r.get("day_key", LocalDate.class),
                r.get("month_key", LocalDate.class), DeductionStatus.valueOf(r.get("status", String.class)), r.get("decline_code", String.class),
                r.get("channel_trade_no", String.class), r.get("refunded_fen", Long.class));
    }
}
