package org.hospay.gateway.terminal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.SecretBox;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Terminals and their secrets. Secrets are decrypted once and cached briefly so verifying a request
 * costs one HMAC, not a database round trip; a deactivated terminal is refused within the cache TTL.
 * An id the database does not know is remembered as unknown for {@code hospay.auth.unknown-terminal-ttl}
 * (per instance, at most {@link #MAX_UNKNOWN} ids), so requests under made-up ids cost no query each.
 * A change made here (add, rotate, enable, disable, upsert) is broadcast ({@link TerminalEvictions}) so every
 * instance forgets the terminal at once; the TTLs bound it when a broadcast is lost.
 */
@Component
public class TerminalRegistry {

    record Entry(Terminal terminal, byte[] secret, boolean active, Instant loadedAt) {}

    /** Bounds the memory a flood of distinct made-up ids can take; past it the oldest knowledge is simply dropped. */
    static final int MAX_UNKNOWN = 10_000;

    private final DatabaseClient db;
    private final SecretBox box;
    private final Clock clock;
    private final GatewayProperties.Auth auth;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    /** Unknown terminal id -> until when it is taken as unknown without asking the database. */
    private final ConcurrentHashMap<String, Instant> unknown = new ConcurrentHashMap<>();
    /** Tells the other instances a terminal changed; nothing until {@link TerminalEvictions} is wired. */
    private volatile Function<String, Mono<Void>> changed = id -> Mono.empty();

    public TerminalRegistry(DatabaseClient db, SecretBox box, Clock clock, GatewayProperties properties) {
        this.db = db;
        this.box = box;
        this.clock = clock;
        this.auth = properties.auth();
    }

    /** Empty when the terminal is unknown. */
    Mono<Entry> find(String terminalId) {
        Entry cached = cache.get(terminalId);
        if (cached != null && cached.loadedAt().plus(auth.terminalCacheTtl()).isAfter(clock.instant())) {
            return Mono.just(cached);
        }
        Instant now = clock.instant();
        Instant unknownUntil = unknown.get(terminalId);
        if (unknownUntil != null) {
            if (unknownUntil.isAfter(now)) return Mono.empty();
            unknown.remove(terminalId, unknownUntil);
        }
        return db.sql("SELECT terminal_id, secret_enc, kind, hospital_id, window_id, active FROM terminal WHERE terminal_id = :id")
                .bind("id", terminalId)
                .map(row -> new Entry(
                        new Terminal(row.get("terminal_id", String.class),
                                Terminal.Kind.valueOf(row.get("kind", String.class)),
                                row.get("hospital_id", String.class),
                                row.get("window_id", String.class)),
                        box.open(row.get("secret_enc", byte[].class)),
                        Boolean.TRUE.equals(row.get("active", Boolean.class)),
                        clock.instant()))
                .one()
                .doOnNext(e -> cache.put(terminalId, e))
                .switchIfEmpty(Mono.fromRunnable(() -> rememberUnknown(terminalId, now)));
    }

    private void rememberUnknown(String terminalId, Instant now) {
        if (unknown.size() >= MAX_UNKNOWN) unknown.clear();
        unknown.put(terminalId, now.plus(auth.unknownTerminalTtl()));
    }

    /** Creates or replaces a terminal (provisioning, demo data, tests). */
    public Mono<Void> upsert(Terminal terminal, String secret) {
        cache.remove(terminal.terminalId());
        unknown.remove(terminal.terminalId());
        var spec = db.sql("""
                INSERT INTO terminal (terminal_id, secret_enc, kind, hospital_id, window_id, active)
                VALUES (:id, :secret, :kind, :hospital, :window, TRUE)
                ON CONFLICT (terminal_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, kind = EXCLUDED.kind,
                    hospital_id = EXCLUDED.hospital_id, window_id = EXCLUDED.window_id, active = TRUE""")
                .bind("id", terminal.terminalId())
                .bind("secret", box.seal(secret.getBytes(StandardCharsets.UTF_8)))
                .bind("kind", terminal.kind().name())
                .bind("hospital", terminal.hospitalId());
        spec = terminal.windowId() == null ? spec.bindNull("window", String.class) : spec.bind("window", terminal.windowId());
        return spec.then().then(Mono.defer(() -> changed.apply(terminal.terminalId())));
    }

    // ------------------------------------------------------------------ administration (infra/terminal)

    /** A terminal as the administration sees it: never its secret. */
    public record Registered(Terminal terminal, boolean active) {}

    public Flux<Registered> list() {
        return db.sql("SELECT terminal_id, kind, hospital_id, window_id, active FROM terminal ORDER BY terminal_id")
                .map(row -> new Registered(new Terminal(row.get("terminal_id", String.class), Terminal.Kind.valueOf(row.get("kind", String.class)),
                        row.get("hospital_id", String.class), row.get("window_id", String.class)), Boolean.TRUE.equals(row.get("active", Boolean.class))))
                .all();
    }

    /** Registers a new terminal; false when the id is taken (an existing terminal is never overwritten here). */
    public Mono<Boolean> add(Terminal terminal, String secret) {
        var spec = db.sql("""
                INSERT INTO terminal (terminal_id, secret_enc, kind, hospital_id, window_id, active)
                VALUES (:id, :secret, :kind, :hospital, :window, TRUE) ON CONFLICT (terminal_id) DO NOTHING""")
                .bind("id", terminal.terminalId())
                .bind("secret", box.seal(secret.getBytes(StandardCharsets.UTF_8)))
                .bind("kind", terminal.kind().name())
                .bind("hospital", terminal.hospitalId());
        spec = terminal.windowId() == null ? spec.bindNull("window", String.class) : spec.bind("window", terminal.windowId());
        return spec.fetch().rowsUpdated().map(n -> n > 0).flatMap(added -> changed(terminal.terminalId(), added));
    }

    /** A new secret for a known terminal; the old one stops working at once on this instance. False: no such terminal. */
    public Mono<Boolean> rotate(String terminalId, String secret) {
        return db.sql("UPDATE terminal SET secret_enc = :secret WHERE terminal_id = :id")
                .bind("secret", box.seal(secret.getBytes(StandardCharsets.UTF_8))).bind("id", terminalId)
                .fetch().rowsUpdated().map(n -> n > 0).flatMap(x -> changed(terminalId, x));
    }

    /** Enables or disables a terminal; a disabled one is refused (401) from the next request on. False: no such terminal. */
    public Mono<Boolean> setActive(String terminalId, boolean active) {
        return db.sql("UPDATE terminal SET active = :active WHERE terminal_id = :id").bind("active", active).bind("id", terminalId)
                .fetch().rowsUpdated().map(n -> n > 0).flatMap(x -> changed(terminalId, x));
    }

    /** Evicts here at once, then tells the other instances; answers {@code result} either way. */
    private Mono<Boolean> changed(String terminalId, boolean result) {
        evict(terminalId);
        return changed.apply(terminalId).thenReturn(result);
    }

    void onChange(Function<String, Mono<Void>> broadcast) {
        this.changed = broadcast;
    }

    /** Forgets what this instance cached about the terminal, so the next request reads the database. */
    public void evict(String terminalId) {
        cache.remove(terminalId);
        unknown.remove(terminalId);
    }
}
