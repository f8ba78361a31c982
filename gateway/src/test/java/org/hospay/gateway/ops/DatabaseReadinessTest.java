package org.hospay.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

class DatabaseReadinessTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T08:00:00Z"));
    private final AtomicBoolean databaseAnswers = new AtomicBoolean(true);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private DatabaseReadiness readiness;

    /** Its first scheduled probe runs at once (on another thread); the next an hour later: the test drives the rest. */
    private DatabaseReadiness start() {
        readiness = new DatabaseReadiness(
                Mono.defer(() -> databaseAnswers.get() ? Mono.<Void>empty() : Mono.error(new IllegalStateException("connection refused"))),
                clock, Duration.ofHours(1), Duration.ofSeconds(8));
        return readiness;
    }

    @AfterEach
    void stop() {
        readiness.destroy();
    }

    @Test
    void isUpAtOnceWhenTheDatabaseAnsweredLately() {
        start();
        assertThat(readiness.health().block().getStatus()).isEqualTo(Status.UP);
        now.set(now.get().plusSeconds(7));
        assertThat(readiness.health().block().getStatus()).as("the last answer is 7 s old").isEqualTo(Status.UP);
    }

    @Test
    void turnsDownOnceNoProbeSucceededForTheStaleTimeAndUpWhenOneDoesAgain() {
        start();
        readiness.probeNow().block();
        databaseAnswers.set(false);
        now.set(now.get().plusSeconds(9));
        readiness.probeNow().block();
        var down = readiness.health().block();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("lastError", "java.lang.IllegalStateException: connection refused");

        databaseAnswers.set(true);
        readiness.probeNow().block();
        assertThat(readiness.health().block().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aDatabaseThatNeverAnsweredIsDown() {
        databaseAnswers.set(false);
        start();
        assertThat(readiness.health().block().getStatus()).isEqualTo(Status.DOWN);
    }
}
