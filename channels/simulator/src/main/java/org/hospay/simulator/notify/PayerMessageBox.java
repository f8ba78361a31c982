package org.hospay.simulator.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the gateway's payer messages (family proxy: deductions, failures, agreements, refunds) arrive: a
 * stand-in for WeChat subscription messages or SMS. Tests and demos read them back by payer.
 *
 * <ul>
 *   <li>{@code POST /sim/notify/messages {"messageId","payerId","kind","payload"}}: taken (200), a repeated
 *       {@code messageId} is acknowledged and not stored twice; 503 while an outage is set.</li>
 *   <li>{@code GET /sim/notify/messages?payerId=}: what that payer received, in arrival order.</li>
 *   <li>{@code PUT /sim/notify/outage {"failNext":n}}: the next n deliveries are answered 503 (the relay must retry).</li>
 *   <li>{@code DELETE /sim/notify/messages}: forget everything.</li>
 * </ul>
 */
@RestController
class PayerMessageBox {

    record Message(String messageId, String payerId, String kind, Map<String, Object> payload, Instant receivedAt, int deliveries) {}

    record Incoming(String messageId, String payerId, String kind, Map<String, Object> payload) {}

    record Outage(Integer failNext) {}

    private final Map<String, Message> byId = new ConcurrentHashMap<>();
    private final List<Message> inOrder = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();

    @PostMapping("/sim/notify/messages")
    ResponseEntity<Map<String, Object>> receive(@RequestBody Incoming m) {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return ResponseEntity.status(503).body(Map.of("error", Map.of("code", "UNAVAILABLE", "message", "simulated outage")));
        }
        if (m.messageId() == null || m.payerId() == null || m.kind() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_MESSAGE", "message", "messageId, payerId and kind are required")));
        }
        synchronized (inOrder) {
            Message known = byId.get(m.messageId());
            if (known != null) {
                Message again = new Message(known.messageId(), known.payerId(), known.kind(), known.payload(), known.receivedAt(), known.deliveries() + 1);
                byId.put(m.messageId(), again);
                inOrder.set(inOrder.indexOf(known), again);
                return ResponseEntity.ok(Map.of("duplicate", true));
            }
            Message stored = new Message(m.messageId(), m.payerId(), m.kind(), m.payload() == null ? Map.of() : m.payload(), Instant.now(), 1);
            byId.put(m.messageId(), stored);
            inOrder.add(stored);
        }
        return ResponseEntity.ok(Map.of("duplicate", false));
    }

    @GetMapping("/sim/notify/messages")
    List<Message> messages(@RequestParam(required = false) String payerId) {
        synchronized (inOrder) {
            return inOrder.stream().filter(m -> payerId == null || payerId.equals(m.payerId())).toList();
        }
    }

    @PutMapping("/sim/notify/outage")
    Map<String, Object> outage(@RequestBody Outage o) {
        failNext.set(o.failNext() == null ? 0 : Math.max(0, o.failNext()));
        return Map.of("failNext", failNext.get());
    }

    @DeleteMapping("/sim/notify/messages")
    ResponseEntity<Void> clear() {
        synchronized (inOrder) {
            inOrder.clear();
            byId.clear();
        }
        return ResponseEntity.noContent().build();
    }
}
