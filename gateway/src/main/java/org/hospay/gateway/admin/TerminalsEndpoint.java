package org.hospay.gateway.admin;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.hospay.gateway.web.ApiException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Terminal administration for real deployments (what {@code infra/terminal} calls), on the management port
 * behind the admin token ({@link AdminAuthentication}): {@code GET /actuator/terminals} lists them (never a
 * secret); {@code POST /actuator/terminals/{id}} with {@code {"action":"add","kind","hospitalId","windowId"}},
 * {@code {"action":"rotate"}}, {@code {"action":"disable"}} or {@code {"action":"enable"}}. Add and rotate make
 * a fresh random secret (32 bytes) and answer it once: it is stored only sealed. Rotate and disable take effect
 * on this instance at once (its terminal cache is evicted); other instances within {@code hospay.auth.terminal-cache-ttl}.
 * Every change, refused ones too, is in the audit trail.
 */
@Component
@Endpoint(id = "terminals")
class TerminalsEndpoint {

    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
    private static final Pattern HOSPITAL = Pattern.compile("^[A-Za-z0-9_.-]{1,32}$");
    private final SecureRandom random = new SecureRandom();
    private final TerminalRegistry terminals;
    private final AuditLog audit;

    TerminalsEndpoint(TerminalRegistry terminals, AuditLog audit) {
        this.terminals = terminals;
        this.audit = audit;
    }

    @ReadOperation
    Mono<List<Map<String, Object>>> list() {
        return terminals.list().map(TerminalsEndpoint::view).collectList();
    }

    /** Refusals are the API's error shape with their own code: 400 bad input, 404 unknown terminal, 409 id taken. */
    @WriteOperation
    Mono<WebEndpointResponse<Map<String, Object>>> change(@Selector String terminalId, @Nullable String action, @Nullable String kind,
                                                          @Nullable String hospitalId, @Nullable String windowId) {
        String verb = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
        Mono<Map<String, Object>> work = Mono.defer(() -> {
            if (!ID.matcher(terminalId).matches()) throw ApiException.badRequest("INVALID_TERMINAL_ID", "terminal id must be 1-64 of [A-Za-z0-9_.-]");
            return switch (verb) {
                case "add" -> {
                    Terminal t = new Terminal(terminalId, kind(kind), hospital(hospitalId), windowId == null || windowId.isBlank() ? null : windowId.strip());
                    String secret = secret();
                    yield terminals.add(t, secret).map(added -> {
                        if (!added) throw ApiException.conflict("TERMINAL_EXISTS", "terminal " + terminalId + " exists; rotate its secret instead");
                        return withSecret(t.terminalId(), "ADDED", secret);
                    });
                }
                case "rotate" -> {
                    String secret = secret();
                    yield terminals.rotate(terminalId, secret).map(found -> withSecret(known(found, terminalId), "ROTATED", secret));
                }
                case "disable" -> terminals.setActive(terminalId, false).map(found -> Map.of("terminalId", known(found, terminalId), "status", "DISABLED"));
                case "enable" -> terminals.setActive(terminalId, true).map(found -> Map.of("terminalId", known(found, terminalId), "status", "ENABLED"));
                default -> throw ApiException.badRequest("INVALID_ACTION", "action must be add, rotate, disable or enable");
            };
        });
        String audited = "TERMINAL_" + (verb.isEmpty() || verb.length() > 16 ? "CHANGE" : verb.toUpperCase(Locale.ROOT));
        return audit.audited(AuditLog.Actor.admin(), audited, terminalId, work, m -> terminalId, m -> String.valueOf(m.get("status")))
                .map(m -> new WebEndpointResponse<>(m, 200))
                .onErrorResume(ApiException.class, e -> Mono.just(new WebEndpointResponse<>(Map.of("error",
                        Map.of("code", e.code(), "message", e.getMessage(), "details", Map.of())), e.status().value())));
    }

    private static String known(boolean found, String terminalId) {
        if (!found) throw ApiException.notFound("TERMINAL_NOT_FOUND", "no terminal " + terminalId);
        return terminalId;
    }

    private static Terminal.Kind kind(String raw) {
        try {
            return Terminal.Kind.valueOf(raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_KIND", "kind must be one of " + List.of(Terminal.Kind.values()));
        }
    }

    private static String hospital(String raw) {
        if (raw == null || !HOSPITAL.matcher(raw.strip()).matches()) {
            throw ApiException.badRequest("INVALID_HOSPITAL_ID", "hospitalId must be 1-32 of [A-Za-z0-9_.-]");
        }
        return raw.strip();
    }

    private String secret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Map<String, Object> withSecret(String terminalId, String status, String secret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("terminalId", terminalId);
        m.put("status", status);
        m.put("secret", secret);
        return m;
    }

    private static Map<String, Object> view(TerminalRegistry.Registered r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("terminalId", r.terminal().terminalId());
        m.put("kind", r.terminal().kind().name());
        m.put("hospitalId", r.terminal().hospitalId());
        m.put("windowId", r.terminal().windowId());
        m.put("active", r.active());
        return m;
    }
}
