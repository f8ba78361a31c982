package org.hospay.gateway.payment;

import reactor.core.publisher.Mono;

/** What the engine tells the window a payment came from (the window console's live view). */
public interface PaymentEvents {

    Mono<Void> pending(PaymentRow payment, String why);

    Mono<Void> awaitingCode(PaymentRow payment);

    Mono<Void> succeeded(PaymentRow payment);

    Mono<Void> failed(PaymentRow payment);
}
