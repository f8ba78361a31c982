package org.hospay.gateway.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import org.springframework.stereotype.Component;

/**
 * The first stages of a payment: who the patient is at the insurance platform (1101), the
 * pre-settlement (2201/2204/2206: fund, personal account and cash parts, the pooling rules applied
 * by the platform), the commercial insurer's pre-calculation on the cash part (direct pay, 商保直付),
 * and the legs that follow from them and from what was presented. Moves no money; a refusal here
 * fails the payment with nothing to undo.
 *
 * <p>Commercial direct pay: while the platform pre-settles, the insurer is asked whether the patient (name and ID
 * number: the card holder's, or the 1101 answer's) holds a policy; after a pre-settlement with a cash part, a
 * policy holder's insurer is asked what it would pay of it. Payable →
 * a COMMERCIAL leg of that amount and a self-pay leg of the rest (none if 0). No policy, nothing
 * payable → no commercial leg, nothing shown. No answer (outage, timeout, open circuit) → with
 * {@code on-unavailable: SELF_PAY} the patient pays the whole cash part and the payment shows
 * {@code commercial.status: UNAVAILABLE}; with {@code WAIT} the payment fails ({@code COMMERCIAL_UNAVAILABLE}).
 */
@Component
class Planner {

    /** 1101 refusals that mean "not insured here": a card holder pays the whole bill themselves. */
    private static final Set<String> UNINSURED = Set.of("PERSON_NOT_FOUND", "NOT_INSURED");

    /** The insurer's answers that mean "no direct pay for this bill": no commercial part, nothing shown. */
    private static final Set<String> NOT_COVERED = Set.of("POLICY_NOT_FOUND", "NOT_COVERED", "LIMIT_EXHAUSTED");

    /** The commercial leg's channel (its schedule: hospay.engine.schedules.COMMERCIAL). */
    static final String COMMERCIAL = "COMMERCIAL";

    private static final Logger log = LoggerFactory.getLogger(Planner.class);

    private final PaymentRepository repo;
    private final InsurancePort insurance;
    private final PaymentEvents events;
    private final CommercialPort commercial;
    private final CommercialProperties commercialProps;
    private final InsuredSeal seal;

    Planner(PaymentRepository repo, InsurancePort insurance, PaymentEvents events, CommercialPort commercial,
            CommercialProperties commercialProps, InsuredSeal seal) {
        this.repo = repo;
        this.insurance = insurance;
        this.events = events;
        this.commercial = commercial;
        this.commercialProps = commercialProps;
        this.seal = seal;
    }

    /**
     * The failure code for a declined insurance call: {@code rejected}, unless the platform was never asked (no
     * connection free in time, or not reachable: nothing was sent), which is {@code INSURANCE_CHANNEL_BUSY} /
     * {@code INSURANCE_CHANNEL_UNAVAILABLE} as for a settlement leg, so the window says "try again" rather than
     * "the patient was refused".
     */
    static String insuranceDecline(String rejected, Outcome.Declined<?> d) {
        return DeclineCodes.CHANNEL_BUSY.equals(d.code()) || DeclineCodes.CHANNEL_UNAVAILABLE.equals(d.code())
                ? "INSURANCE_" + d.code() : rejected;
    }

    /**
     * What the engine does with legs planned at LEGS_SENT: the send operation of each when it sends them all at once
     * right after their plan (their intents are then written with it), or null when it does not.
     */
    @FunctionalInterface
    interface Intents {
        List<String> operations(List<LegRow> legs);
    }

    /**
     * The person look-up (1101) a payment's plan starts with, or null when it starts otherwise (a payment code, an
     * inpatient bill). It moves no money and writes nothing, so it may leave before the payment's row is stored.
     */
    Mono<Outcome<InsurancePort.Person>> lookUp(Bill bill, PaymentSource source) {
        if (bill.medType() == Bill.MedType.INPATIENT) return null;
        return switch (source) {
            case PaymentSource.Insured insured -> insurance.identify(insured.certType(), insured.certNo());
            case PaymentSource.Card card -> insurance.identify(InsurancePort.CertType.ID_NUMBER, card.idNo());
            case PaymentSource.ChannelCode code -> null;
            case PaymentSource.Phone phone -> null;
        };
    }

