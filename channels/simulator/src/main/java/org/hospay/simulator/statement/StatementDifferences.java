package org.hospay.simulator.statement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Differences a channel's daily statement is made to show, on demand, so reconciliation can be tested and
 * demonstrated (channels/docs/statements.md): a paid order left off the statement, an order listed with
 * another amount, an order listed that the merchant never sent. (An order the channel declined but booked
 * anyway is not a statement trick: the channel's own state changes, see {@link LateBookings}.)
 */
@Component
public class StatementDifferences {

    /** A payment line for an order the merchant never sent. */
    public record Extra(String outTradeNo, String transactionId, long amountFen, Instant at) {}

    /** What one channel's statement is made to show. */
    public static final class Rules {
        final Set<String> omitted = ConcurrentHashMap.newKeySet();
        final Map<String, Long> amounts = new ConcurrentHashMap<>();
        final List<Extra> extras = new CopyOnWriteArrayList<>();

        /** Whether the order's payment line is left off the statement. */
        public boolean omits(String outTradeNo) {
            return omitted.contains(outTradeNo);
        }

        /** The amount the order's payment line shows. */
        public long amount(String outTradeNo, long bookedFen) {
            return amounts.getOrDefault(outTradeNo, bookedFen);
        }

        public List<Extra> extras() {
            return List.copyOf(extras);
        }

        Map<String, Object> view() {
            return Map.of("omitted", Set.copyOf(omitted), "amounts", Map.copyOf(amounts), "extras", List.copyOf(extras));
        }
    }

    private static final Rules NONE = new Rules();

    private final Map<String, Rules> byChannel = new ConcurrentHashMap<>();

    /** The rules of a channel's statement (none: the statement is what the channel booked). */
    public Rules of(String channel) {
        return byChannel.getOrDefault(channel, NONE);
    }

    Rules edit(String channel) {
        return byChannel.computeIfAbsent(channel, c -> new Rules());
    }

    void clear(String channel) {
        byChannel.remove(channel);
    }
}
