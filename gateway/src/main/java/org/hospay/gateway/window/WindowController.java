package org.hospay.gateway.window;

import java.util.regex.Pattern;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A window's pending bill and its live event stream (docs/api.md §8). A window's own
 * terminals (its console, its NFC reader) may follow and use it; the HIS may also hand it a bill.
 */
@RestController
class WindowController {

    private static final Pattern WINDOW_ID = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

    private final WindowBills bills;
    private final WindowStream stream;

    WindowController(WindowBills bills, WindowStream stream) {
        this.bills = bills;
        this.stream = stream;
    }

    /**
     * Server-sent events of the window: {@code ready}, {@code bill}, {@code tap}, {@code tap.refused},
     * {@code payment.pending|succeeded|failed}. Signed like every terminal request (a browser
     * reads it with a signed fetch; see docs/console.md). Resumes after {@code Last-Event-ID} (header,
     * or the {@code lastEventId} parameter for clients that cannot set it).
     */
    @GetMapping(path = "/api/v1/windows/{windowId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(ServerWebExchange exchange, @PathVariable String windowId,
                                         @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                         @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        return Flux.defer(() -> stream.open(ownWindow(Terminal.of(exchange), windowId, false).hospitalId(), windowId,
                lastEventId != null ? lastEventId : lastEventIdParam));
    }

    @PutMapping("/api/v1/windows/{windowId}/bill")
    Mono<WindowBill> putBill(ServerWebExchange exchange, @PathVariable String windowId, @RequestBody WindowBill bill) {
        return Mono.defer(() -> bills.put(ownWindow(Terminal.of(exchange), windowId, true), windowId, bill));
    }

    @GetMapping("/api/v1/windows/{windowId}/bill")
    Mono<WindowBill> bill(ServerWebExchange exchange, @PathVariable String windowId) {
        return Mono.defer(() -> bills.current(ownWindow(Terminal.of(exchange), windowId, true).hospitalId(), windowId))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("NO_PENDING_BILL", "window " + windowId + " has no pending bill")));
    }

    @DeleteMapping("/api/v1/windows/{windowId}/bill")
    Mono<ResponseEntity<Void>> clearBill(ServerWebExchange exchange, @PathVariable String windowId) {
        return Mono.defer(() -> bills.clear(ownWindow(Terminal.of(exchange), windowId, true).hospitalId(), windowId))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** The caller must belong to the window (the HIS, which serves every window, may hand bills to any). */
    private static Terminal ownWindow(Terminal t, String windowId, boolean hisToo) {
        if (!WINDOW_ID.matcher(windowId).matches()) {
            throw ApiException.badRequest("INVALID_WINDOW_ID", "windowId must be 1-64 letters, digits, '.', '-' or '_'");
        }
        if (windowId.equals(t.windowId()) || (hisToo && t.kind() == Terminal.Kind.HIS)) return t;
        throw ApiException.forbidden("WRONG_WINDOW", "terminal " + t.terminalId() + " does not belong to window " + windowId);
    }
}
