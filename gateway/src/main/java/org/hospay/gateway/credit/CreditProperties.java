package org.hospay.gateway.credit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Credit care (信用就医 / 医后付, docs/credit.md) as the hospital configures it.
 *
 * @param hospitalId     the hospital whose cards the mini-program enrols
 * @param minLineFen     the smallest line granted (a bank line below it is refused)
 * @param maxLineFen     the largest line granted (a bank line above it is cut to it; white list default)
 * @param repayDays      days after the batch date a failed deduction must be repaid by (the due date)
 * @param remindDay      the day after the batch date of the first reminder (the second is on the due date)
 * @param blacklistAt    overdue bills that black-list the patient
 * @param raiseAfter     on-time repayments that raise the line by {@code raiseStepFen} (up to the maximum)
 * @param codeTtl        how long a dynamic credit code is valid
 * @param codeKey        HMAC key of dynamic credit codes (base64, 32 bytes); blank: codes are refused
 * @param jobInterval    how often an instance looks for due batches, reminders and overdue bills
 * @param lease          how long the instance running the jobs holds them without renewing
 * @param notifierUrl    where patient messages go; empty: the simulator's message box
 * @param insuredLines   the line by insurance standing: insured type (insutype, e.g. 310 employee, 390 resident) →
 *                       line in fen; the larger of it and the bank's line is granted
 * @param accountTiers   the line by insurance standing, by the personal account's balance (1101 balc): at least this
 *                       balance in fen → this line in fen; the highest tier the balance reaches counts, when it is
 *                       above the insured type's line
 */
@Validated
@ConfigurationProperties("hospay.credit")
public record CreditProperties(
        @NotBlank String hospitalId,
        @Min(1) long minLineFen,
        @Min(1) long maxLineFen,
        @Min(1) int repayDays,
        @Min(1) int remindDay,
        @Min(1) int blacklistAt,
        @Min(1) int raiseAfter,
        @Min(0) long raiseStepFen,
        @NotNull Duration codeTtl,
        String codeKey,
        @NotNull Duration jobInterval,
        @NotNull Duration lease,
        @NotNull ZoneId zone,
        URI notifierUrl,
        java.util.Map<String, Long> insuredLines,
        java.util.Map<Long, Long> accountTiers,
        @Valid @NotNull Bank bank) {

    public CreditProperties {
        insuredLines = insuredLines == null ? java.util.Map.of() : java.util.Map.copyOf(insuredLines);
        accountTiers = accountTiers == null ? java.util.Map.of() : java.util.Map.copyOf(accountTiers);
        if (minLineFen > maxLineFen) throw new IllegalArgumentException("hospay.credit.min-line-fen (" + minLineFen
                + ") must not exceed max-line-fen (" + maxLineFen + ")");
        if (remindDay > repayDays) throw new IllegalArgumentException("hospay.credit.remind-day (" + remindDay
                + ") must not be after repay-days (" + repayDays + ")");
    }

    /** The line insurance standing gives a person of {@code insutype} with {@code balanceFen} in their personal account (0: none). */
    public long insuredLine(String insutype, long balanceFen) {
        long byType = insutype == null ? 0 : insuredLines.getOrDefault(insutype, 0L);
        long byBalance = accountTiers.entrySet().stream().filter(t -> balanceFen >= t.getKey()).mapToLong(java.util.Map.Entry::getValue)
                .max().orElse(0);
        return insutype == null ? 0 : Math.max(byType, byBalance);
    }

    /** The bank's endpoint and the merchant identity it issued; {@code demoKeys} (demo mode only): the DEMO merchant. */
    public record Bank(URI baseUrl, boolean demoKeys, String merchantNo, String secret,
                       @NotNull Duration connectTimeout, @NotNull Duration responseTimeout) {

        @Override
        public String toString() {
            return "Bank[baseUrl=" + baseUrl + ", merchantNo=" + merchantNo + ", demoKeys=" + demoKeys + "]";
        }
    }
}
