package org.hospay.gateway.payment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What a fake counterparty answers to one operation: the scripted outcomes in order, then the last
 * one again; and when (on the test's clock, in seconds) each call came.
 */
final class Script<T> {

    private final Deque<Outcome<T>> answers = new ArrayDeque<>();
    private final List<Long> calledAt = new CopyOnWriteArrayList<>();
    private final LongSupplier seconds;
    private Outcome<T> last;
    private java.time.Duration latency = java.time.Duration.ZERO;

    Script(LongSupplier seconds, Outcome<T> fallback) {
        this.seconds = seconds;
        this.last = fallback;
    }

    @SafeVarargs
    final Script<T> answer(Outcome<T>... outcomes) {
        answers.addAll(List.of(outcomes));
        return this;
    }

    /** What is answered once the scripted outcomes are used up. */
    synchronized Script<T> otherwise(Outcome<T> fallback) {
        this.last = fallback;
        return this;
    }

    /** Every answer comes this long after the call (on the test's clock). */
    Script<T> latency(java.time.Duration d) {
        this.latency = d;
        return this;
    }

    synchronized Mono<Outcome<T>> call() {
        calledAt.add(seconds.getAsLong());
        if (!answers.isEmpty()) last = answers.poll();
        return latency.isZero() ? Mono.just(last) : Mono.just(last).delayElement(latency);
    }

    /** The seconds on the test clock at which this operation was called. */
    List<Long> calledAt() {
        return List.copyOf(calledAt);
    }

    int calls() {
        return calledAt.size();
    }
}
