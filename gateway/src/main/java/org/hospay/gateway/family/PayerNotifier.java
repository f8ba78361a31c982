package org.hospay.gateway.family;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Delivers a message to a payer (a WeChat subscription message, an Alipay notice or an SMS in a real
 * deployment; the simulator's message box here). Completes when the receiver took it; errors otherwise, and
 * the outbox relay tries again later with the same {@code messageId}, which receivers use to ignore repeats.
 */
interface PayerNotifier {

    record Message(String messageId, String payerId, String kind, Map<String, Object> payload) {}

    Mono<Void> send(Message message);
}
