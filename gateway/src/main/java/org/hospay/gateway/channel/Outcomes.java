package org.hospay.gateway.channel;

import java.util.function.Function;
import org.hospay.channels.Outcome;

/** Carrying an outcome across types: the value of a success is mapped, every other case keeps its meaning. */
final class Outcomes {

    private Outcomes() {}

    static <A, B> Outcome<B> map(Outcome<A> o, Function<A, B> f) {
        return switch (o) {
            case Outcome.Succeeded<A> s -> Outcome.succeeded(f.apply(s.value()));
            case Outcome.Declined<A> d -> declined(d);
            case Outcome.Pending<A> p -> Outcome.pending(p.vendorCode());
            case Outcome.Unknown<A> u -> Outcome.unknown(u.cause());
        };
    }

    static <B> Outcome<B> declined(Outcome.Declined<?> d) {
        return Outcome.declined(d.code(), d.message(), d.vendorCode());
    }

    static <A> Outcome<Void> done(Outcome<A> o) {
        return map(o, a -> null);
    }
}
