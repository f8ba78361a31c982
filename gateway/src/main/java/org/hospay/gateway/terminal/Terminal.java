package org.hospay.gateway.terminal;

import org.springframework.web.server.ServerWebExchange;

/** An authenticated caller at the hospital: window, kiosk, in-clinic terminal, NFC reader or the HIS. */
public record Terminal(String terminalId, Kind kind, String hospitalId, String windowId) {

    public enum Kind { WINDOW, KIOSK, CLINIC, NFC_READER, HIS }

    static final String ATTRIBUTE = Terminal.class.getName();

    /** The terminal the auth filter verified for this exchange; every /api/v1 handler has one. */
    public static Terminal of(ServerWebExchange exchange) {
        Terminal t = exchange.getAttribute(ATTRIBUTE);
        if (t == null) throw new IllegalStateException("no authenticated terminal on " + exchange.getRequest().getPath());
        return t;
    }
}
