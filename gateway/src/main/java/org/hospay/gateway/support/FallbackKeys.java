package org.hospay.gateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Single-use keys with an expiry in PostgreSQL ({@code redis_fallback_key}, V19): what {@code SET NX EX} does in Redis,
 * for while Redis is away ({@link RedisSwitch}). A claim inserts the key, or takes over a row whose expiry has passed;
 * the primary key makes two claims of one live key impossible across instances. Expired rows are swept by
 * {@link #sweep()}, which also tells the switch how long the Redis path must keep consulting this table.
 */
@Component
@DependsOnDatabaseInitialization
public class FallbackKeys extends PeriodicPass {

    private static final String CLAIM = """
            INSERT INTO redis_fallback_key (key, expires_at) VALUES (:key, :expires)
            ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE redis_fallback_key.expires_at <= now()
            RETURNING 1""";

    private final DatabaseClient db;
    private final RedisSwitch redisSwitch;
    private final Clock clock;

    FallbackKeys(DatabaseClient db, RedisSwitch redisSwitch, Clock clock) {
        super("fallback key sweep");
        this.db = db;
        this.redisSwitch = redisSwitch;
        this.clock = clock;
    }

    /**
     * A single-use claim shared by every instance: {@code redisSetNx} while Redis answers (and, until PostgreSQL's
     * claims have expired, a key new to Redis is claimed here too, so one used during an outage stays used); a claim
     * here while it does not. Only the Redis command is timed by the switch, never the PostgreSQL claim.
     */
    public Mono<Boolean> claimShared(String key, Duration ttl, Mono<Boolean> redisSetNx) {
        return redisSwitch.call(() -> redisSetNx.defaultIfEmpty(false).map(Optional::of), () -> Mono.just(Optional.<Boolean>empty()))
                .flatMap(inRedis -> inRedis.isEmpty() || (inRedis.get() && redisSwitch.checkBoth())
                        ? claim(key, ttl) : Mono.just(inRedis.get()));
    }

    /** Whether a key is held in Redis, or here (while Redis is away, or until what was claimed here has expired). */
    public Mono<Boolean> heldShared(String key, Mono<Boolean> redisExists) {
        return redisSwitch.call(() -> redisExists.defaultIfEmpty(false).map(Optional::of), () -> Mono.just(Optional.<Boolean>empty()))
                .flatMap(inRedis -> inRedis.isEmpty() || (!inRedis.get() && redisSwitch.checkBoth())
                        ? held(key) : Mono.just(inRedis.get()));
    }

    /** True if the key was not held (or its hold had expired) and is now held for {@code ttl}. */
    public Mono<Boolean> claim(String key, Duration ttl) {
        Instant expires = clock.instant().plus(ttl);
        redisSwitch.extendHorizon(expires);
        return db.sql(CLAIM).bind("key", key).bind("expires", OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    public Mono<Boolean> held(String key) {
        return db.sql("SELECT 1 FROM redis_fallback_key WHERE key = :key AND expires_at > now()").bind("key", key)
                .fetch().first().hasElement();
    }

    public Mono<Void> release(String key) {
        return db.sql("DELETE FROM redis_fallback_key WHERE key = :key").bind("key", key).fetch().rowsUpdated().then();
    }

    /** Deletes what expired and reads the latest expiry left (written by any instance). */
    @Override
    protected Mono<Void> pass() {
        return db.sql("DELETE FROM redis_fallback_key WHERE expires_at <= now()").fetch().rowsUpdated()
                .then(db.sql("SELECT max(expires_at) AS horizon FROM redis_fallback_key")
                        .map(row -> Optional.ofNullable(row.get("horizon", OffsetDateTime.class))).one())
                .doOnNext(latest -> latest.ifPresent(t -> redisSwitch.extendHorizon(t.toInstant())))
                .then();
    }

    @Override
    protected Duration firstDelay() {
        return Duration.ZERO;
    }

    @Override
    protected Duration period() {
        return Duration.ofSeconds(5);
    }
}
