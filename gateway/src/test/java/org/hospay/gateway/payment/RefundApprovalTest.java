package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/api.md §7.1: which refunds wait for the finance office, and who counts as a second person. */
class RefundApprovalTest {

    @Test
    void onlyRefundsStrictlyAboveTheThresholdWait() {
        assertThat(RefundService.needsApproval(100_000, 100_000)).isFalse();
        assertThat(RefundService.needsApproval(100_001, 100_000)).isTrue();
        assertThat(RefundService.needsApproval(1, 0)).as("threshold 0: every refund waits").isTrue();
        assertThat(new RefundProperties(null).approvalAboveFen()).isEqualTo(100_000L);
    }

    @Test
    void anotherTerminalIsASecondPerson() {
        assertThat(RefundService.isSecondPerson("window-1", null, "finance-1", null)).isTrue();
        assertThat(RefundService.isSecondPerson("window-1", "C0042", "finance-1", "C0042")).isTrue();
    }

    @Test
    void theSameTerminalIsASecondPersonOnlyWithAnotherOperatorId() {
        assertThat(RefundService.isSecondPerson("finance-1", "F001", "finance-1", "F002")).isTrue();
        assertThat(RefundService.isSecondPerson("finance-1", "F001", "finance-1", "F001")).isFalse();
        assertThat(RefundService.isSecondPerson("finance-1", null, "finance-1", null)).isFalse();
        assertThat(RefundService.isSecondPerson("finance-1", "F001", "finance-1", null)).isFalse();
        assertThat(RefundService.isSecondPerson("finance-1", null, "finance-1", "F002")).isFalse();
    }
}
