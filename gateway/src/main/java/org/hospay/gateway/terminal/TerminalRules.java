package org.hospay.gateway.terminal;

import static org.hospay.gateway.terminal.Terminal.Kind.BEDSIDE;
import static org.hospay.gateway.terminal.Terminal.Kind.FINANCE;
import static org.hospay.gateway.terminal.Terminal.Kind.HIS;
import static org.hospay.gateway.terminal.Terminal.Kind.KIOSK;
import static org.hospay.gateway.terminal.Terminal.Kind.NFC_READER;
import static org.hospay.gateway.terminal.Terminal.Kind.CLINIC;
import static org.hospay.gateway.terminal.Terminal.Kind.WINDOW;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What each kind of terminal may do (docs/api.md §3.1), in one table: the security chain asks it for every
 * signed request before any handler runs. Pure, so the table is tested without a server ({@code TerminalRulesTest}).
 *
 * <p>A request no rule names (an unknown path, or a method a path does not serve) is left to the router, which
 * answers 404 / 405: there is nothing there to protect. Checks that need the resource (the payment's hospital,
 * the window a session belongs to) stay with the handlers; this table decides by kind, and for the one query
 * that names a window by its parameter, by the terminal's own window.
 */
final class TerminalRules {

    /** Why a request is refused: the code and message of the 403 (docs/api.md §4). */
    record Denial(String code, String message) {}

    private record Rule(HttpMethod method, PathPattern path, Set<Terminal.Kind> kinds, String deniedCode) {
        boolean matches(HttpMethod m, PathContainer p) {
            return method.equals(m) && path.matches(p);
        }
    }

    private static final Set<Terminal.Kind> ALL = EnumSet.allOf(Terminal.Kind.class);
    /** The terminals a patient pays at. */
    private static final Set<Terminal.Kind> PAYING = EnumSet.of(WINDOW, KIOSK, CLINIC);

