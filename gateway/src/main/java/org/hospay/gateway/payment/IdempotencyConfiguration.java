package org.hospay.gateway.payment;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the command edge to its two ports: the Redis lock and the idempotency table. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    @Bean
    IdempotentCommands idempotentCommands(IdempotencyLocks locks, PaymentRepository store) {
        return new IdempotentCommands(locks, (terminalId, scope, key) -> store.findIdempotency(terminalId, scope, key)
                .map(row -> new IdempotentCommands.StoredKey(row.requestHash(), row.resourceId())));
    }
}
