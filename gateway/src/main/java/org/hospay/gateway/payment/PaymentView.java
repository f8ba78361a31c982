package org.hospay.gateway.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** The payment resource of docs/api.md §6.1. Amounts are fen; identity numbers and codes appear only masked. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PaymentView(
        UUID paymentId,
        String billNo,
        String status,
        long totalFen,
        Insurance insurance,
        SelfPay selfPay,
        Commercial commercial,
        Failure failure,
        String source,
        String sourceKind,
        String windowId,
        boolean awaitingPaymentCode,
        long refundedFen,
        OffsetDateTime createdAt,
        OffsetDateTime completedAt) {

    /** {@code pooling}: why the fund paid what it paid (null when the platform did not explain it). */
    public record Insurance(long fundPayFen, long accountPayFen, String settlementId, InsurancePort.Pooling pooling) {}

    public record SelfPay(String method, long amountFen, String channelTradeNo) {}

    /**
     * The commercial insurer's part (direct pay): null when no policy applies. {@code status}: UNAVAILABLE (the
     * insurer could not be asked, amountFen 0: the patient paid the residual), else the claim's: PENDING, PAID,
     * DECLINED, CANCELLED (undone or refunded), NEEDS_REVIEW.
     */
    public record Commercial(String insurer, String claimNo, long amountFen, String status) {}

    public record Failure(String code, String message) {}

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static PaymentView of(PaymentRow p, List<LegRow> legs) {
        LegRow insuranceLeg = legs.stream().filter(l -> l.kind() == LegRow.Kind.INSURANCE).findFirst().orElse(null);
        LegRow selfLeg = legs.stream().filter(l -> l.kind() == LegRow.Kind.SELF_PAY).findFirst().orElse(null);
        // psn_no is null when the platform does not know the patient (a card holder who is not insured): no insurance part.
        Insurance insurance = p.plan().hasInsurance() && p.fundPayFen() != null && p.psnNo() != null
                ? new Insurance(p.fundPayFen(), p.accountPayFen(), insuranceLeg == null ? null : insuranceLeg.vendorRef(), p.pooling())
                : null;
        SelfPay selfPay = p.selfPayFen() != null && p.selfPayFen() > 0
                ? new SelfPay(p.selfPayMethod(), p.selfPayFen(), selfLeg == null ? null : selfLeg.vendorRef())
                : null;
        Commercial commercial = commercial(p, legs.stream().filter(l -> l.kind() == LegRow.Kind.COMMERCIAL).findFirst().orElse(null));
        Failure failure = p.failureCode() == null ? null : new Failure(p.failureCode(), p.failureMessage());
        return new PaymentView(p.paymentId(), p.billNo(), p.status().external(), p.totalFen(), insurance, selfPay, commercial, failure,
                p.sourceMasked(), p.sourceKind(), p.windowId(), p.stage() == Stage.AWAITING_CODE, p.refundedFen(),
                p.createdAt().atZone(ZONE).toOffsetDateTime(),
                p.completedAt() == null ? null : p.completedAt().atZone(ZONE).toOffsetDateTime());
    }

    private static Commercial commercial(PaymentRow p, LegRow leg) {
        if (p.commercial() == null) return null;
        if (p.commercial().status() == PaymentRow.CommercialStatus.UNAVAILABLE || leg == null) {
            return new Commercial(p.commercial().insurer(), null, 0, p.commercial().status().name());
        }
        String status = switch (leg.status()) {
            case SUCCEEDED -> leg.amountChanged() ? "DECLINED" : leg.refundedFen() > 0 ? "CANCELLED" : "PAID";
            case COMPENSATED -> "CANCELLED";
            case DECLINED -> "DECLINED";
            case NEEDS_REVIEW -> "NEEDS_REVIEW";
            case PLANNED, SENT, PENDING, UNKNOWN -> "PENDING";
        };
        return new Commercial(p.commercial().insurer(), leg.vendorRef(), leg.amountFen(), status);
    }
}
