package org.hospay.gateway.terminal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

@RestController
class TerminalController {

    /** Who am I: lets a console or a device check its credentials (sign-in) without side effects. */
    @GetMapping("/api/v1/terminals/me")
    Terminal me(ServerWebExchange exchange) {
        return Terminal.of(exchange);
    }
}
