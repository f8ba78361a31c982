package org.hospay.gateway.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.support.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The re-seal command's work: every value sealed at rest ({@link #COLUMNS}) that is not sealed under the
 * current master key in the current format is opened and sealed again under it, page by page (keyset, 500
 * rows), each row with a compare-and-set UPDATE so a value written meanwhile is left alone. Run after a
 * master-key rotation; then the keyed look-up hashes are computed again under the current key
 * ({@link LookupRehasher}). When both report nothing left, the previous keys can leave the ring. Idempotent.
 */
@Component
class Resealer {

    private static final Logger log = LoggerFactory.getLogger(Resealer.class);
    private static final int PAGE = 500;

    /** A sealed column and the text key of its row. */
    record Column(String table, String key, String value) {}

    static final List<Column> COLUMNS = List.of(
            new Column("terminal", "terminal_id", "secret_enc"),
            new Column("family_payer", "payer_id", "id_enc"),
            new Column("family_binding", "binding_id::text", "patient_id_enc"),
            new Column("payment", "payment_id::text", "cert_enc"),
            new Column("payment", "payment_id::text", "commercial_insured_enc"),
            new Column("inpatient_stay", "stay_id::text", "cert_enc"),
            new Column("credit_account", "account_id::text", "id_enc"),
            new Column("credit_list", "hospital_id || '/' || id_hash", "id_enc"),
            new Column("payment_mobile_order", "payment_id::text", "pay_token_enc"));

    private final DatabaseClient db;
    private final SecretBox box;
    private final LookupRehasher rehasher;

    Resealer(DatabaseClient db, SecretBox box, LookupRehasher rehasher) {
        this.db = db;
        this.box = box;
        this.rehasher = rehasher;
    }

    /** Re-sealed values per column ({@code table.column}), then re-hashed look-up hashes per hash column. */
    Mono<Map<String, Long>> resealAll() {
        return Flux.fromIterable(COLUMNS)
                .concatMap(c -> reseal(c, "").map(n -> Map.entry(c.table() + "." + c.value(), n)))
                .collectList()
                .map(entries -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                    log.info("re-sealed under master key id {}: {}", box.currentKeyId(), m);
                    return m;
                })
                // After the re-seal, one step at a time: the re-hash opens the numbers the re-seal has just moved.
                .flatMap(sealed -> rehasher.rehashAll().map(hashed -> {
                    Map<String, Long> m = new LinkedHashMap<>(sealed);
                    m.putAll(hashed);
                    return m;
                }));
    }

    private record Row(String key, byte[] value) {}

    private Mono<Long> reseal(Column c, String after) {
        return db.sql("SELECT " + c.key() + " AS k, " + c.value() + " AS v FROM " + c.table()
                        + " WHERE " + c.value() + " IS NOT NULL AND " + c.key() + " > :after ORDER BY " + c.key() + " LIMIT " + PAGE)
                .bind("after", after)
                .map(r -> new Row(r.get("k", String.class), r.get("v", byte[].class)))
                .all().collectList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) return Mono.just(0L);
                    Mono<Long> page = Flux.fromIterable(rows).filter(r -> box.needsReseal(r.value()))
                            .concatMap(r -> Mono.fromSupplier(() -> box.reseal(r.value()))
                                    .flatMap(resealed -> db.sql("UPDATE " + c.table() + " SET " + c.value() + " = :new WHERE " + c.key()
                                                    + " = :k AND " + c.value() + " = :old")
                                            .bind("new", resealed).bind("k", r.key()).bind("old", r.value()).fetch().rowsUpdated())
                                    // A value no key of the ring opens is left as it is and reported, never fatal to the rest.
                                    .onErrorResume(IllegalStateException.class, e -> {
                                        log.warn("re-seal: {}.{} of {} cannot be opened: {}", c.table(), c.value(), r.key(), e.getMessage());
                                        return Mono.just(0L);
                                    }))
                            .reduce(0L, Long::sum);
                    Mono<Long> rest = rows.size() < PAGE ? Mono.just(0L) : reseal(c, rows.getLast().key());
                    return page.zipWith(rest, Long::sum);
                });
    }
}
