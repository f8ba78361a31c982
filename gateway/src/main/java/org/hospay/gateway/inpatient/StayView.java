package org.hospay.gateway.inpatient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hospay.gateway.payment.InsurancePort;

/**
 * A stay as answered (docs/api.md §13): its money in fen — deposits paid, refunded, being refunded, the balance — each
 * deposit and deposit refund, and the discharge settlement slip once settled.
 */
record StayView(UUID stayId, String admissionNo, String patient, String ward, String bed, String status, String stage,
                long feesFen, long depositsFen, long refundedFen, long refundingFen, long balanceFen,
                List<DepositView> deposits, Settlement settlement, List<RefundView> refunds, Instant admittedAt, Instant dischargedAt,
                Insurance insurance, List<StayStore.Reminder> reminders) {

    /**
     * The stay at the insurance platform (§13.6), null for a self-pay stay: {@code stage} ADMITTING, ADMITTED, REFUSED,
     * DISCHARGED or SETTLED; the platform's visit and settlement ids; why the fund paid what it paid; its last refusal.
     */
    record Insurance(String stage, String insutype, String mdtrtId, String setlId, InsurancePort.Pooling pooling, String failure) {}

    record DepositView(UUID depositId, String kind, long amountFen, String status, String method, UUID paymentId, Instant createdAt) {}

    /** The discharge settlement slip: fund + account + self-pay = total; the self-pay part against what the deposits held. */
    record Settlement(long totalFen, long fundPayFen, long accountPayFen, long selfPayFen, long depositsFen, long refundFen,
                      long shortfallFen) {}

    record RefundView(UUID refundRowId, UUID stayId, UUID depositId, UUID paymentId, long amountFen, String reason, String status,
                      int attempts, UUID refundId, String failureCode, Instant createdAt) {}

    static StayView of(Stay s, List<Deposit> deposits, List<RefundRow> refunds, InsurancePort.Pooling pooling,
                       List<StayStore.Reminder> reminders) {
        StayBook book = StayBook.of(s, deposits, refunds);
        Settlement slip = s.settled() ? new Settlement(s.setlTotalFen(), s.setlFundFen(), s.setlAccountFen(), s.setlSelfPayFen(),
                s.setlDepositsFen(), s.setlRefundFen(), s.setlShortfallFen()) : null;
        return new StayView(s.stayId(), s.admissionNo(), s.patientMasked(), s.ward(), s.bed(), s.status().name(), s.stage().name(),
                s.feesFen(), book.paidFen(), book.refundedFen(), book.refundingFen(), book.balanceFen(),
                deposits.stream().map(StayView::deposit).toList(), slip, refunds.stream().map(StayView::refund).toList(),
                s.admittedAt(), s.dischargedAt(), !s.insured() ? null : new Insurance(s.ins().stage().name(), s.ins().insutype(),
                        s.ins().mdtrtId(), s.ins().setlId(), pooling, s.ins().failure()), reminders);
    }

    static DepositView deposit(Deposit d) {
        return new DepositView(d.depositId(), d.kind().name(), d.amountFen(), d.paymentStatus() == null ? "PENDING" : d.paymentStatus(),
                d.method(), d.paymentId(), d.createdAt());
    }

    static RefundView refund(RefundRow r) {
        return new RefundView(r.rowId(), r.stayId(), r.depositId(), r.paymentId(), r.amountFen(), r.reason(), r.status().name(),
                r.attempt() + (r.refundId() == null ? 0 : 1), r.refundId(), r.failureCode(), r.createdAt());
    }
}
