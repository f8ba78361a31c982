package org.hospay.gateway.payment;

import java.time.Instant;
import java.util.UUID;

/** A payment as stored. Amount columns are null until pre-settlement fixes them. */
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
        Instant completedAt) {}
