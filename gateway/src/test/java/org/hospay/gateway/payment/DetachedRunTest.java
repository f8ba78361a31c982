package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** "Answer within budget" in virtual time: the engine's work outlives the answer and its caller. */
class DetachedRunTest {

    private static final Duration BUDGET = Duration.ofSeconds(5);

    private final AtomicReference<String> state = new AtomicReference<>("RUNNING");
    private final AtomicInteger started = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    /** A payment's work: takes {@code d}, then its state is final. */
    private Mono<String> work(Duration d) {
        return Mono.delay(d)
                .doOnSubscribe(s -> started.incrementAndGet())
                .map(x -> {
                    state.set("SUCCEEDED");
                    return "SUCCEEDED";
                });
    }

    private Mono<String> answer(Duration workTakes) {
        return DetachedRun.answerWithin(BUDGET, work(workTakes), Mono.fromSupplier(state::get), failures::add);
    }

    @Test
    void workEndingWithinTheBudgetAnswersItsFinalState() {
        StepVerifier.withVirtualTime(() -> answer(Duration.ofSeconds(2)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext("SUCCEEDED")
                .verifyComplete();
        assertThat(started).hasValue(1);
    }

    @Test
    void pastTheBudgetTheCurrentStateIsAnsweredAndTheWorkGoesOn() {
        StepVerifier.withVirtualTime(() -> Flux.concat(
                        answer(Duration.ofSeconds(10)),
                        Mono.delay(Duration.ofSeconds(6)).then(Mono.fromSupplier(state::get))))
                .expectSubscription()
                .expectNoEvent(BUDGET)
                .expectNext("RUNNING")
                .expectNoEvent(Duration.ofSeconds(6))
                .expectNext("SUCCEEDED")
                .verifyComplete();
        assertThat(started).as("the work ran once: the answer did not start it again").hasValue(1);
        assertThat(failures).isEmpty();
    }

    @Test
    void aCallerGoingAwayDoesNotStopTheWork() {
        StepVerifier.withVirtualTime(() -> Flux.concat(
                        answer(Duration.ofSeconds(10)).take(Duration.ofSeconds(1)), // the connection drops after 1 s
                        Mono.delay(Duration.ofSeconds(15)).then(Mono.fromSupplier(state::get))))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(16))
                .expectNext("SUCCEEDED")
                .verifyComplete();
    }

    @Test
    void aFailureWithinTheBudgetIsTheAnswerAndIsReportedOnce() {
        var boom = new IllegalStateException("engine step failed");
        StepVerifier.withVirtualTime(() -> DetachedRun.answerWithin(BUDGET,
                        Mono.delay(Duration.ofSeconds(1)).then(Mono.<String>error(boom)), Mono.fromSupplier(state::get), failures::add))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1))
                .expectErrorMatches(e -> e == boom)
                .verify();
        assertThat(failures).containsExactly(boom);
    }

    @Test
    void aFailureAfterTheAnswerIsStillReported() {
        var boom = new IllegalStateException("engine step failed");
        StepVerifier.withVirtualTime(() -> Flux.concat(
                        DetachedRun.answerWithin(BUDGET, Mono.delay(Duration.ofSeconds(8)).then(Mono.<String>error(boom)),
                                Mono.fromSupplier(state::get), failures::add),
                        Mono.delay(Duration.ofSeconds(5)).then(Mono.fromSupplier(() -> failures.size() + " failure(s)"))))
                .expectSubscription()
                .expectNoEvent(BUDGET)
                .expectNext("RUNNING")
                .expectNoEvent(Duration.ofSeconds(5))
                .expectNext("1 failure(s)")
                .verifyComplete();
    }
}
