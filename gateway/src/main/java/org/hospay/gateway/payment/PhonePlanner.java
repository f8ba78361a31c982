package org.hospay.gateway.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The first stages of a phone payment (docs/architecture.md §15): who the patient is at the insurance platform (1101
 * by the identity number their token's issuer verified), the mobile order and its split (6201), and the legs: the
 * insurance part settled by 6202 (also when it is 0: the visit counts towards the deductible) and the cash part as an
 * in-app order. A patient the platform does not know pays the whole bill in the app. Moves no money.
 */
@Component
class PhonePlanner {

    private static final Set<String> UNINSURED = Set.of("PERSON_NOT_FOUND", "NOT_INSURED");

    private final PaymentRepository repo;
    private final InsurancePort insurance;
    private final MobileOrders orders;

    PhonePlanner(PaymentRepository repo, InsurancePort insurance, MobileOrders orders) {
        this.repo = repo;
        this.insurance = insurance;
        this.orders = orders;
    }

    Mono<PaymentState> plan(PaymentRow p, Bill bill, PaymentSource.Phone phone) {
        return insurance.identify(InsurancePort.CertType.ID_NUMBER, phone.idNo()).flatMap(identified -> switch (identified) {
            case Outcome.Succeeded<InsurancePort.Person> s -> order(p, bill, phone, s.value());
            case Outcome.Declined<InsurancePort.Person> d -> UNINSURED.contains(d.code())
                    ? selfPayOnly(p, phone.method())
                    : fail(p, Planner.insuranceDecline("INSURANCE_IDENTITY_REJECTED", d), d.message());
            case Outcome.Pending<InsurancePort.Person> x -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) did not answer");
            case Outcome.Unknown<InsurancePort.Person> u -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) failed: " + u.cause());
        });
    }

    private Mono<PaymentState> order(PaymentRow p, Bill bill, PaymentSource.Phone phone, InsurancePort.Person person) {
        var request = new InsurancePort.PreSettleRequest(person, InsurancePort.CertType.ID_NUMBER, phone.idNo(), bill.billNo(),
                PaymentEngine.visitNo(p.paymentId()), bill.medType(), bill.items(), bill.total());
        return insurance.mobileOrder(request).flatMap(o -> switch (o) {
            case Outcome.Succeeded<InsurancePort.MobileOrder> s -> planLegs(p, phone, person, s.value());
            case Outcome.Declined<InsurancePort.MobileOrder> d -> fail(p, Planner.insuranceDecline("INSURANCE_REJECTED", d), d.message());
            case Outcome.Pending<InsurancePort.MobileOrder> x -> fail(p, "INSURANCE_UNAVAILABLE", "mobile fee upload (6201) did not answer");
            case Outcome.Unknown<InsurancePort.MobileOrder> u -> fail(p, "INSURANCE_UNAVAILABLE", "mobile fee upload (6201) failed: " + u.cause());
        });
    }

    private Mono<PaymentState> planLegs(PaymentRow p, PaymentSource.Phone phone, InsurancePort.Person person, InsurancePort.MobileOrder order) {
        Money parts = order.fundPay().plus(order.accountPay()).plus(order.cashPay());
        if (parts.fen() != p.totalFen()) {
            return fail(p, "INSURANCE_AMOUNT_MISMATCH", "mobile order parts (" + parts + ") do not add up to the bill (" + p.totalFen() + " fen)");
        }
        List<LegRow> legs = new ArrayList<>(2);
        legs.add(LegRow.planned(p.paymentId(), LegRow.Kind.INSURANCE, LegType.INSURANCE_MOBILE, order.fundPay().plus(order.accountPay()).fen(),
                insurance.newMsgId()));
        boolean cash = order.cashPay().isPositive();
        if (cash) {
            legs.add(LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, phone.method().name(), order.cashPay().fen(),
                    PaymentEngine.outTradeNo(p.paymentId())));
        }
        var pre = new InsurancePort.PreSettlement(null, order.fundPay(), order.accountPay(), order.cashPay());
        return orders.save(p.paymentId(), order.payOrdId(), order.payToken())
                .then(repo.presettled(p.paymentId(), person, pre, order.fundPay().fen(), order.accountPay().fen(), order.cashPay().fen(),
                        cash ? phone.method().name() : null, legs, PaymentStatus.PROCESSING, Stage.LEGS_SENT, null))
                .map(row -> new PaymentState(row, legs));
    }

    private Mono<PaymentState> selfPayOnly(PaymentRow p, SelfPayMethod method) {
        LegRow self = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, method.name(), p.totalFen(), PaymentEngine.outTradeNo(p.paymentId()));
        return repo.presettled(p.paymentId(), null, null, 0, 0, p.totalFen(), method.name(), List.of(self),
                        PaymentStatus.PROCESSING, Stage.LEGS_SENT, null)
                .map(row -> new PaymentState(row, List.of(self)));
    }

    private Mono<PaymentState> fail(PaymentRow p, String code, String message) {
        return repo.transition(p.paymentId(), PaymentStatus.FAILED, Stage.DONE, code, message, "failed before any money moved")
                .switchIfEmpty(Mono.defer(() -> repo.find(p.paymentId())))
                .map(row -> new PaymentState(row, List.of()));
    }
}
