package org.hospay.gateway.finance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where reconciliation results are kept: one run row per day and counterparty, one difference row per day,
 * counterparty and reference. A difference found again on a re-run is the same row (its amounts refreshed,
 * a resolution kept); an open one a re-run no longer finds is closed as such, so a day's result converges.
 */
@Component
class ReconStore {

    private final DatabaseClient db;
    private final Clock clock;

    ReconStore(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A stored difference with its id and where it stands. */
    record Stored(UUID id, LocalDate day, String counterparty, String ref, String kind, Long ourFen, Long theirFen,
                  String ourStatus, String theirStatus, UUID paymentId, UUID legId, String status, String resolution,
                  Instant foundAt, Instant resolvedAt) {}

    /** One run's summary as stored. */
    record Run(LocalDate day, String counterparty, String status, long theirLines, long ourRecords, long matched,
               int differences, int openDifferences, String detail, int runs, Instant startedAt, Instant finishedAt) {}

    Instant now() {
        return clock.instant();
    }

    /** Records a difference found (or found again); the stored row. */
    Mono<Stored> found(Difference d) {
        var spec = db.sql("""
                INSERT INTO recon_difference (difference_id, day, counterparty, ref, kind, our_fen, their_fen, our_status, their_status,
                                              payment_id, leg_id, status, found_at, seen_at)
                VALUES (:id, :day, :cp, :ref, :kind, :ourFen, :theirFen, :ourStatus, :theirStatus, :payment, :leg, 'OPEN', :now, :now)
                ON CONFLICT (day, counterparty, ref) DO UPDATE SET kind = EXCLUDED.kind, our_fen = EXCLUDED.our_fen,
                    their_fen = EXCLUDED.their_fen, our_status = EXCLUDED.our_status, their_status = EXCLUDED.their_status, seen_at = EXCLUDED.seen_at
                    WHERE recon_difference.status = 'OPEN'
                RETURNING *""")
                .bind("id", UUID.randomUUID()).bind("day", d.day()).bind("cp", d.counterparty()).bind("ref", d.ref())
                .bind("kind", d.kind().name()).bind("now", now());
        spec = d.ours() == null ? spec.bindNull("ourFen", Long.class).bindNull("ourStatus", String.class)
                : spec.bind("ourFen", d.ours().fen()).bind("ourStatus", d.ours().state().name());
        spec = d.theirs() == null ? spec.bindNull("theirFen", Long.class).bindNull("theirStatus", String.class)
                : spec.bind("theirFen", d.theirs().fen()).bind("theirStatus", d.theirs().state().name());
        spec = d.paymentId() == null ? spec.bindNull("payment", UUID.class) : spec.bind("payment", d.paymentId());
        spec = d.legId() == null ? spec.bindNull("leg", UUID.class) : spec.bind("leg", d.legId());
        return spec.map(ReconStore::stored).one()
                .switchIfEmpty(Mono.defer(() -> find(d.day(), d.counterparty(), d.ref())));
    }

    Mono<Stored> find(LocalDate day, String counterparty, String ref) {
        return db.sql("SELECT * FROM recon_difference WHERE day = :day AND counterparty = :cp AND ref = :ref")
                .bind("day", day).bind("cp", counterparty).bind("ref", ref).map(ReconStore::stored).one();
    }

    Mono<Stored> find(UUID id) {
        return db.sql("SELECT * FROM recon_difference WHERE difference_id = :id").bind("id", id).map(ReconStore::stored).one();
    }

    /** Closes an open difference with what settled it; false when it was not open. */
    Mono<Boolean> resolve(UUID id, String resolution) {
        return db.sql("UPDATE recon_difference SET status = 'RESOLVED', resolution = :r, resolved_at = :now WHERE difference_id = :id AND status = 'OPEN'")
                .bind("id", id).bind("r", truncate(resolution)).bind("now", now()).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Open differences of the day a re-run did not find again: closed as gone. */
    Mono<Long> closeNotFoundSince(LocalDate day, String counterparty, Instant runStart) {
        return db.sql("""
                UPDATE recon_difference SET status = 'RESOLVED', resolution = 'no longer differs on re-run', resolved_at = :now
                WHERE day = :day AND counterparty = :cp AND status = 'OPEN' AND difference_id NOT IN (
                    SELECT difference_id FROM recon_difference WHERE day = :day AND counterparty = :cp AND seen_at >= :start)""")
                .bind("day", day).bind("cp", counterparty).bind("start", runStart).bind("now", now()).fetch().rowsUpdated();
    }

    Flux<Stored> differences(LocalDate day, String counterpartyOrNull) {
        var spec = db.sql("SELECT * FROM recon_difference WHERE day = :day AND (CAST(:cp AS VARCHAR) IS NULL OR counterparty = :cp) ORDER BY counterparty, kind, ref")
                .bind("day", day);
        spec = counterpartyOrNull == null ? spec.bindNull("cp", String.class) : spec.bind("cp", counterpartyOrNull);
        return spec.map(ReconStore::stored).all();
    }

    Flux<Stored> open(int limit) {
        return db.sql("SELECT * FROM recon_difference WHERE status = 'OPEN' ORDER BY found_at LIMIT :limit")
                .bind("limit", limit).map(ReconStore::stored).all();
    }

    /** Writes the run's summary; the counts of differences are those stored for the day, whatever the number of runs. */
    Mono<Run> finished(LocalDate day, String counterparty, String status, long theirLines, long ourRecords, long matched,
                       String detail, Instant startedAt) {
        return db.sql("""
                INSERT INTO recon_run (day, counterparty, status, their_lines, our_records, matched, differences, open_differences,
                                       detail, runs, started_at, finished_at)
                SELECT :day, :cp, CASE WHEN :status = 'DONE' THEN (CASE WHEN count(*) = 0 THEN 'BALANCED' ELSE 'DIFFERENCES' END) ELSE :status END,
                       :their, :ours, :matched, count(*), count(*) FILTER (WHERE status = 'OPEN'), :detail, 1, :start, :now
                FROM recon_difference WHERE day = :day AND counterparty = :cp
                ON CONFLICT (day, counterparty) DO UPDATE SET status = EXCLUDED.status, their_lines = EXCLUDED.their_lines,
                    our_records = EXCLUDED.our_records, matched = EXCLUDED.matched, differences = EXCLUDED.differences,
                    open_differences = EXCLUDED.open_differences, detail = EXCLUDED.detail, runs = recon_run.runs + 1,
                    started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at
                RETURNING *""")
                .bind("day", day).bind("cp", counterparty).bind("status", status).bind("their", theirLines).bind("ours", ourRecords)
                .bind("matched", matched).bind("detail", detail == null ? "" : truncate(detail)).bind("start", startedAt).bind("now", now())
                .map(ReconStore::run).one();
    }

    Flux<Run> runs(LocalDate day) {
        return db.sql("SELECT * FROM recon_run WHERE day = :day ORDER BY counterparty").bind("day", day).map(ReconStore::run).all();
    }

    Mono<Boolean> ran(LocalDate day) {
        return db.sql("SELECT count(*) AS n FROM recon_run WHERE day = :day").bind("day", day)
                .map(r -> r.get("n", Long.class) > 0).one();
    }

    private static Stored stored(io.r2dbc.spi.Readable r) {
        return new Stored(r.get("difference_id", UUID.class), r.get("day", LocalDate.class), r.get("counterparty", String.class),
                r.get("ref", String.class), r.get("kind", String.class), r.get("our_fen", Long.class), r.get("their_fen", Long.class),
                r.get("our_status", String.class), r.get("their_status", String.class), r.get("payment_id", UUID.class),
                r.get("leg_id", UUID.class), r.get("status", String.class), r.get("resolution", String.class),
                r.get("found_at", Instant.class), r.get("resolved_at", Instant.class));
    }

    private static Run run(io.r2dbc.spi.Readable r) {
        return new Run(r.get("day", LocalDate.class), r.get("counterparty", String.class), r.get("status", String.class),
                r.get("their_lines", Long.class), r.get("our_records", Long.class), r.get("matched", Long.class),
                r.get("differences", Integer.class), r.get("open_differences", Integer.class), r.get("detail", String.class),
                r.get("runs", Integer.class), r.get("started_at", Instant.class), r.get("finished_at", Instant.class));
    }

    private static String truncate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500);
    }
}
