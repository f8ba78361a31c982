package org.hospay.gateway.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SweepWindowTest {

    private static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");
    private final SweepWindow window = new SweepWindow(Duration.ofDays(3), Duration.ofMinutes(5), Duration.ofSeconds(30));

    @Test
    void theFirstPassLooksBackTheWholeLookBack() {
        assertThat(window.full(T0)).isTrue();
        assertThat(window.since(T0)).isEqualTo(T0.minus(Duration.ofDays(3)));
    }

    @Test
    void afterACompletedPassTheNextLooksOnlySinceItLessTheOverlap() {
        window.completed(T0, true);
        Instant next = T0.plusSeconds(1);

        assertThat(window.full(next)).isFalse();
        assertThat(window.since(next)).isEqualTo(T0.minusSeconds(30));
    }

    @Test
    void aPassThatDidNotCompleteLeavesTheWindowWhereItWas() {
        window.completed(T0, true);
        // passes at T0+1 … T0+9 did not complete (a failure, or refunds still to flush)
        Instant later = T0.plusSeconds(10);

        assertThat(window.since(later)).isEqualTo(T0.minusSeconds(30));
    }

    @Test
    void everyFullSweepPeriodAPassLooksBackTheWholeLookBackAgain() {
        window.completed(T0, true);
        window.completed(T0.plusSeconds(200), false);
        Instant dueAgain = T0.plus(Duration.ofMinutes(5));

        assertThat(window.full(dueAgain.minusMillis(1))).isFalse();
        assertThat(window.full(dueAgain)).isTrue();
        assertThat(window.since(dueAgain)).isEqualTo(dueAgain.minus(Duration.ofDays(3)));
    }

    @Test
    void theWindowNeverReachesFurtherBackThanTheLookBack() {
        SweepWindow shortLookBack = new SweepWindow(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30));
        shortLookBack.completed(T0, true);

        assertThat(shortLookBack.since(T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(1).minusSeconds(10));
    }
}
