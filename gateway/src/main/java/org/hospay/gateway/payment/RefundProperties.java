package org.hospay.gateway.payment;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hospay.refunds.*}: a refund of more than {@code approvalAboveFen} (default 100,000 fen, 1,000 CNY) waits for
 * a second approval by the finance office (docs/api.md §7.1). The load test's partial refunds and a cashier's
 * everyday refunds stay far below it.
 */
@Validated
@ConfigurationProperties("hospay.refunds")
public record RefundProperties(@Min(0) Long approvalAboveFen) {
    public RefundProperties {
        if (approvalAboveFen == null) approvalAboveFen = 100_000L;
    }
}
