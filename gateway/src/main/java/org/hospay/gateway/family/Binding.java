package org.hospay.gateway.family;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.hospay.channels.Channel;

/**
 * A payer bound to a patient's hospital card (family_binding): agreement, limits and their usage. The
 * agreement's {@code channel} is one with a withholding capability (WeChat papay 委托代扣, Alipay 商家扣款;
 * see {@link WithholdingChannels}), null before the payer chose one.
 */
record Binding(
        UUID bindingId,
        String payerId,
        String hospitalId,
        String cardNo,
        String patientName,
        byte[] patientIdEnc,
        String patientIdHash,
        String patientIdMasked,
        Relation relation,
        int priority,
        Status status,
        Channel channel,
        String agreementCode,
        String agreementId,
        AgreementStatus agreementStatus,
        long perPaymentFen,
        long perDayFen,
        long perMonthFen,
        LocalDate dayKey,
        long dayUsedFen,
        LocalDate monthKey,
        long monthUsedFen,
        LocalDate wechatDay,
        String revokedBy,
        Instant revokedAt,
        Instant createdAt,
        Instant updatedAt) {

    enum Relation { PARENT, SPOUSE, CHILD, OTHER }

    /**
     * AWAITING_CONSENT: bound by the payer, the patient has not approved it yet. AWAITING_AGREEMENT: consented,
     * no agreement signed yet (or the last one ended). Only ACTIVE bindings pay.
     */
    enum Status { AWAITING_CONSENT, AWAITING_AGREEMENT, ACTIVE, PAUSED, REVOKED }

    enum AgreementStatus { NONE, SIGNING, SIGNED, TERMINATED }

    /** What is used of the day's limit on {@code day} (usage of an earlier day does not count). */
    long usedOn(LocalDate day) {
        return day.equals(dayKey) ? dayUsedFen : 0;
    }

    long usedInMonth(LocalDate month) {
        return month.equals(monthKey) ? monthUsedFen : 0;
    }
}
