package org.hospay.simulator.clock;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test control of the simulator's clock: {@code PUT /sim/clock {"now":"2026-11-24T23:00:00+08:00"}},
 * {@code GET /sim/clock}, {@code DELETE /sim/clock} (back to real time).
 */
@RestController
class ClockController {

    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final AdjustableClock clock;

    ClockController(AdjustableClock clock) {
        this.clock = clock;
    }

    record SetClock(String now) {}

    record ClockView(OffsetDateTime now, long offsetSeconds) {}

    @PutMapping("/sim/clock")
    ResponseEntity<?> set(@RequestBody SetClock request) {
        try {
            clock.set(OffsetDateTime.parse(request.now()).toInstant());
        } catch (DateTimeParseException | NullPointerException e) {
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_TIME",
                    "message", "now must be an ISO-8601 time with offset, e.g. 2026-11-24T23:00:00+08:00: " + request.now())));
        }
        return ResponseEntity.ok(view());
    }

    @GetMapping("/sim/clock")
    ClockView get() {
        return view();
    }

    @DeleteMapping("/sim/clock")
    ResponseEntity<Void> reset() {
        clock.reset();
        return ResponseEntity.noContent().build();
    }

    private ClockView view() {
        return new ClockView(OffsetDateTime.ofInstant(clock.instant(), BEIJING), clock.offset().toSeconds());
    }
}
