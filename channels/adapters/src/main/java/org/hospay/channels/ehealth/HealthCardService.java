package org.hospay.channels.ehealth;

import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * The region's e-health card service (电子健康卡, run for the health commission): the QR code a patient shows is
 * checked there and answers who the card belongs to. A query: it moves no money and may be retried. Never throws:
 * an unknown card is {@code Declined(CARD_NOT_FOUND)}, an expired or malformed code {@code Declined(QR_EXPIRED |
 * QR_INVALID)}, no answer {@code Unknown}.
 */
public interface HealthCardService {

    /** POST the QR text as scanned → the holder. */
    Mono<Outcome<Holder>> check(String qrCode);

    /** The card's holder. {@code idNumber} is sensitive: never log it ({@link #toString()} leaves it out). */
    record Holder(String ecardId, String name, String idType, String idNumber) {

        @Override
        public String toString() {
            return "Holder[ecardId=" + ecardId + ", idType=" + idType + "]";
        }
    }
}
