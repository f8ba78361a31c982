package org.hospay.gateway.credit;

import java.time.Instant;
import java.util.UUID;
import org.hospay.channels.Outcome;
import org.hospay.channels.bank.CreditBank;
import org.hospay.gateway.payment.InsurancePort;
import org.hospay.gateway.web.ApiException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Enrolment in credit care: the patient (in the mini-program, or at a window) names themselves and their hospital
 * card and consents to the credit agreement with the bank. Refused, with nothing written, when consent is missing,
 * the person is on the black list, the card is not theirs, or the bank does not stand behind them. The line: a
 * white-listed person's without scoring (their listed line, else the maximum); otherwise the larger of the bank's
 * line for the customer's credit-score tier and the line the hospital gives the person's insurance standing
 * (insured type, {@code insured-lines}; personal-account balance, {@code account-tiers}), cut to the hospital's
 * maximum, refused below its minimum.
 */
@Component
class Enrolments {

    static final String BANK_SCORE = "BANK_SCORE";
    static final String WHITE_LIST = "WHITE_LIST";
    static final String INSURANCE = "INSURANCE";

    record Request(String name, String idNo, String cardNo, Boolean consent) {}

    private final CreditStore store;
    private final CreditIdentity identity;
    private final CardRegister register;
    private final CreditBank bank;
    private final CreditProperties props;
    private final CreditClock clock;
    private final InsurancePort insurance;

    Enrolments(CreditStore store, CreditIdentity identity, CardRegister register, CreditBank bank, CreditProperties props, CreditClock clock,
               InsurancePort insurance) {
        this.insurance = insurance;
        this.store = store;
        this.identity = identity;
        this.register = register;
        this.bank = bank;
        this.props = props;
        this.clock = clock;
    }

    Mono<Account> enrol(String hospitalId, String userId, Request r) {
        return Mono.defer(() -> {
            if (r == null) throw ApiException.badRequest("INVALID_REQUEST", "name, idNo, cardNo and consent are required");
            String name = CreditIdentity.name(r.name());
            String idNo = identity.idNumber(r.idNo());
            String cardNo = identity.cardNo(r.cardNo());
            if (!Boolean.TRUE.equals(r.consent())) {
                throw ApiException.badRequest("CONSENT_REQUIRED", "enrolment needs the patient's explicit consent to the credit agreement (consent: true)");
            }
            String hash = identity.hash(idNo);
            return store.account(hospitalId, cardNo)
                    .flatMap(existing -> Mono.<Account>error(ApiException.conflict("CREDIT_ALREADY_ENROLLED", "this card is already enrolled")))
                    .switchIfEmpty(Mono.defer(() -> store.listed(hospitalId, identity.candidates(idNo))
                            .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                            .flatMap(listed -> {
                                if (listed.isPresent() && listed.get().kind().equals("BLACK")) {
                                    return Mono.error(ApiException.unprocessable("CREDIT_BLACKLISTED",
                                            "the hospital refuses credit to this person: " + listed.get().reason()));
                                }
                                return verifyCard(cardNo, name, idNo)
                                        .then(bank.customerStatus(idNo, name))
                                        .zipWith(insuredLine(idNo))
                                        .flatMap(t -> open(hospitalId, userId, idNo, hash, cardNo, t.getT1(), listed.orElse(null), t.getT2()));
                            })));
        });
    }

    private Mono<Void> verifyCard(String cardNo, String name, String idNo) {
        return register.verify(cardNo, name, idNo).flatMap(verdict -> switch (verdict) {
            case "MATCH" -> Mono.empty();
            case "UNAVAILABLE" -> Mono.error(ApiException.unavailable("HOSPITAL_RECORDS_UNAVAILABLE",
                    "the hospital's patient index did not answer; nothing was written, try again"));
            default -> Mono.error(ApiException.unprocessable("CARD_NOT_VERIFIED",
                    "the hospital's records do not give this card to this person (" + verdict + ")"));
        });
    }

    /**
     * The line insurance standing gives (1101: the insured type and the personal account's balance); 0 when not
     * insured, not configured or no answer.
     */
    private Mono<Long> insuredLine(String idNo) {
        if (props.insuredLines().isEmpty() && props.accountTiers().isEmpty()) return Mono.just(0L);
        return insurance.identify(InsurancePort.CertType.ID_NUMBER, idNo)
                .map(o -> o instanceof Outcome.Succeeded<InsurancePort.Person> s
                        ? props.insuredLine(s.value().insutype(), s.value().accountBalance() == null ? 0 : s.value().accountBalance().fen())
                        : 0L)
                .onErrorReturn(0L);
    }

    private Mono<Account> open(String hospitalId, String userId, String idNo, String hash, String cardNo,
                               Outcome<CreditBank.CustomerStatus> standing, CreditStore.ListEntry listed, long insuredLine) {
        CreditBank.CustomerStatus customer = switch (standing) {
            case Outcome.Succeeded<CreditBank.CustomerStatus> s -> s.value();
            case Outcome.Declined<CreditBank.CustomerStatus> d -> throw "NO_SUCH_CUSTOMER".equals(d.code())
                    ? ApiException.unprocessable("CREDIT_NO_BANK_ACCOUNT", "the bank has no account for this person to repay from")
                    : ApiException.unavailable("BANK_UNAVAILABLE", "the bank refused the look-up (" + d.code() + "); nothing was written");
            case Outcome.Pending<CreditBank.CustomerStatus> p -> throw ApiException.unavailable("BANK_UNAVAILABLE", "the bank did not answer");
            case Outcome.Unknown<CreditBank.CustomerStatus> u -> throw ApiException.unavailable("BANK_UNAVAILABLE", "the bank did not answer");
        };
        if (customer.state() != CreditBank.CustomerState.ACTIVE) {
            throw ApiException.unprocessable("CREDIT_REFUSED_BY_BANK", "the bank's account is " + customer.state());
        }
        String tier;
        long line;
        if (listed != null) {
            tier = WHITE_LIST;
            line = listed.lineFen() == null ? props.maxLineFen() : Math.min(props.maxLineFen(), Math.max(props.minLineFen(), listed.lineFen()));
        } else {
            if (customer.overdueCount() >= props.blacklistAt()) {
                throw ApiException.unprocessable("CREDIT_REFUSED_BY_BANK", "the bank reports " + customer.overdueCount() + " overdue repayments");
            }
            long bankLine = customer.creditLine().fen();
            tier = insuredLine > bankLine ? INSURANCE : BANK_SCORE;
            line = Math.min(props.maxLineFen(), Math.max(bankLine, insuredLine));
            if (line < props.minLineFen()) {
                throw ApiException.unprocessable("CREDIT_LINE_TOO_LOW", "the line for this person (bank " + bankLine + " fen, insurance "
                        + insuredLine + " fen) is below the hospital's minimum of " + props.minLineFen() + " fen");
            }
        }
        Instant now = clock.clock().instant();
        Account a = new Account(UUID.randomUUID(), hospitalId, cardNo, userId, identity.seal(idNo), hash, CreditIdentity.mask(idNo),
                customer.customerNo(), tier, line, 0, Account.ACTIVE, null, 0, 0, now, now);
        return store.insert(a).onErrorMap(org.springframework.dao.DataIntegrityViolationException.class,
                e -> ApiException.conflict("CREDIT_ALREADY_ENROLLED", "this card is already enrolled"));
    }
}
