package org.hospay.gateway.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment as stored. Amount columns are null until pre-settlement fixes them. {@code commercial} is
 * null when no commercial insurer was involved (feature off, no policy, nothing payable); {@code pooling} is the
 * platform's explanation of the fund part, null without a pre-settlement.
 */
public record PaymentRow(
        UUID paymentId,
        String hospitalId,
        String terminalId,
        String windowId,
        String billNo,
        String medType,
        String itemsJson,
        long totalFen,
        String sourceKind,
        String sourceMasked,
        Plan plan,
        PaymentStatus status,
        Stage stage,
        String certType,
        byte[] certEnc,
        String psnNo,
        String insutype,
        String insuplcAdmdvs,
        String mdtrtId,
        Long fundPayFen,
        Long accountPayFen,
        Long selfPayFen,
        String selfPayMethod,
        String failureCode,
        String failureMessage,
        long refundedFen,
        Instant deadlineAt,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Commercial commercial,
        InsurancePort.Pooling pooling) {

    /** Commercial direct pay (docs/architecture.md §4): how it stands for this payment. */
    public enum CommercialStatus { ELIGIBLE, UNAVAILABLE }

    /**
     * The commercial part: the insurer, what it pays ({@code payFen}, 0 when UNAVAILABLE), and the insured
     * person the claim is filed with, sealed ({@code insuredEnc}: "name\nidNo" under SecretBox, null when UNAVAILABLE).
     */
    public record Commercial(String insurer, CommercialStatus status, long payFen, byte[] insuredEnc) {}

    /** What the commercial insurer pays of this payment (0 when none). */
    long commercialPayFen() {
        return commercial == null ? 0 : commercial.payFen();
    }
}
