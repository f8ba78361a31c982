package org.hospay.gateway.payment;

import reactor.core.publisher.Mono;

/** Turns a raw scan into a {@link PaymentSource}: parsing and verification, then the single-use claim. */
public interface CodeReader {

    /**
     * Parses and verifies (signature, expiry) a scanned code; a code that cannot pay becomes an
     * {@code ApiException} 400 ({@code INVALID_CODE}, {@code CODE_EXPIRED}, ...). Pure CPU, no I/O.
     */
    PaymentSource read(String raw);

    /**
     * Whether the scan is an e-health card QR code (电子健康卡): its masked rendering, empty for any other scan. An
     * e-health code that is expired or malformed is an {@code ApiException} 400. Pure CPU; the card's holder is
     * asked of the region's service ({@link HealthCardPort}) by the caller.
     */
    java.util.Optional<String> healthCard(String raw);

    /** Claims the code's single-use nonce (insurance codes); completes with false when it was used before. */
    Mono<Boolean> claim(PaymentSource source);

    /** Gives a claimed nonce back when the request it was claimed for wrote nothing. */
    Mono<Void> release(PaymentSource source);
}
