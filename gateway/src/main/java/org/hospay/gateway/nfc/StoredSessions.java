package org.hospay.gateway.nfc;

import io.r2dbc.postgresql.codec.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.support.PeriodicPass;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * NFC sessions opened while Redis was away, in PostgreSQL ({@code nfc_session_fallback}, V19): the same fields as the
 * Redis hash and the same checks as {@link NfcSessions}'s redeem script, made atomic by a conditional update (only
 * a session not yet USED switches to USED, so two windows or instances can never both pay with one). Rows past their
 * keep-until are swept every minute; a session opened in Redis before an outage is not seen here
 * (the patient taps again).
 */
@Component
@DependsOnDatabaseInitialization
class StoredSessions extends PeriodicPass {

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    StoredSessions(DatabaseClient db, JsonMapper json, Clock clock) {
        super("NFC fallback session sweep");
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    Mono<Void> open(String sessionId, Map<String, String> fields, Instant keepUntil) {
        return db.sql("INSERT INTO nfc_session_fallback (session_id, fields, keep_until) VALUES (:id, :fields, :keep)")
                .bind("id", sessionId).bind("fields", Json.of(json.writeValueAsString(fields)))
                .bind("keep", OffsetDateTime.ofInstant(keepUntil, ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /** The session's fields; empty when there is none (or it is past its keep-until). */
    Mono<Map<String, String>> find(String sessionId) {
        return db.sql("SELECT fields FROM nfc_session_fallback WHERE session_id = :id AND keep_until > now()")
                .bind("id", sessionId)
                .map(row -> json.readValue(row.get("fields", Json.class).asString(), FIELDS))
                .one();
    }

    /** The redeem script's answer, from here: the verdict first, then its details (see NfcSessions.REDEEM). */
    Mono<List<String>> redeem(String sessionId, String hospitalId, String windowId, String billNo, boolean withScan, String usedBy) {
        long now = clock.millis();
        return find(sessionId).flatMap(f -> {
            if (!hospitalId.equals(f.get("hospitalId"))) return Mono.just(List.of("NOT_FOUND"));
            if (!windowId.equals(f.get("windowId"))) return Mono.just(List.of("OTHER_WINDOW"));
            if ("USED".equals(f.get("state"))) return Mono.just(List.of("USED"));
            if (Long.parseLong(f.get("expiresAt")) <= now) return Mono.just(List.of("EXPIRED"));
            if (f.get("billNo") != null && !f.get("billNo").equals(billNo)) return Mono.just(List.of("BILL_MISMATCH", f.get("billNo")));
            if (!withScan && f.get("secret") == null) return Mono.just(List.of("NO_CODE"));
            Map<String, String> used = Map.of("state", "USED", "usedAt", Long.toString(now), "usedBy", usedBy, "billNo", billNo);
            return db.sql("""
                            UPDATE nfc_session_fallback SET fields = fields || :used
                            WHERE session_id = :id AND fields->>'state' IS DISTINCT FROM 'USED'""")
                    .bind("id", sessionId).bind("used", Json.of(json.writeValueAsString(used)))
                    .fetch().rowsUpdated()
                    .map(n -> n > 0 ? List.of("OK", f.get("kind"), f.getOrDefault("secret", "")) : List.of("USED"));
        }).defaultIfEmpty(List.of("NOT_FOUND"));
    }

    @Override
    protected Mono<Void> pass() {
        return db.sql("DELETE FROM nfc_session_fallback WHERE keep_until <= now()").fetch().rowsUpdated().then();
    }

    @Override
    protected java.time.Duration firstDelay() {
        return java.time.Duration.ofMinutes(1);
    }

    @Override
    protected java.time.Duration period() {
        return java.time.Duration.ofMinutes(1);
    }
}
