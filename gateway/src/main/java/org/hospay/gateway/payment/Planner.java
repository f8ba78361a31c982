package org.hospay.gateway.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;
import org.springframework.stereotype.Component;

/**
 * The first stages of a payment: who the patient is at the insurance platform (1101), the
 * pre-settlement (2201/2204/2206: fund, personal account and cash parts, the pooling rules applied
 * by the platform), and the legs that follow from it and from what was presented. Moves no money;
 * a refusal here fails the payment with nothing to undo.
 */
@Component
class Planner {

    /** 1101 refusals that mean "not insured here": a card holder pays the whole bill themselves. */
    private static final Set<String> UNINSURED = Set.of("PERSON_NOT_FOUND", "NOT_INSURED");

    private final PaymentRepository repo;
    private final InsurancePort insurance;
    private final PaymentEvents events;

    Planner(PaymentRepository repo, InsurancePort insurance, PaymentEvents events) {
        this.repo = repo;
        this.insurance = insurance;
        this.events = events;
    }

    /** Plans the legs of a payment just created; the state is PRESETTLED, AWAITING_CODE, or DONE (failed). */
    Mono<PaymentState> plan(PaymentRow p, Bill bill, PaymentSource source) {
        return switch (source) {
            case PaymentSource.ChannelCode code -> selfPayOnly(p, code.method());
            case PaymentSource.Insured insured -> insurance.identify(insured.certType(), insured.certNo())
                    .flatMap(identified -> switch (identified) {
                        case Outcome.Succeeded<InsurancePort.Person> s -> preSettle(p, bill, insured, s.value());
                        case Outcome.Declined<InsurancePort.Person> d -> fail(p, "INSURANCE_IDENTITY_REJECTED", d.message());
                        case Outcome.Pending<InsurancePort.Person> x -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) did not answer");
                        case Outcome.Unknown<InsurancePort.Person> u -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) failed: " + u.cause());
                    });
            case PaymentSource.Card card -> insurance.identify(InsurancePort.CertType.ID_NUMBER, card.idNo())
                    .flatMap(identified -> switch (identified) {
                        case Outcome.Succeeded<InsurancePort.Person> s -> preSettle(p, bill, card.insured(), s.value());
                        case Outcome.Declined<InsurancePort.Person> d -> UNINSURED.contains(d.code())
                                ? selfPayOnly(p, SelfPayMethod.FAMILY_PROXY)
                                : fail(p, "INSURANCE_IDENTITY_REJECTED", d.message());
                        case Outcome.Pending<InsurancePort.Person> x -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) did not answer");
                        case Outcome.Unknown<InsurancePort.Person> u -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) failed: " + u.cause());
                    });
        };
    }

    private Mono<PaymentState> selfPayOnly(PaymentRow p, SelfPayMethod method) {
        LegRow self = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, method.name(), p.totalFen(), PaymentEngine.outTradeNo(p.paymentId()));
        return repo.presettled(p.paymentId(), null, null, 0, 0, p.totalFen(), method.name(), List.of(self),
                        PaymentStatus.PROCESSING, Stage.PRESETTLED)
                .map(row -> new PaymentState(row, List.of(self)));
    }

    private Mono<PaymentState> preSettle(PaymentRow p, Bill bill, PaymentSource.Insured insured, InsurancePort.Person person) {
        var request = new InsurancePort.PreSettleRequest(person, insured.certType(), insured.certNo(), bill.billNo(),
                PaymentEngine.visitNo(p.paymentId()), bill.medType(), bill.items(), bill.total());
        return insurance.preSettle(request).flatMap(result -> switch (result) {
            case Outcome.Succeeded<InsurancePort.PreSettlement> s -> planLegs(p, insured, person, s.value());
            case Outcome.Declined<InsurancePort.PreSettlement> d -> fail(p, "INSURANCE_REJECTED", d.message());
            case Outcome.Pending<InsurancePort.PreSettlement> x -> fail(p, "INSURANCE_UNAVAILABLE", "pre-settlement (2206) did not answer");
            case Outcome.Unknown<InsurancePort.PreSettlement> u -> fail(p, "INSURANCE_UNAVAILABLE", "pre-settlement (2206) failed: " + u.cause());
        });
    }

    private Mono<PaymentState> planLegs(PaymentRow p, PaymentSource.Insured insured, InsurancePort.Person person,
                                        InsurancePort.PreSettlement pre) {
        Money insuredPart = pre.fundPay().plus(pre.accountPay());
        if (insuredPart.plus(pre.cashPay()).fen() != p.totalFen()) {
            return fail(p, "INSURANCE_AMOUNT_MISMATCH", "pre-settlement parts (" + insuredPart.plus(pre.cashPay())
                    + ") do not add up to the bill (" + p.totalFen() + " fen)");
        }
        List<LegRow> legs = new ArrayList<>(2);
        // Every insured visit is settled, a fund part of 0 too: the platform counts the year's deductible and
        // annual cap from settlements, so a visit left unsettled would never bring the patient closer to pooling.
        legs.add(LegRow.planned(p.paymentId(), LegRow.Kind.INSURANCE, "INSURANCE", insuredPart.fen(), insurance.newMsgId()));
        boolean cash = pre.cashPay().isPositive();
        boolean needsCode = cash && !insured.authorisesSelfPay();
        if (cash && insured.authorisesSelfPay()) {
            legs.add(LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, insured.method().name(), pre.cashPay().fen(),
                    PaymentEngine.outTradeNo(p.paymentId())));
        }
        String method = cash && insured.authorisesSelfPay() ? insured.method().name() : null;
        return repo.presettled(p.paymentId(), person, pre, pre.fundPay().fen(), pre.accountPay().fen(), pre.cashPay().fen(),
                        method, legs, needsCode ? PaymentStatus.PENDING : PaymentStatus.PROCESSING,
                        needsCode ? Stage.AWAITING_CODE : Stage.PRESETTLED)
                .flatMap(row -> needsCode ? events.awaitingCode(row).thenReturn(row) : Mono.just(row))
                .map(row -> new PaymentState(row, legs));
    }

    private Mono<PaymentState> fail(PaymentRow p, String code, String message) {
        return repo.transition(p.paymentId(), PaymentStatus.FAILED, Stage.DONE, code, message, "failed before any money moved")
                .switchIfEmpty(Mono.defer(() -> repo.find(p.paymentId())))
                .map(row -> new PaymentState(row, List.of()));
    }
}