    /**
     * Plans the legs of a payment just created; the state is LEGS_SENT (planned in the same write as the move to
     * it: the legs go out next, their intents written with the plan when {@code intents} names their operations),
     * AWAITING_CODE, or DONE (failed).
     */
    Mono<PaymentState> plan(PaymentRow p, Bill bill, PaymentSource source, Intents intents) {
        return plan(p, bill, source, intents, lookUp(bill, source));
    }

    /** {@link #plan} with its {@link #lookUp} already under way ({@code lookUp}: its answer, cached). */
    Mono<PaymentState> plan(PaymentRow p, Bill bill, PaymentSource source, Intents intents, Mono<Outcome<InsurancePort.Person>> lookUp) {
        if (bill.medType() == Bill.MedType.INPATIENT) return inpatient(p, source, intents);
        return switch (source) {
            case PaymentSource.ChannelCode code -> selfPayOnly(p, code.method(), intents);
            case PaymentSource.Insured insured -> lookUp
                    .flatMap(identified -> switch (identified) {
                        case Outcome.Succeeded<InsurancePort.Person> s -> preSettle(p, bill, insured, s.value(), intents);
                        case Outcome.Declined<InsurancePort.Person> d -> fail(p, insuranceDecline("INSURANCE_IDENTITY_REJECTED", d), d.message());
                        case Outcome.Pending<InsurancePort.Person> x -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) did not answer");
                        case Outcome.Unknown<InsurancePort.Person> u -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) failed: " + u.cause());
                    });
            case PaymentSource.Card card -> lookUp
                    .flatMap(identified -> switch (identified) {
                        case Outcome.Succeeded<InsurancePort.Person> s -> preSettle(p, bill, card.insured(), s.value(), intents);
                        case Outcome.Declined<InsurancePort.Person> d -> UNINSURED.contains(d.code())
                                ? selfPayOnly(p, card.method(), intents)
                                : fail(p, insuranceDecline("INSURANCE_IDENTITY_REJECTED", d), d.message());
                        case Outcome.Pending<InsurancePort.Person> x -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) did not answer");
                        case Outcome.Unknown<InsurancePort.Person> u -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) failed: " + u.cause());
                    });
            case PaymentSource.Phone phone -> Mono.error(new IllegalStateException("a phone payment is planned by PhonePlanner"));
        };
    }

    /** Inpatient money (a deposit, a discharge shortfall): one self-pay leg on what was presented, no outpatient settlement. */
    private Mono<PaymentState> inpatient(PaymentRow p, PaymentSource source, Intents intents) {
        return switch (source) {
            case PaymentSource.ChannelCode code -> selfPayOnly(p, code.method(), intents);
            case PaymentSource.Insured insured -> insured.authorisesSelfPay() ? selfPayOnly(p, insured.method(), intents)
                    : fail(p, "PAYMENT_CODE_REQUIRED", "an e-voucher without a payment authorisation cannot pay a deposit; scan a payment code");
            case PaymentSource.Card card -> selfPayOnly(p, SelfPayMethod.FAMILY_PROXY, intents);
            case PaymentSource.Phone phone -> fail(p, "SOURCE_NOT_SUPPORTED", "deposits are not paid from the phone");
        };
    }

    private Mono<PaymentState> selfPayOnly(PaymentRow p, SelfPayMethod method, Intents intents) {
        LegRow self = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, method.name(), p.totalFen(), PaymentEngine.outTradeNo(p.paymentId()));
        return toBeSent(p, null, null, 0, 0, p.totalFen(), method.name(), List.of(self), null, intents);
    }

    /** The plan at LEGS_SENT, with its legs' intents when the engine sends them all at once next. */
    private Mono<PaymentState> toBeSent(PaymentRow p, InsurancePort.Person person, InsurancePort.PreSettlement pre, long fundFen,
                                        long accountFen, long selfFen, String method, List<LegRow> legs,
                                        PaymentRow.Commercial commercialPart, Intents intents) {
        List<String> operations = intents.operations(legs);
        if (operations == null) {
            return repo.presettled(p.paymentId(), person, pre, fundFen, accountFen, selfFen, method, legs,
                            PaymentStatus.PROCESSING, Stage.LEGS_SENT, commercialPart)
                    .map(row -> new PaymentState(row, legs));
        }
        return repo.presettledAndSent(p.paymentId(), person, pre, fundFen, accountFen, selfFen, method, legs, commercialPart, operations)
                .map(planned -> new PaymentState(planned.payment(), planned.sent().stream().map(PaymentRepository.Sent::leg).toList(),
                        planned.sent().stream().collect(Collectors.toMap(x -> x.leg().legId(), PaymentRepository.Sent::attemptId))));
    }

    private Mono<PaymentState> preSettle(PaymentRow p, Bill bill, PaymentSource.Insured insured, InsurancePort.Person person,
                                         Intents intents) {
        var request = new InsurancePort.PreSettleRequest(person, insured.certType(), insured.certNo(), bill.billNo(),
                PaymentEngine.visitNo(p.paymentId()), bill.medType(), bill.items(), bill.total());
        // The policy look-up needs only the person, so it runs beside 2201-2206 (zip subscribes to both at once).
        return Mono.zip(insurance.preSettle(request), policy(insured, person)).flatMap(t -> switch (t.getT1()) {
            case Outcome.Succeeded<InsurancePort.PreSettlement> s -> presettled(p, bill, insured, person, s.value(), t.getT2(), intents);
            case Outcome.Declined<InsurancePort.PreSettlement> d -> fail(p, insuranceDecline("INSURANCE_REJECTED", d), d.message());
            case Outcome.Pending<InsurancePort.PreSettlement> x -> fail(p, "INSURANCE_UNAVAILABLE", "pre-settlement (2206) did not answer");
            case Outcome.Unknown<InsurancePort.PreSettlement> u -> fail(p, "INSURANCE_UNAVAILABLE", "pre-settlement (2206) failed: " + u.cause());
        });
    }

    /** A pre-settlement whose parts add up to the bill: the commercial part on its cash part, then the legs. */
    private Mono<PaymentState> presettled(PaymentRow p, Bill bill, PaymentSource.Insured insured, InsurancePort.Person person,
                                          InsurancePort.PreSettlement pre, PolicyCheck policy, Intents intents) {
        Money parts = pre.fundPay().plus(pre.accountPay()).plus(pre.cashPay());
        if (parts.fen() != p.totalFen()) {
            return closeVisit(p, person, pre.mdtrtId()).then(fail(p, "INSURANCE_AMOUNT_MISMATCH", "pre-settlement parts (" + parts
                    + ") do not add up to the bill (" + p.totalFen() + " fen)"));
        }
        return commercialPart(p, bill, policy, pre).flatMap(c -> c.status() == null
                ? closeVisit(p, person, pre.mdtrtId()).then(fail(p, "COMMERCIAL_UNAVAILABLE", c.why()))
                : planLegs(p, insured, person, pre, c.part(), intents));
    }

    /**
     * A failed payment's visit is closed at the platform (2202), so no registration is left open for a visit that will
     * never be settled (docs/architecture.md §4). The platform refuses while a settlement of the visit is still valid (an
     * insurance leg parked for review): that, or no answer, is logged for finance; the payment's outcome stands.
     */
    Mono<Void> closeVisit(PaymentRow p) {
        if (p.status() != PaymentStatus.FAILED || p.mdtrtId() == null || p.psnNo() == null) return Mono.empty();
        return closeVisit(p, new InsurancePort.Person(p.psnNo(), null, p.insutype(), p.insuplcAdmdvs()), p.mdtrtId());
    }

    private Mono<Void> closeVisit(PaymentRow p, InsurancePort.Person person, String mdtrtId) {
        return insurance.cancelVisit(person, mdtrtId, PaymentEngine.visitNo(p.paymentId()))
                .doOnNext(o -> {
                    if (!(o instanceof Outcome.Succeeded<Void>)) log.warn("payment {}: visit {} not closed at the platform (2202): {}",
                            p.paymentId(), mdtrtId, o);
                })
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    /** What the commercial insurer decided: a part (or none), or no status at all when the payment must wait. */
    private record CommercialDecision(PaymentRow.CommercialStatus status, PaymentRow.Commercial part, String why) {
        static final CommercialDecision NONE = new CommercialDecision(PaymentRow.CommercialStatus.ELIGIBLE, null, null);
    }

    /** Whom the commercial insurer was asked about and what it said of their policy; {@code who} null: not asked. */
    private record PolicyCheck(CommercialPort.Insured who, Outcome<CommercialPort.Policy> answer) {
        static final PolicyCheck NOT_ASKED = new PolicyCheck(null, null);
    }

    /**
     * The patient's policy, while commercial direct pay is on and the patient's name and ID number are known: the card
     * holder's ID number is the one presented, an e-voucher's comes from the 1101 answer. Asked for every insured
     * payment, before anyone knows whether there will be a cash part: it costs no more than the pre-calculation it
     * spares the many patients without a policy, and it is off their critical path.
     */
    private Mono<PolicyCheck> policy(PaymentSource.Insured insured, InsurancePort.Person person) {
        if (!commercialProps.enabled()) return Mono.just(PolicyCheck.NOT_ASKED);
        String idNo = insured.certType() == InsurancePort.CertType.ID_NUMBER ? insured.certNo() : person.certNo();
        if (idNo == null || idNo.isBlank() || person.name() == null || person.name().isBlank()) return Mono.just(PolicyCheck.NOT_ASKED);
        var who = new CommercialPort.Insured(person.name(), idNo);
        return commercial.findPolicy(who)
                .map(o -> new PolicyCheck(who, o))
                .onErrorResume(e -> Mono.just(new PolicyCheck(who, Outcome.unknown("policy look-up failed: " + e))));
    }

    /**
     * No policy, a policy whose annual limit is used up, no cash part: nothing to ask. A policy: the pre-calculation on
     * the cash part. No clear answer: unavailable.
     */
    private Mono<CommercialDecision> commercialPart(PaymentRow p, Bill bill, PolicyCheck policy, InsurancePort.PreSettlement pre) {
        if (policy.who() == null || !pre.cashPay().isPositive()) return Mono.just(CommercialDecision.NONE);
        return switch (policy.answer()) {
            case Outcome.Succeeded<CommercialPort.Policy> s -> s.value().remainingLimit().isPositive()
                    ? preCalculate(p, bill, policy.who(), pre) : Mono.just(CommercialDecision.NONE);
            case Outcome.Declined<CommercialPort.Policy> d -> Mono.just(NOT_COVERED.contains(d.code()) ? CommercialDecision.NONE
                    : unavailable(p, "policy look-up refused: " + d.code()));
            case Outcome.Pending<CommercialPort.Policy> x -> Mono.just(unavailable(p, "policy look-up did not answer"));
            case Outcome.Unknown<CommercialPort.Policy> u -> Mono.just(unavailable(p, "policy look-up failed: " + u.cause()));
        };
    }

    private Mono<CommercialDecision> preCalculate(PaymentRow p, Bill bill, CommercialPort.Insured who, InsurancePort.PreSettlement pre) {
        var request = new CommercialPort.ClaimRequest(who, bill.billNo(), bill.total(), pre.fundPay(), pre.accountPay(), bill.items());
        return commercial.preCalculate(request).map(o -> switch (o) {
            case Outcome.Succeeded<CommercialPort.PreCalculation> s -> {
                Money payable = s.value().payable();
                if (!s.value().eligible() || !payable.isPositive()) yield CommercialDecision.NONE;
                if (payable.compareTo(pre.cashPay()) > 0) {
                    yield unavailable(p, "the insurer would pay " + payable + ", more than the cash part " + pre.cashPay());
                }
                yield new CommercialDecision(PaymentRow.CommercialStatus.ELIGIBLE, new PaymentRow.Commercial(commercial.insurer(),
                        PaymentRow.CommercialStatus.ELIGIBLE, payable.fen(), seal.seal(who)), null);
            }
            case Outcome.Declined<CommercialPort.PreCalculation> d -> NOT_COVERED.contains(d.code()) ? CommercialDecision.NONE
                    : unavailable(p, "pre-calculation refused: " + d.code());
            case Outcome.Pending<CommercialPort.PreCalculation> x -> unavailable(p, "pre-calculation did not answer");
            case Outcome.Unknown<CommercialPort.PreCalculation> u -> unavailable(p, "pre-calculation failed: " + u.cause());
        });
    }

    private CommercialDecision unavailable(PaymentRow p, String why) {
        log.warn("payment {}: commercial insurer {} unavailable ({}); {}", p.paymentId(), commercial.insurer(), why,
                commercialProps.onUnavailable() == CommercialProperties.OnUnavailable.WAIT ? "failing the payment" : "the patient pays the residual");
        return commercialProps.onUnavailable() == CommercialProperties.OnUnavailable.WAIT
                ? new CommercialDecision(null, null, "the commercial insurer " + commercial.insurer() + " could not be asked: " + why)
                : new CommercialDecision(PaymentRow.CommercialStatus.UNAVAILABLE,
                        new PaymentRow.Commercial(commercial.insurer(), PaymentRow.CommercialStatus.UNAVAILABLE, 0, null), why);
    }

    private Mono<PaymentState> planLegs(PaymentRow p, PaymentSource.Insured insured, InsurancePort.Person person,
                                        InsurancePort.PreSettlement pre, PaymentRow.Commercial commercialPart, Intents intents) {
        Money insuredPart = pre.fundPay().plus(pre.accountPay());
        long commercialFen = commercialPart == null ? 0 : commercialPart.payFen();
        Money selfPay = pre.cashPay().minus(Money.ofFen(commercialFen));
        List<LegRow> legs = new ArrayList<>(3);
        // Every insured visit is settled, a fund part of 0 too: the platform counts the year's deductible and
        // annual cap from settlements, so a visit left unsettled would never bring the patient closer to pooling.
        legs.add(LegRow.planned(p.paymentId(), LegRow.Kind.INSURANCE, "INSURANCE", insuredPart.fen(), insurance.newMsgId()));
        if (commercialFen > 0) {
            legs.add(LegRow.planned(p.paymentId(), LegRow.Kind.COMMERCIAL, COMMERCIAL, commercialFen, outClaimNo(p.paymentId())));
        }
        boolean cash = selfPay.isPositive();
        boolean needsCode = cash && !insured.authorisesSelfPay();
        if (cash && insured.authorisesSelfPay()) {
            legs.add(LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, insured.method().name(), selfPay.fen(),
                    PaymentEngine.outTradeNo(p.paymentId())));
        }
        String method = cash && insured.authorisesSelfPay() ? insured.method().name() : null;
        if (!needsCode) {
            return toBeSent(p, person, pre, pre.fundPay().fen(), pre.accountPay().fen(), selfPay.fen(), method, legs, commercialPart, intents);
        }
        // A cash part and no payment code yet: planned, waiting for the code (its self-pay leg comes with it).
        return repo.presettled(p.paymentId(), person, pre, pre.fundPay().fen(), pre.accountPay().fen(), selfPay.fen(),
                        method, legs, PaymentStatus.PENDING, Stage.AWAITING_CODE, commercialPart)
                .flatMap(row -> events.awaitingCode(row).thenReturn(row))
                .map(row -> new PaymentState(row, legs));
    }

    /** The commercial claim's number at the insurer (outClaimNo): 'M' + the payment id's 31 last hex digits. */
    static String outClaimNo(java.util.UUID paymentId) {
        return "M" + paymentId.toString().replace("-", "").substring(1);
    }

    private Mono<PaymentState> fail(PaymentRow p, String code, String message) {
        return repo.transition(p.paymentId(), PaymentStatus.FAILED, Stage.DONE, code, message, "failed before any money moved")
                .switchIfEmpty(Mono.defer(() -> repo.find(p.paymentId())))
                .map(row -> new PaymentState(row, List.of()));
    }
}
