package org.hospay.gateway.payment;

import org.hospay.channels.Outcome;
import org.hospay.gateway.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * An e-health card QR code (电子健康卡) as a payment source: the region's service says whose card it is, and the holder
 * is then identified to the insurance platform by their ID number (1101, cert type 02) as an ID card is; the self-pay
 * part waits for a payment code (docs/api.md §6.1). Nothing is written before the holder is known: an unknown card is
 * 422 {@code EHEALTH_CARD_UNKNOWN}, an expired or malformed code 400, no answer 503 {@code EHEALTH_CARD_UNAVAILABLE}.
 */
final class HealthCards {

    static final String KIND = "EHEALTH_CARD";

    private HealthCards() {}

    static Mono<PaymentSource> source(HealthCardPort port, String qrCode, String masked) {
        return port.idNumberOf(qrCode).map(o -> switch (o) {
            case Outcome.Succeeded<String> s -> new PaymentSource.Insured(KIND, InsurancePort.CertType.ID_NUMBER, s.value(), masked,
                    null, null, null, null, null);
            case Outcome.Declined<String> d -> throw switch (d.code()) {
                case "CARD_NOT_FOUND" -> ApiException.unprocessable("EHEALTH_CARD_UNKNOWN",
                        "the e-health card service knows no such card; ask the patient for the insurance e-voucher");
                case "QR_EXPIRED" -> ApiException.badRequest("CODE_EXPIRED", "the e-health card code has expired; ask the patient to refresh it");
                case "QR_INVALID" -> ApiException.badRequest("INVALID_CODE", "the e-health card service does not read this code");
                default -> unavailable(d.code());
            };
            case Outcome.Pending<String> p -> throw unavailable("no answer");
            case Outcome.Unknown<String> u -> throw unavailable("no answer");
        });
    }

    private static ApiException unavailable(String why) {
        return ApiException.unavailable("EHEALTH_CARD_UNAVAILABLE", "the e-health card service cannot say whose card this is right now ("
                + why + "); retry, or scan the insurance e-voucher");
    }
}
