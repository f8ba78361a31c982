package org.hospay.simulator.insurance;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * The docs/api.md §4 error shape {@code {"error":{"code","message"}}} for the test-data endpoints of the
 * insurance, bank and commercial simulators, including a body that is not JSON or has a field of the
 * wrong type (which Spring would otherwise answer in its own shape).
 */
@RestControllerAdvice(basePackages = {"org.hospay.simulator.insurance", "org.hospay.simulator.bank", "org.hospay.simulator.commercial"})
public class TestDataErrors {

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> unreadable(ServerWebInputException e) {
        return bad("INVALID_REQUEST", e.getReason() == null ? "unreadable request" : e.getReason());
    }

    static ResponseEntity<Map<String, Object>> bad(String code, String message) {
        return error(HttpStatus.BAD_REQUEST, code, message);
    }

    static ResponseEntity<Map<String, Object>> notFound(String code, String message) {
        return error(HttpStatus.NOT_FOUND, code, message);
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", Map.of("code", code, "message", message)));
    }
}
