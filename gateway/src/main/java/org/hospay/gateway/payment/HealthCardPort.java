package org.hospay.gateway.payment;

import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * The region's e-health card service (电子健康卡), in the engine's terms: whose card a scanned e-health QR code is.
 * A query; never throws. Implemented in package {@code channel}.
 */
public interface HealthCardPort {

    /** The card holder's resident ID number (never log it), or Declined {@code CARD_NOT_FOUND}, {@code QR_EXPIRED}, .... */
    Mono<Outcome<String>> idNumberOf(String qrCode);
}
