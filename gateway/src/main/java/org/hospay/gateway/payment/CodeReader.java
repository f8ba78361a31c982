package org.hospay.gateway.payment;

import reactor.core.publisher.Mono;

/** Turns a raw scan into a {@link PaymentSource}: parsing and verification, then the single-use claim. */
public interface CodeReader {

    /**
     * Parses and verifies (signature, expiry) a scanned code; a code that cannot pay becomes an
     * {@code ApiException} 400 ({@code INVALID_CODE}, {@code CODE_EXPIRED}, ...). Pure CPU, no I/O.
     */
    PaymentSource read(String raw);

    /** Claims the code's single-use nonce (insurance codes); completes with false when it was used before. */
    Mono<Boolean> claim(PaymentSource source);

    /** Gives a claimed nonce back when the request it was claimed for wrote nothing. */
    Mono<Void> release(PaymentSource source);
}