    private static final List<Rule> RULES = List.of(
            rule(HttpMethod.GET, "/api/v1/terminals/me", ALL),
            rule(HttpMethod.POST, "/api/v1/codes/classify", PAYING),
            rule(HttpMethod.POST, "/api/v1/payments", PAYING),
            rule(HttpMethod.POST, "/api/v1/payments/{paymentId}/codes", PAYING),
            // The HIS reads a payment too: its bill's answer may be 202 with this Location to poll.
            rule(HttpMethod.GET, "/api/v1/payments/{paymentId}", EnumSet.of(WINDOW, KIOSK, CLINIC, FINANCE, HIS)),
            // ?windowId= is narrowed to the terminal's own window in check(); ?billNo= is any window's or finance's.
            rule(HttpMethod.GET, "/api/v1/payments", EnumSet.of(WINDOW, FINANCE)),
            rule(HttpMethod.POST, "/api/v1/payments/{paymentId}/refunds", EnumSet.of(WINDOW, FINANCE)),
            rule(HttpMethod.GET, "/api/v1/payments/{paymentId}/refunds", EnumSet.of(WINDOW, FINANCE)),
            // The payment's electronic receipt: printed at the window or the kiosk, reprinted by finance (docs/finance.md).
            rule(HttpMethod.GET, "/api/v1/payments/{paymentId}/invoice", EnumSet.of(WINDOW, KIOSK, CLINIC, FINANCE)),
            rule(HttpMethod.POST, "/api/v1/refunds/{refundId}/approvals", EnumSet.of(FINANCE)),
            rule(HttpMethod.PUT, "/api/v1/windows/{windowId}/bill", EnumSet.of(WINDOW, HIS)),
            rule(HttpMethod.GET, "/api/v1/windows/{windowId}/bill", EnumSet.of(WINDOW, HIS)),
            rule(HttpMethod.DELETE, "/api/v1/windows/{windowId}/bill", EnumSet.of(WINDOW, HIS)),
            rule(HttpMethod.GET, "/api/v1/windows/{windowId}/events", EnumSet.of(WINDOW)),
            new Rule(HttpMethod.POST, parse("/api/v1/nfc/taps"), EnumSet.of(NFC_READER), "NOT_AN_NFC_READER"),
            rule(HttpMethod.GET, "/api/v1/nfc/sessions/{sessionId}", EnumSet.of(WINDOW, NFC_READER, HIS)),
            new Rule(HttpMethod.POST, parse("/api/v1/his/bills"), EnumSet.of(HIS), "HIS_ONLY"),
            // The finance office's reconciliation, worklist and shift close (docs/finance.md).
            rule(HttpMethod.POST, "/api/v1/finance/reconciliations", EnumSet.of(FINANCE)),
            rule(HttpMethod.GET, "/api/v1/finance/reconciliations", EnumSet.of(FINANCE)),
            rule(HttpMethod.GET, "/api/v1/finance/worklist", EnumSet.of(FINANCE)),
            rule(HttpMethod.POST, "/api/v1/finance/worklist/{item}/actions", EnumSet.of(FINANCE)),
            rule(HttpMethod.GET, "/api/v1/finance/shift-close", EnumSet.of(FINANCE)),
            // Credit care (docs/credit.md): enrolment at a window; lists, lifting a black-listing and the batch are finance's.
            rule(HttpMethod.POST, "/api/v1/credit/enrolments", EnumSet.of(WINDOW)),
            rule(HttpMethod.GET, "/api/v1/credit/cards/{cardNo}", EnumSet.of(WINDOW, FINANCE)),
            rule(HttpMethod.GET, "/api/v1/credit/consumptions/{consumptionId}", EnumSet.of(WINDOW, FINANCE)),
            rule(HttpMethod.POST, "/api/v1/credit/lists", EnumSet.of(FINANCE)),
            rule(HttpMethod.POST, "/api/v1/credit/cards/{cardNo}/lift", EnumSet.of(FINANCE)),
            rule(HttpMethod.POST, "/api/v1/credit/jobs/run", EnumSet.of(FINANCE)),
            rule(HttpMethod.GET, "/api/v1/credit/batches/{date}", EnumSet.of(FINANCE)),
            // Inpatient money (docs/api.md §13): a window or a ward's bedside terminal handles a stay; the HIS uploads its
            // fees; the finance office reads stays and works the deposit refunds that need a person.
            rule(HttpMethod.POST, "/api/v1/inpatient/stays", EnumSet.of(WINDOW, BEDSIDE)),
            rule(HttpMethod.GET, "/api/v1/inpatient/stays/{stayId}", EnumSet.of(WINDOW, BEDSIDE, FINANCE)),
            rule(HttpMethod.POST, "/api/v1/inpatient/stays/{stayId}/deposits", EnumSet.of(WINDOW, BEDSIDE)),
            rule(HttpMethod.POST, "/api/v1/inpatient/stays/{stayId}/deposit-refunds", EnumSet.of(WINDOW, BEDSIDE)),
            rule(HttpMethod.POST, "/api/v1/inpatient/stays/{stayId}/fees", EnumSet.of(HIS, WINDOW, BEDSIDE)),
            rule(HttpMethod.POST, "/api/v1/inpatient/stays/{stayId}/fees/{batchNo}/cancel", EnumSet.of(HIS, WINDOW, BEDSIDE)),
            rule(HttpMethod.POST, "/api/v1/inpatient/stays/{stayId}/discharge", EnumSet.of(WINDOW, BEDSIDE)),
            rule(HttpMethod.POST, "/api/v1/inpatient/stays/{stayId}/discharge/payments", EnumSet.of(WINDOW, BEDSIDE)),
            rule(HttpMethod.POST, "/api/v1/inpatient/stays/{stayId}/discharge/cancel", EnumSet.of(WINDOW, FINANCE)),
            rule(HttpMethod.GET, "/api/v1/inpatient/deposit-refunds", EnumSet.of(FINANCE)),
            rule(HttpMethod.POST, "/api/v1/his/deposit-reminders", EnumSet.of(HIS)));

    private TerminalRules() {}

    /**
     * Empty when {@code terminal} may send this request; {@code windowIdParam} is the {@code windowId} query
     * parameter (null when absent).
     */
    static Optional<Denial> check(Terminal terminal, HttpMethod method, String path, String windowIdParam) {
        PathContainer p = PathContainer.parsePath(path);
        for (Rule r : RULES) {
            if (!r.matches(method, p)) continue;
            if (!r.kinds().contains(terminal.kind())) {
                return Optional.of(new Denial(r.deniedCode(), "a " + terminal.kind() + " terminal may not " + method.name() + " " + path));
            }
            if (r.path().getPatternString().equals("/api/v1/payments") && windowIdParam != null
                    && terminal.kind() == WINDOW && !windowIdParam.equals(terminal.windowId())) {
                return Optional.of(new Denial("FORBIDDEN", "a window lists only its own payments (this terminal is at window "
                        + terminal.windowId() + ")"));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether a rule names this request at all (tests pin that every terminal endpoint is in the table). */
    static boolean names(HttpMethod method, String path) {
        PathContainer p = PathContainer.parsePath(path);
        return RULES.stream().anyMatch(r -> r.matches(method, p));
    }

    private static Rule rule(HttpMethod method, String pattern, Set<Terminal.Kind> kinds) {
        return new Rule(method, parse(pattern), kinds, "FORBIDDEN");
    }

    private static PathPattern parse(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }
}
