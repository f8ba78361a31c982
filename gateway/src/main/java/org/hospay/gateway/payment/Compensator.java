package org.hospay.gateway.payment;

import java.time.Duration;
import java.util.List;
import org.hospay.gateway.payment.LegDriver.Undo;
import org.hospay.gateway.payment.LegDriver.UndoTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The undo ladder. Each tool a driver offers is written down as a compensation before it is tried
 * (one row per leg and tool, so a restart resumes it instead of starting another), every try with
 * its request id; a tool not confirmed is retried with exponential backoff (from
 * {@code compensation-backoff}, at most 5 minutes apart) until it is; a refused tool escalates to
 * the next; a tool refused for good, or no tool left, parks the leg as NEEDS_REVIEW for finance.
 * It never gives up by itself: if the process dies, the row stays PENDING and recovery resumes it.
 */
@Component
class Compensator {

    private static final Logger log = LoggerFactory.getLogger(Compensator.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final PaymentRepository repo;
    private final EngineProperties props;
    private final PaymentMeters meters;

    Compensator(PaymentRepository repo, EngineProperties props, PaymentMeters meters) {
        this.meters = meters;
        this.repo = repo;
        this.props = props;
    }

    /** Undoes {@code leg} with {@code tools} in order; the leg ends {@code whenDone}, or NEEDS_REVIEW. */
    Mono<LegRow> takeBack(LegRow leg, List<UndoTool> tools, LegStatus whenDone) {
        return climb(leg, tools, 0).flatMap(undone -> undone
                ? repo.updateLeg(leg.with(whenDone, null, null))
                : needsReview(leg, tools));
    }

    private Mono<Boolean> climb(LegRow leg, List<UndoTool> tools, int rung) {
        if (rung >= tools.size()) return Mono.just(false);
        UndoTool tool = tools.get(rung);
        return repo.compensation(leg.paymentId(), leg.legId(), tool.action(), leg.amountFen(), tool.requestIds().get())
                .flatMap(c -> switch (c.status()) {
                    case DONE -> Mono.just(Undo.DONE);
                    case ESCALATED -> Mono.just(Undo.ESCALATE);
                    case MANUAL -> Mono.just(Undo.MANUAL);
                    case PENDING -> tryUntilSettled(c, leg, tool, props.compensationBackoff());
                })
                .flatMap(result -> switch (result) {
                    case DONE -> Mono.just(true);
                    case ESCALATE -> climb(leg, tools, rung + 1);
                    case MANUAL, AGAIN -> Mono.just(false);
                });
    }

    private Mono<Undo> tryUntilSettled(PaymentRepository.CompensationRow c, LegRow leg, UndoTool tool, Duration backoff) {
        String requestId = tool.requestIds().get();
        return repo.attemptSent(c.paymentId(), c.legId(), leg.channel(), tool.operation(), requestId)
                .flatMap(attempt -> tool.tryWith().apply(requestId)
                        .doOnNext(result -> meters.compensation(tool.action(), result.name()))
                        .flatMap(result -> repo.attemptAnswered(attempt, result.name(), null).thenReturn(result)))
                .flatMap(result -> switch (result) {
                    case DONE -> repo.compensationTried(c.compensationId(), CompensationStatus.DONE, null).thenReturn(result);
                    case ESCALATE -> repo.compensationTried(c.compensationId(), CompensationStatus.ESCALATED,
                            tool.operation() + " refused; escalated").thenReturn(result);
                    case MANUAL -> repo.compensationTried(c.compensationId(), CompensationStatus.MANUAL,
                            tool.operation() + " refused for good").thenReturn(result);
                    case AGAIN -> repo.compensationTried(c.compensationId(), CompensationStatus.PENDING, tool.operation() + " not confirmed yet")
                            .then(Mono.delay(backoff))
                            .then(Mono.defer(() -> tryUntilSettled(c, leg, tool, min(backoff.multipliedBy(2), MAX_BACKOFF))));
                });
    }

    /** A compensation the counterparty refused for good: the leg is parked for finance, loudly. */
    private Mono<LegRow> needsReview(LegRow leg, List<UndoTool> tools) {
        log.error("payment {}: leg {} ({} fen on {}) NEEDS MANUAL REVIEW: {} refused", leg.paymentId(), leg.kind(), leg.amountFen(),
                leg.channel(), tools.stream().map(UndoTool::operation).toList());
        return repo.updateLeg(leg.with(LegStatus.NEEDS_REVIEW, null, "NEEDS_REVIEW"));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
