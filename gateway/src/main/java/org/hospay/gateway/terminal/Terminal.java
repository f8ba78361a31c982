package org.hospay.gateway.terminal;

import org.springframework.web.server.ServerWebExchange;

/**
 * An authenticated caller at the hospital: window, kiosk, in-clinic terminal, NFC reader, the HIS, the
 * finance office or a ward's bedside terminal, as registered; {@code operatorId} is the staff number that signed this one request
 * ({@code X-Operator-Id}, docs/api.md §3), null when none did.
 */
public record Terminal(String terminalId, Kind kind, String hospitalId, String windowId, String operatorId) {

    /** What a terminal may do follows from its kind ({@link TerminalRules}). */
    public enum Kind {
        WINDOW, KIOSK, CLINIC, NFC_READER, HIS, FINANCE,
        /** A ward's bedside terminal: admits, takes deposits and discharges inpatients (docs/api.md §13); {@code windowId} is the ward. */
        BEDSIDE
    }

    static final String ATTRIBUTE = Terminal.class.getName();

    /** A registered terminal, as provisioned: no operator. */
    public Terminal(String terminalId, Kind kind, String hospitalId, String windowId) {
        this(terminalId, kind, hospitalId, windowId, null);
    }

    Terminal withOperator(String operator) {
        return new Terminal(terminalId, kind, hospitalId, windowId, operator);
    }

    /** The terminal the auth filter verified for this exchange; every /api/v1 handler has one. */
    public static Terminal of(ServerWebExchange exchange) {
        Terminal t = exchange.getAttribute(ATTRIBUTE);
        if (t == null) throw new IllegalStateException("no authenticated terminal on " + exchange.getRequest().getPath());
        return t;
    }
}
