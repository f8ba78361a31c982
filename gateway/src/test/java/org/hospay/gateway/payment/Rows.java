package org.hospay.gateway.payment;

import java.time.Instant;

/** Copies of a {@link PaymentRow} as the database's UPDATEs leave it, for the in-memory repository. */
final class Rows {

    private Rows() {}

    static PaymentRow created(PaymentRow p, Instant now) {
        return new PaymentRow(p.paymentId(), p.hospitalId(), p.terminalId(), p.windowId(), p.billNo(), p.medType(), p.itemsJson(),
                p.totalFen(), p.sourceKind(), p.sourceMasked(), p.plan(), p.status(), p.stage(), p.certType(), p.certEnc(), p.psnNo(),
                p.insutype(), p.insuplcAdmdvs(), p.mdtrtId(), p.fundPayFen(), p.accountPayFen(), p.selfPayFen(), p.selfPayMethod(),
                p.failureCode(), p.failureMessage(), p.refundedFen(), p.deadlineAt(), now, now, null, p.commercial(), p.pooling());
    }

    static PaymentRow presettled(PaymentRow p, InsurancePort.Person person, String mdtrtId, long fund, long account, long self,
                                 String method, PaymentStatus status, Stage stage, Instant now, PaymentRow.Commercial commercial,
                                 InsurancePort.Pooling pooling) {
        return new PaymentRow(p.paymentId(), p.hospitalId(), p.terminalId(), p.windowId(), p.billNo(), p.medType(), p.itemsJson(),
                p.totalFen(), p.sourceKind(), p.sourceMasked(), p.plan(), status, stage, p.certType(), p.certEnc(),
                person == null ? null : person.psnNo(), person == null ? null : person.insutype(),
                person == null ? null : person.insuplcAdmdvs(), mdtrtId, fund, account, self, method,
                p.failureCode(), p.failureMessage(), p.refundedFen(), p.deadlineAt(), p.createdAt(), now, p.completedAt(), commercial, pooling);
    }

    static PaymentRow withSelfPayMethod(PaymentRow p, String method, Instant now) {
        return new PaymentRow(p.paymentId(), p.hospitalId(), p.terminalId(), p.windowId(), p.billNo(), p.medType(), p.itemsJson(),
                p.totalFen(), p.sourceKind(), p.sourceMasked(), p.plan(), p.status(), p.stage(), p.certType(), p.certEnc(), p.psnNo(),
                p.insutype(), p.insuplcAdmdvs(), p.mdtrtId(), p.fundPayFen(), p.accountPayFen(), p.selfPayFen(), method,
                p.failureCode(), p.failureMessage(), p.refundedFen(), p.deadlineAt(), p.createdAt(), now, p.completedAt(), p.commercial(), p.pooling());
    }

    static PaymentRow moved(PaymentRow p, PaymentStatus to, Stage stage, String code, String message, Instant now) {
        boolean done = to == PaymentStatus.SUCCEEDED || to == PaymentStatus.FAILED;
        return new PaymentRow(p.paymentId(), p.hospitalId(), p.terminalId(), p.windowId(), p.billNo(), p.medType(), p.itemsJson(),
                p.totalFen(), p.sourceKind(), p.sourceMasked(), p.plan(), to, stage, p.certType(), p.certEnc(), p.psnNo(),
                p.insutype(), p.insuplcAdmdvs(), p.mdtrtId(), p.fundPayFen(), p.accountPayFen(), p.selfPayFen(), p.selfPayMethod(),
                code == null ? p.failureCode() : code, message == null ? p.failureMessage() : message, p.refundedFen(), p.deadlineAt(),
                p.createdAt(), now, done ? now : p.completedAt(), p.commercial(), p.pooling());
    }

    static PaymentRow refunded(PaymentRow p, long addFen, Instant now) {
        long refunded = p.refundedFen() + addFen;
        PaymentStatus status = refunded >= p.totalFen() ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        return new PaymentRow(p.paymentId(), p.hospitalId(), p.terminalId(), p.windowId(), p.billNo(), p.medType(), p.itemsJson(),
                p.totalFen(), p.sourceKind(), p.sourceMasked(), p.plan(), status, Stage.DONE, p.certType(), p.certEnc(), p.psnNo(),
                p.insutype(), p.insuplcAdmdvs(), p.mdtrtId(), p.fundPayFen(), p.accountPayFen(), p.selfPayFen(), p.selfPayMethod(),
                p.failureCode(), p.failureMessage(), refunded, p.deadlineAt(), p.createdAt(), now, p.completedAt(), p.commercial(), p.pooling());
    }
}
