package org.hospay.channels;

import java.util.Objects;

/**
 * Why a streamed statement ({@link Statements#statement}) ended without its lines, as the {@link Outcome} a
 * whole answer would have been (Declined, Pending or Unknown; never Succeeded). A stream cannot answer an
 * Outcome once lines have flowed, so its failure travels as this error.
 */
public final class StatementUnavailable extends RuntimeException {

    private final transient Outcome<?> outcome;

    public StatementUnavailable(Outcome<?> outcome) {
        super(describe(outcome));
        if (outcome instanceof Outcome.Succeeded<?>) throw new IllegalArgumentException("a statement that succeeded is not unavailable");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /** Declined, Pending or Unknown. */
    public Outcome<?> outcome() {
        return outcome;
    }

    private static String describe(Outcome<?> o) {
        return switch (o) {
            case Outcome.Declined<?> d -> "declined " + d.code() + ": " + d.message();
            case Outcome.Pending<?> p -> "not ready yet (" + p.vendorCode() + ")";
            case Outcome.Unknown<?> u -> String.valueOf(u.cause());
            case Outcome.Succeeded<?> s -> "succeeded";
        };
    }
}
