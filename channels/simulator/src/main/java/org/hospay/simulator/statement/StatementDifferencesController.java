package org.hospay.simulator.statement;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sim/faults/{channel}/statement}: fabricates each kind of reconciliation difference on demand
 * (channels/docs/statements.md). POST one difference at a time:
 * <ul>
 *   <li>{@code OMIT} {outTradeNo}: the statement leaves the paid order off (booked here, not there);</li>
 *   <li>{@code AMOUNT} {outTradeNo, amountFen}: the statement lists it with another amount;</li>
 *   <li>{@code EXTRA} {amountFen, outTradeNo?}: the statement lists an order the merchant never sent (booked there, not here);</li>
 *   <li>{@code BOOK_DECLINED} {outTradeNo}: the channel takes the money of an order it declined (status mismatch).</li>
 * </ul>
 * On {@code INSURANCE}, {@code OMIT} with the settlement's setl_id as {@code outTradeNo} leaves it out of 3201 and 3202.
 * GET shows the channel's rules; DELETE clears them (booked declines stay booked: that money moved).
 */
@RestController
class StatementDifferencesController {

    record DifferenceRequest(String kind, String outTradeNo, Long amountFen) {}

    private final StatementDifferences differences;
    private final List<LateBookings> lateBookings;
    private final Clock clock;

    StatementDifferencesController(StatementDifferences differences, List<LateBookings> lateBookings, Clock clock) {
        this.differences = differences;
        this.lateBookings = lateBookings;
        this.clock = clock;
    }

    @PostMapping("/sim/faults/{channel}/statement")
    ResponseEntity<Map<String, Object>> add(@PathVariable String channel, @RequestBody DifferenceRequest r) {
        String ch = channel.toUpperCase(Locale.ROOT);
        String kind = r.kind() == null ? "" : r.kind().toUpperCase(Locale.ROOT);
        switch (kind) {
            case "OMIT" -> differences.edit(ch).omitted.add(required(r.outTradeNo(), "outTradeNo"));
            case "AMOUNT" -> differences.edit(ch).amounts.put(required(r.outTradeNo(), "outTradeNo"), positive(r.amountFen()));
            case "EXTRA" -> {
                String no = r.outTradeNo() != null ? r.outTradeNo() : "X" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36).toUpperCase(Locale.ROOT);
                String tx = "42" + String.format("%026d", ThreadLocalRandom.current().nextLong(0, Long.MAX_VALUE));
                differences.edit(ch).extras.add(new StatementDifferences.Extra(no, tx.substring(0, 28), positive(r.amountFen()), Instant.now(clock)));
                return ResponseEntity.ok(Map.of("channel", ch, "kind", kind, "outTradeNo", no));
            }
            case "BOOK_DECLINED" -> {
                LateBookings late = lateBookings.stream().filter(l -> l.channel().equals(ch)).findFirst().orElse(null);
                if (late == null) return bad("channel " + ch + " cannot book a declined order here");
                String no = required(r.outTradeNo(), "outTradeNo");
                return late.bookDeclined(no)
                        .<ResponseEntity<Map<String, Object>>>map(tx -> ResponseEntity.ok(Map.of("channel", ch, "kind", kind, "outTradeNo", no, "transactionId", tx)))
                        .orElseGet(() -> bad("no declined order " + no + " on " + ch));
            }
            default -> {
                return bad("kind must be OMIT, AMOUNT, EXTRA or BOOK_DECLINED");
            }
        }
        return ResponseEntity.ok(Map.of("channel", ch, "kind", kind, "outTradeNo", r.outTradeNo()));
    }

    @GetMapping("/sim/faults/{channel}/statement")
    Map<String, Object> get(@PathVariable String channel) {
        return differences.of(channel.toUpperCase(Locale.ROOT)).view();
    }

    @DeleteMapping("/sim/faults/{channel}/statement")
    ResponseEntity<Void> clear(@PathVariable String channel) {
        differences.clear(channel.toUpperCase(Locale.ROOT));
        return ResponseEntity.noContent().build();
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is required");
        return value;
    }

    private static long positive(Long fen) {
        if (fen == null || fen <= 0) throw new IllegalArgumentException("amountFen must be a positive number of fen");
        return fen;
    }

    private static ResponseEntity<Map<String, Object>> bad(String message) {
        return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_STATEMENT_DIFFERENCE", "message", message)));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return bad(e.getMessage());
    }
}
