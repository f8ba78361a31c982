package org.hospay.gateway.family;

import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.InsurancePort;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Verifies a patient a payer names (name + identity number + hospital card) before anything is written:
 * the hospital's patient index must hold the card for this identity number and this name, and, when the
 * insurance platform knows the person (1101 by identity number), its name must match too. Each failure is
 * its own 4xx code; the checks that need no I/O (format, check digit) run first.
 */
@Component
class PatientVerifier {

    private static final Logger log = LoggerFactory.getLogger(PatientVerifier.class);

    /** A verified patient; {@code insured}: the platform knows them (null when it could not say). */
    record Verified(String name, String idNo, String cardNo, Boolean insured) {}

    private final Identities identities;
    private final HospitalRecords records;
    private final InsurancePort insurance;

    PatientVerifier(Identities identities, HospitalRecords records, InsurancePort insurance) {
        this.identities = identities;
        this.records = records;
        this.insurance = insurance;
    }

    Mono<Verified> verify(String rawName, String rawIdNo, String rawCardNo) {
        return Mono.defer(() -> {
            String name = Identities.name(rawName);
            String idNo = identities.idNumber(rawIdNo);
            String cardNo = identities.cardNo(rawCardNo);
            return records.verify(cardNo, name, idNo).flatMap(answer -> switch (answer) {
                case Outcome.Succeeded<HospitalRecords.Verdict> s -> switch (s.value()) {
                    case MATCH -> insuranceName(name, idNo).map(insured -> new Verified(name, idNo, cardNo, insured.orElse(null)));
                    case NAME_MISMATCH -> Mono.error(unprocessable("NAME_MISMATCH",
                            "the name does not match the hospital's record of this card's holder"));
                    case CARD_OF_ANOTHER_PERSON -> Mono.error(unprocessable("CARD_HOLDER_MISMATCH",
                            "this hospital card belongs to someone else than the identity number given"));
                    case CARD_NOT_FOUND -> Mono.error(unprocessable("CARD_NOT_FOUND", "the hospital has no card with this number"));
                    case UNRECOGNIZED -> Mono.error(unavailable());
                };
                case Outcome.Declined<HospitalRecords.Verdict> d -> {
                    log.warn("patient verification: hospital records refused ({}: {})", d.code(), d.message());
                    yield Mono.error(unavailable());
                }
                case Outcome.Pending<HospitalRecords.Verdict> p -> Mono.error(unavailable());
                case Outcome.Unknown<HospitalRecords.Verdict> u -> {
                    log.warn("patient verification: hospital records did not answer ({})", u.cause());
                    yield Mono.error(unavailable());
                }
            });
        });
    }

    /** Insured (and the platform's name matches), not insured, or empty when the platform could not say. */
    private Mono<java.util.Optional<Boolean>> insuranceName(String name, String idNo) {
        return insurance.identify(InsurancePort.CertType.ID_NUMBER, idNo).flatMap(o -> switch (o) {
            case Outcome.Succeeded<InsurancePort.Person> s -> s.value().name() == null || s.value().name().isEmpty() || s.value().name().equals(name)
                    ? Mono.just(java.util.Optional.of(Boolean.TRUE))
                    : Mono.error(unprocessable("NAME_MISMATCH", "the name does not match the insurance platform's record of this identity number"));
            case Outcome.Declined<InsurancePort.Person> d -> Mono.just("PERSON_NOT_FOUND".equals(d.code()) || "NOT_INSURED".equals(d.code())
                    ? java.util.Optional.of(Boolean.FALSE) : java.util.Optional.<Boolean>empty());
            case Outcome.Pending<InsurancePort.Person> p -> Mono.just(java.util.Optional.<Boolean>empty());
            case Outcome.Unknown<InsurancePort.Person> u -> Mono.just(java.util.Optional.<Boolean>empty());
        });
    }

    private static ApiException unprocessable(String code, String message) {
        return ApiException.unprocessable(code, message);
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("VERIFICATION_UNAVAILABLE",
                "the hospital's patient records cannot be reached right now; try again shortly");
    }
}
