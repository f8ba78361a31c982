package org.hospay.gateway.nfc;

import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
class NfcController {

    private final Taps taps;
    private final NfcSessions sessions;

    NfcController(Taps taps, NfcSessions sessions) {
        this.taps = taps;
        this.sessions = sessions;
    }

    /** docs/api.md §8.3: a reader reports a tap; 200 with the session it opened (and the payment, if it paid at once). */
    @PostMapping("/api/v1/nfc/taps")
    Mono<Taps.TapAnswer> tap(ServerWebExchange exchange, @RequestBody TapRequest request) {
        return Mono.defer(() -> taps.tap(Terminal.of(exchange), request));
    }

    /** A session as its window sees it: OPEN, USED or EXPIRED, with what was presented (masked). */
    @GetMapping("/api/v1/nfc/sessions/{sessionId}")
    Mono<NfcSessions.Session> session(ServerWebExchange exchange, @PathVariable String sessionId) {
        return Mono.defer(() -> {
            Terminal t = Terminal.of(exchange);
            return sessions.find(t, sessionId)
                    .filter(s -> s.windowId().equals(t.windowId()) || t.kind() == Terminal.Kind.HIS)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("NFC_SESSION_NOT_FOUND", "no NFC session " + sessionId)));
        });
    }
}
