package org.hospay.gateway.payment;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * How one type of leg moves money with its counterparty. The engine writes every intent and result,
 * keeps the schedules and decides; a driver only speaks to its counterparty, and never throws: every
 * answer is an {@link Outcome} (a timeout after the request left is Unknown, never Declined).
 */
interface LegDriver {

    LegType type();

    /** The attempt names written for {@link #send} and {@link #query} (e.g. SETTLE_2207 / QUERY_5203). */
    String sendOperation();

    String queryOperation();

    /** The leg's money-moving call with the leg's request id. Called once per leg: a charge is never sent twice. */
    Mono<Outcome<Booked>> send(LegCall call);

    /** How the call with the leg's request id ended. Declined: it did not happen and never will. */
    Mono<Outcome<Booked>> query(LegCall call);

    /** Takes back a leg that succeeded while another failed: the tools in the order to try them. */
    List<UndoTool> undo(LegCall call);

    /** Makes sure a leg with no definite answer by its deadline can never complete (and returns any money it took). */
    List<UndoTool> giveUp(LegCall call);

    /**
     * One leg of one payment. {@code bill} and {@code source} are there when the leg is sent; recovery
     * (which only queries and undoes) has just the stored payment and leg.
     */
    record LegCall(PaymentRow payment, LegRow leg, Bill bill, PaymentSource source) {

        LegCall with(LegRow newLeg) {
            return new LegCall(payment, newLeg, bill, source);
        }
    }

    /**
     * What the counterparty booked: its reference (setl_id, transaction id) and, where the engine must
     * check it against the plan, the amount it booked (null where the channel charges exactly what it is asked).
     */
    record Booked(String vendorRef, Long amountFen) {}

    /**
     * One way of undoing a leg. {@code action} names the compensation row (one per leg and action);
     * each try gets a request id from {@code requestIds} (the same one, for a tool whose retries must
     * be recognised as one request, or a new one per try) and says how it went.
     */
    record UndoTool(String action, String operation, Supplier<String> requestIds, Function<String, Mono<Undo>> tryWith) {}

    /** DONE: undone. AGAIN: not confirmed, try later. ESCALATE: refused, use the next tool. MANUAL: refused for good. */
    enum Undo { DONE, AGAIN, ESCALATE, MANUAL }
}
