package org.hospay.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.support.LookupHash;
import org.hospay.gateway.support.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The re-seal command's second half: every keyed look-up hash ({@link #HASHES}) not under the current master
 * key is computed again from the sealed number beside it, page by page (keyset, 500 rows), each row with a
 * compare-and-set UPDATE so a hash written meanwhile is left alone. Look-ups match the old and the new form
 * alike ({@link LookupHash#candidates}), so the gateway keeps finding every row while this runs. Idempotent.
 */
@Component
class LookupRehasher {

    private static final Logger log = LoggerFactory.getLogger(LookupRehasher.class);
    private static final int PAGE = 500;

    /** A hash column, the sealed number it is a hash of, and the text key of its row. */
    record Hashed(String table, String key, String sealed, String hash, String label) {}

    static final List<Hashed> HASHES = List.of(
            new Hashed("family_payer", "payer_id", "id_enc", "id_hash", LookupHash.IDENTITY),
            new Hashed("family_binding", "binding_id::text", "patient_id_enc", "patient_id_hash", LookupHash.IDENTITY),
            new Hashed("credit_account", "account_id::text", "id_enc", "id_hash", LookupHash.CREDIT_IDENTITY),
            // The key holds the hash: a re-hashed row moves past the cursor, and the filter then leaves it out.
            new Hashed("credit_list", "hospital_id || '/' || id_hash", "id_enc", "id_hash", LookupHash.CREDIT_IDENTITY));

    private final DatabaseClient db;
    private final SecretBox box;

    LookupRehasher(DatabaseClient db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    /**
     * Re-hashed rows per column ({@code table.column}), and the list entries that cannot be re-hashed because
     * they were written before the list kept the number sealed and no credit account has it
     * ({@code credit_list.id_hash not re-hashable}: list the person again, or the old key must stay).
     */
    Mono<Map<String, Long>> rehashAll() {
        return backfillListNumbers()
                .thenMany(Flux.fromIterable(HASHES).concatMap(h -> {
                    LookupHash lookup = new LookupHash(box, h.label());
                    return rehash(h, lookup, "").map(n -> Map.entry(h.table() + "." + h.hash(), n));
                }))
                .concatWith(stranded().map(n -> Map.entry("credit_list.id_hash not re-hashable", n)))
                .collectList()
                .map(entries -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                    log.info("look-up hashes re-computed under master key id {}: {}", box.currentKeyId(), m);
                    return m;
                });
    }

    /** List entries from before V20 hold no sealed number: the person's credit account, same hash, has it. */
    private Mono<Long> backfillListNumbers() {
        return db.sql("""
                        UPDATE credit_list l SET id_enc = a.id_enc FROM credit_account a
                        WHERE l.id_enc IS NULL AND a.hospital_id = l.hospital_id AND a.id_hash = l.id_hash""")
                .fetch().rowsUpdated();
    }

    private Mono<Long> stranded() {
        return db.sql("SELECT count(*) AS n FROM credit_list WHERE id_enc IS NULL AND id_hash NOT LIKE :current")
                .bind("current", new LookupHash(box, LookupHash.CREDIT_IDENTITY).currentPattern())
                .map(r -> r.get("n", Long.class)).one();
    }

    private record Row(String key, byte[] sealed, String hash) {}

    private Mono<Long> rehash(Hashed h, LookupHash lookup, String after) {
        return db.sql("SELECT " + h.key() + " AS k, " + h.sealed() + " AS s, " + h.hash() + " AS h FROM " + h.table()
                        + " WHERE " + h.sealed() + " IS NOT NULL AND " + h.hash() + " NOT LIKE :current AND " + h.key() + " > :after"
                        + " ORDER BY " + h.key() + " LIMIT " + PAGE)
                .bind("current", lookup.currentPattern()).bind("after", after)
                .map(r -> new Row(r.get("k", String.class), r.get("s", byte[].class), r.get("h", String.class)))
                .all().collectList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) return Mono.just(0L);
                    Mono<Long> page = Flux.fromIterable(rows)
                            .concatMap(r -> Mono.fromSupplier(() -> lookup.hash(new String(box.open(r.sealed()), StandardCharsets.UTF_8)))
                                    .flatMap(fresh -> db.sql("UPDATE " + h.table() + " SET " + h.hash() + " = :new WHERE " + h.key()
                                                    + " = :k AND " + h.hash() + " = :old")
                                            .bind("new", fresh).bind("k", r.key()).bind("old", r.hash()).fetch().rowsUpdated())
                                    // A number no key of the ring opens, or a list entry already there under the new
                                    // hash (listed again meanwhile), is left as it is and reported, never fatal to the rest.
                                    .onErrorResume(e -> e instanceof IllegalStateException || e instanceof DataIntegrityViolationException, e -> {
                                        log.warn("re-hash: {}.{} of row {} left as it is: {}", h.table(), h.hash(), r.key(), e.getMessage());
                                        return Mono.just(0L);
                                    }))
                            .reduce(0L, Long::sum);
                    Mono<Long> rest = rows.size() < PAGE ? Mono.just(0L) : rehash(h, lookup, rows.getLast().key());
                    return page.zipWith(rest, Long::sum);
                });
    }
}
