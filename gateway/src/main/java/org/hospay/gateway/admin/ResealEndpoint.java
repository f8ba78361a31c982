package org.hospay.gateway.admin;

import java.util.Map;
import org.hospay.gateway.audit.AuditLog;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The re-seal command ({@code infra/reseal}): {@code POST /actuator/reseal} on the management port, behind the
 * admin token, seals every value at rest again under the current master key ({@link Resealer}) and answers
 * how many per column. Audited.
 */
@Component
@Endpoint(id = "reseal")
class ResealEndpoint {

    private final Resealer resealer;
    private final AuditLog audit;

    ResealEndpoint(Resealer resealer, AuditLog audit) {
        this.resealer = resealer;
        this.audit = audit;
    }

    @WriteOperation
    Mono<Map<String, Long>> reseal() {
        return audit.audited(AuditLog.Actor.admin(), "MASTER_KEY_RESEAL", null, resealer.resealAll(), m -> null,
                m -> "RESEALED " + m.values().stream().mapToLong(Long::longValue).sum());
    }
}
