package org.hospay.gateway.payment;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Work that must finish even when its caller goes away (a dropped connection must not stop a
 * payment), answered within a budget: its own result when it ends in time, else the current state.
 */
final class DetachedRun {

    private DetachedRun() {
    }

    /**
     * On subscription, starts {@code work} on its own (cancelling the answer does not cancel it) and
     * answers its result if it ends within {@code budget}, else what {@code current} reads then. An
     * error of the work within the budget is the answer's error; any error is also given to
     * {@code failed}, once, whether or not anybody still waits.
     */
    static <T> Mono<T> answerWithin(Duration budget, Mono<T> work, Mono<T> current, Consumer<Throwable> failed) {
        // The work runs in the caller's context (its trace, so the payment stays one trace), not in its lifetime.
        return Mono.deferContextual(caller -> {
            Mono<T> shared = work.cache();
            shared.subscribe(ok -> { }, failed, null, Context.of(caller));
            return shared.timeout(budget).onErrorResume(TimeoutException.class, e -> current);
        });
    }
}
