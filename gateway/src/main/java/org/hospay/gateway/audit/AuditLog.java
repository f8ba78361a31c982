package org.hospay.gateway.audit;

import java.util.function.Function;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The append-only audit trail ({@code audit_event}, docs/api.md §3.3): who (terminal and operator, or a
 * mini-program user), when, which action on which resource, and how it ended. Rows are only inserted; the
 * database refuses to change or delete them.
 *
 * <p>An audit row is written after the action, with its outcome. Failing to write one never undoes or fails the
 * action (the money has moved by then); it is logged at ERROR with everything the row would have held.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** Who acted: a terminal (and the operator who signed, if any) of a hospital, a mini-program user, or the administrator. */
    public record Actor(String hospitalId, String terminalId, String operatorId, String userId) {
        public static Actor terminal(String hospitalId, String terminalId, String operatorId) {
            return new Actor(hospitalId, terminalId, operatorId, null);
        }

        public static Actor user(String hospitalId, String userId) {
            return new Actor(hospitalId, null, null, userId);
        }

        /** The holder of the admin token (management port): terminal administration, re-sealing. */
        public static Actor admin() {
            return new Actor(null, null, null, "admin");
        }
    }

    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    /** Records one action; completes empty, also when the row could not be written (logged). */
    public Mono<Void> record(Actor actor, String action, String resourceId, String outcome) {
        var spec = db.sql("""
                INSERT INTO audit_event (hospital_id, terminal_id, operator_id, user_id, action, resource_id, outcome)
                VALUES (:hospital, :terminal, :operator, :user, :action, :resource, :outcome)""")
                .bind("action", action)
                .bind("outcome", truncate(outcome, 64));
        spec = bindOrNull(spec, "hospital", actor.hospitalId());
        spec = bindOrNull(spec, "terminal", actor.terminalId());
        spec = bindOrNull(spec, "operator", actor.operatorId());
        spec = bindOrNull(spec, "user", truncate(actor.userId(), 128));
        spec = bindOrNull(spec, "resource", truncate(resourceId, 64));
        return spec.then().onErrorResume(e -> {
            log.error("audit row not written: {} {} by {} -> {} ({})", action, resourceId, actor, outcome, e.toString());
            return Mono.empty();
        });
    }

    /**
     * Runs {@code action} and records it: on success with the resource and outcome read from the answer, on
     * failure with the error's code (no resource unless {@code knownResource} names one). The answer or the
     * error is passed on unchanged.
     */
    public <T> Mono<T> audited(Actor actor, String action, String knownResource, Mono<T> work,
                               Function<T, String> resourceOf, Function<T, String> outcomeOf) {
        return work
                .flatMap(answer -> record(actor, action, orElse(resourceOf.apply(answer), knownResource), outcomeOf.apply(answer))
                        .thenReturn(answer))
                .onErrorResume(e -> record(actor, action, knownResource, outcomeOf(e)).then(Mono.<T>error(e)));
    }

    static String outcomeOf(Throwable e) {
        return e instanceof ApiException api ? api.code() : "ERROR";
    }

    private static String orElse(String a, String b) {
        return a != null ? a : b;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static DatabaseClient.GenericExecuteSpec bindOrNull(DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }
}
