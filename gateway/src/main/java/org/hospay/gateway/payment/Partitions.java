package org.hospay.gateway.payment;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Row;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which month's partition holds a payment or a leg the engine is working on, so that the engine's statements on that
 * row name the partition itself ({@code payment_2026_12}) instead of the partitioned table.
 *
 * <p>Why: a statement on {@code payment} or {@code payment_leg} that PostgreSQL cannot prune while planning (the
 * engine reaches rows by id, and prepared statements end up with generic plans) locks and opens every partition and
 * its indexes, about 100 µs more per statement than a plain table; the month's table by its name costs what a plain
 * table costs (docs/scale.md §4 has the figures).
 *
 * <p>The partition is learned from the row's own {@code tableoid}, returned by the statement that wrote or read it
 * (never computed from a clock or a naming rule), and forgotten when the row is finished: a finished payment or leg is
 * written again only rarely (a refund, a review), and those statements use the partitioned table. A statement whose
 * partition is not known, or that finds nothing in it, goes to the partitioned table, which always has the last word.
 * A month is only detached once nothing in it is open ({@code hospay_partition_months}), so an open row's partition
 * stays attached while it is remembered here. At most {@link #LIMIT} rows are remembered; past that all are forgotten
 * at once (rows of payments finished by another instance are never forgotten otherwise), which only costs the saving.
 */
final class Partitions {

    /** The column the engine's statements add to what they return: {@code tableoid::regclass::text}. */
    static final String COLUMN = "partition_table";
    static final String RETURNING = "tableoid::regclass::text AS " + COLUMN;
    static final int LIMIT = 50_000;

    /** A plain name as PostgreSQL prints an unquoted identifier; anything else is not used in a statement. */
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Map<UUID, String> payments = new ConcurrentHashMap<>();
    private final Map<UUID, String> legs = new ConcurrentHashMap<>();

    /** The table to address for this payment: its partition when known, else {@code payment}. */
    String payment(UUID paymentId) {
        return payments.getOrDefault(paymentId, "payment");
    }

    /** The table to address for this leg: its partition when known, else {@code payment_leg}. */
    String leg(UUID legId) {
        return legs.getOrDefault(legId, "payment_leg");
    }

    /** Remembers the partition of a payment row just written or read, or forgets it when the payment is finished. */
    void notePayment(Readable row, UUID paymentId, PaymentStatus status) {
        if (status.isFinal()) payments.remove(paymentId);
        else remember(payments, paymentId, partitionOf(row), "payment_");
    }

    /** The same for a leg. */
    void noteLeg(Readable row, UUID legId, LegStatus status) {
        if (status.isFinal()) legs.remove(legId);
        else remember(legs, legId, partitionOf(row), "payment_leg_");
    }

    /** Remembers a leg's partition given as text (a statement that returns a payment lists its new legs' partitions). */
    void noteLeg(UUID legId, String partition) {
        remember(legs, legId, partition, "payment_leg_");
    }

    /** A partition that was not there (dropped meanwhile): forget everything, the partitioned table answers. */
    void forgetAll() {
        payments.clear();
        legs.clear();
    }

    int remembered() {
        return payments.size() + legs.size();
    }

    private static void remember(Map<UUID, String> map, UUID id, String partition, String prefix) {
        if (partition == null || !partition.startsWith(prefix) || !PLAIN.matcher(partition).matches()) return;
        // a payment's partitions are named payment_<month>; payment_leg_<month> starts with payment_ too
        if (prefix.equals("payment_") && partition.startsWith("payment_leg")) return;
        if (map.size() >= LIMIT) map.clear();
        map.put(id, partition);
    }

    private static String partitionOf(Readable row) {
        if (row instanceof Row r && !r.getMetadata().contains(COLUMN)) return null;
        return row.get(COLUMN, String.class);
    }
}
