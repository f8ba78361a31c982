package org.hospay.channels;

/**
 * What a channel call achieved. A closed set: callers switch over it exhaustively.
 *
 * <ul>
 *   <li>{@link Succeeded}: the counterparty confirmed the operation.</li>
 *   <li>{@link Declined}: the counterparty definitely refused; nothing happened and nothing needs undoing.</li>
 *   <li>{@link Pending}: accepted but waiting for someone (the customer typing a password); query later.</li>
 *   <li>{@link Unknown}: we cannot tell (timeout after the request left, 5xx, SYSTEMERROR, 20000);
 *       never treated as a failure: query, then decide.</li>
 * </ul>
 *
 * @param <T> the vendor-neutral result carried by a success
 */
public sealed interface Outcome<T> {

    record Succeeded<T>(T value) implements Outcome<T> {}

    /** @param code a stable upper-snake reason (e.g. {@code INSUFFICIENT_FUNDS}); @param vendorCode the vendor's own code, for the audit trail */
    record Declined<T>(String code, String message, String vendorCode) implements Outcome<T> {

        /**
         * True when the refusal came from our side of the wire (no connection, an open circuit, a full
         * bulkhead, our own signing): the counterparty never saw the request, so this says nothing
         * about the order's state. A query or compensation refused this way must be tried again,
         * never read as the vendor's answer.
         */
        public boolean refusedBeforeSending() {
            return DeclineCodes.CHANNEL_UNAVAILABLE.equals(code) || DeclineCodes.CHANNEL_BUSY.equals(code)
                    || DeclineCodes.SIGNING_FAILED.equals(code);
        }

        /**
         * True when the counterparty could not be reached at all (connection refused, unknown host, connect
         * timeout, TLS refused): unlike a full bulkhead or our own signing, this says the channel is unwell,
         * so circuit breakers count it as a failure although the payment's own answer is a safe decline.
         */
        public boolean unreachable() {
            return DeclineCodes.CHANNEL_UNAVAILABLE.equals(code);
        }
    }

    record Pending<T>(String vendorCode) implements Outcome<T> {}

    record Unknown<T>(String cause) implements Outcome<T> {}

    static <T> Outcome<T> succeeded(T value) {
        return new Succeeded<>(value);
    }

    static <T> Outcome<T> declined(String code, String message, String vendorCode) {
        return new Declined<>(code, message, vendorCode);
    }

    static <T> Outcome<T> pending(String vendorCode) {
        return new Pending<>(vendorCode);
    }

    static <T> Outcome<T> unknown(String cause) {
        return new Unknown<>(cause);
    }

    /** The same outcome carrying {@code f} of a success's value; every other case keeps its meaning. */
    default <R> Outcome<R> map(java.util.function.Function<? super T, ? extends R> f) {
        return switch (this) {
            case Succeeded<T> s -> succeeded(f.apply(s.value()));
            case Declined<T> d -> declined(d.code(), d.message(), d.vendorCode());
            case Pending<T> p -> pending(p.vendorCode());
            case Unknown<T> u -> unknown(u.cause());
        };
    }
}
