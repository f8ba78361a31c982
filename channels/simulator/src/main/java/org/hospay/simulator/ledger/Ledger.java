package org.hospay.simulator.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * The channels' side of the money, in memory. Every vendor endpoint books here so tests can prove
 * nothing was charged twice or left one-sided. Keyed by (channel, type, requestId): the vendors'
 * own idempotency keys.
 */
@Component
public class Ledger {

    private final ConcurrentHashMap<String, LedgerEntry> entries = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Clock clock;

    public Ledger(Clock clock) {
        this.clock = clock;
    }

    private static String key(String channel, String type, String requestId) {
        return channel + '|' + type + '|' + requestId;
    }

    /**
     * Books an entry unless one with the same (channel, type, requestId) exists; returns whichever is
     * stored, so a duplicate request sees the original.
     */
    public LedgerEntry bookIfAbsent(String channel, String type, String requestId, String reference,
                                    long amountFen, String state, String account) {
        return entries.computeIfAbsent(key(channel, type, requestId), k -> new LedgerEntry(
                seq.incrementAndGet(), channel, type, requestId, reference, amountFen, state, account,
                Instant.now(clock), null));
    }

    public Optional<LedgerEntry> find(String channel, String type, String requestId) {
        return Optional.ofNullable(entries.get(key(channel, type, requestId)));
    }

    /** Atomically replaces an entry; the function sees the current value. */
    public Optional<LedgerEntry> update(String channel, String type, String requestId, UnaryOperator<LedgerEntry> change) {
        return Optional.ofNullable(entries.computeIfPresent(key(channel, type, requestId), (k, e) -> change.apply(e)));
    }

    public LedgerEntry answer(String channel, String type, String requestId, String state) {
        return update(channel, type, requestId, e -> e.withState(state, Instant.now(clock)))
                .orElseThrow(() -> new IllegalStateException("no ledger entry " + key(channel, type, requestId)));
    }

    public List<LedgerEntry> all(String channelOrNull) {
        return entries.values().stream()
                .filter(e -> channelOrNull == null || e.channel().equalsIgnoreCase(channelOrNull))
                .sorted(Comparator.comparingLong(LedgerEntry::seq))
                .toList();
    }

    /** Refunds/reversals booked against an original request id. */
    public List<LedgerEntry> referencing(String channel, String reference) {
        return entries.values().stream()
                .filter(e -> e.channel().equals(channel) && reference.equals(e.reference()))
                .sorted(Comparator.comparingLong(LedgerEntry::seq))
                .toList();
    }
}
