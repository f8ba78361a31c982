package org.hospay.gateway.family;

import org.hospay.channels.Outcome;
import org.hospay.code.Masking;
import org.hospay.gateway.limits.RateLimits;
import org.hospay.gateway.payment.InsurancePort;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Verifies a patient a payer names (name + identity number + hospital card) before anything is written:
 * the hospital's patient index must hold the card for this identity number and this name, and, when the
 * insurance platform knows the person (1101 by identity number), its name must match too. The checks that
 * need no I/O (format, check digit) run first, each with its own 400 code.
 *
 * <p>Every identity mismatch (no such card, someone else's card, another name at the hospital or at the
 * platform) is the same 422 {@code PATIENT_NOT_VERIFIED} with the same message, so the answers cannot be used
 * to learn whose card a number is or which name goes with it; the log keeps which one it was. Each verification
 * that asks the hospital and the platform takes a token per user and per card first ({@link RateLimits}).
 */
@Component
class PatientVerifier {

    private static final Logger log = LoggerFactory.getLogger(PatientVerifier.class);

    /** A verified patient; {@code insured}: the platform knows them (null when it could not say). */
    record Verified(String name, String idNo, String cardNo, Boolean insured) {}

    private final Identities identities;
    private final HospitalRecords records;
    private final InsurancePort insurance;
    private final RateLimits limits;

    PatientVerifier(Identities identities, HospitalRecords records, InsurancePort insurance, RateLimits limits) {
        this.identities = identities;
        this.records = records;
        this.insurance = insurance;
        this.limits = limits;
    }

    /** {@code userId}: the mini-program user asking, whose verifications are rate-limited. */
    Mono<Verified> verify(String userId, String rawName, String rawIdNo, String rawCardNo) {
        return Mono.defer(() -> {
            String name = Identities.name(rawName);
            String idNo = identities.idNumber(rawIdNo);
            String cardNo = identities.cardNo(rawCardNo);
            return limits.verification(userId, cardNo).then(Mono.defer(() -> records.verify(cardNo, name, idNo))).flatMap(answer -> switch (answer) {
                case Outcome.Succeeded<HospitalRecords.Verdict> s -> switch (s.value()) {
                    case MATCH -> insuranceName(name, idNo, cardNo).map(insured -> new Verified(name, idNo, cardNo, insured.orElse(null)));
                    case NAME_MISMATCH -> Mono.error(notVerified("the hospital's record of the card's holder has another name", cardNo));
                    case CARD_OF_ANOTHER_PERSON -> Mono.error(notVerified("the card belongs to another identity number", cardNo));
                    case CARD_NOT_FOUND -> Mono.error(notVerified("the hospital has no such card", cardNo));
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
    private Mono<java.util.Optional<Boolean>> insuranceName(String name, String idNo, String cardNo) {
        return insurance.identify(InsurancePort.CertType.ID_NUMBER, idNo).flatMap(o -> switch (o) {
            case Outcome.Succeeded<InsurancePort.Person> s -> s.value().name() == null || s.value().name().isEmpty() || s.value().name().equals(name)
                    ? Mono.just(java.util.Optional.of(Boolean.TRUE))
                    : Mono.error(notVerified("the insurance platform has another name for the identity number", cardNo));
            case Outcome.Declined<InsurancePort.Person> d -> Mono.just("PERSON_NOT_FOUND".equals(d.code()) || "NOT_INSURED".equals(d.code())
                    ? java.util.Optional.of(Boolean.FALSE) : java.util.Optional.<Boolean>empty());
            case Outcome.Pending<InsurancePort.Person> p -> Mono.just(java.util.Optional.<Boolean>empty());
            case Outcome.Unknown<InsurancePort.Person> u -> Mono.just(java.util.Optional.<Boolean>empty());
        });
    }

    static final String NOT_VERIFIED = "PATIENT_NOT_VERIFIED";

    /** The one answer to every identity mismatch; {@code cause} goes to the log only. */
    private static ApiException notVerified(String cause, String cardNo) {
        log.info("patient verification refused for card {}: {}", Masking.mask(cardNo), cause);
        return ApiException.unprocessable(NOT_VERIFIED,
                "the name, identity number and hospital card given do not match the hospital's records of one patient");
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("VERIFICATION_UNAVAILABLE",
                "the hospital's patient records cannot be reached right now; try again shortly");
    }
}
