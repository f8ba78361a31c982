package org.hospay.simulator.fault;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FaultController {

    private final FaultRegistry faults;

    FaultController(FaultRegistry faults) {
        this.faults = faults;
    }

    record FaultRequest(Long latencyMs, Long jitterMs, Double errorRate, Double timeoutRate, Boolean hang,
                        Fault.Distribution distribution, Double sigma, java.util.Set<String> operations) {
        Fault toFault() {
            return new Fault(latencyMs == null ? 0 : latencyMs, jitterMs == null ? 0 : jitterMs,
                    errorRate == null ? 0 : errorRate, timeoutRate == null ? 0 : timeoutRate, hang != null && hang,
                    distribution, sigma == null ? 0.25 : sigma, operations);
        }
    }

    @PutMapping("/sim/faults/{channel}")
    Fault set(@PathVariable String channel, @RequestBody FaultRequest request) {
        Fault fault = request.toFault();
        faults.set(channel, fault);
        return fault;
    }

    @GetMapping("/sim/faults/{channel}")
    Fault get(@PathVariable String channel) {
        return faults.get(channel);
    }

    @DeleteMapping("/sim/faults/{channel}")
    ResponseEntity<Void> clear(@PathVariable String channel) {
        faults.clear(channel);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_FAULT", "message", e.getMessage())));
    }
}
