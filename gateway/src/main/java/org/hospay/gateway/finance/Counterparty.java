package org.hospay.gateway.finance;

import java.time.LocalDate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One counterparty the reconciliation checks a day against: a payment channel, the insurance platform,
 * and later the credit bank or anyone else that books money for the hospital. Each is a bean; the
 * reconciliation knows them only through this interface, so a new counterparty plugs in by being one.
 *
 * <p>Both sides are streams of {@link Booking}s keyed by a reference both sides share (our order or refund
 * number, the platform's settlement id). Their statement is streamed line by line; only our side of the
 * day is held, by reference, while it is read.
 */
public interface Counterparty {

    /** The name runs and differences are stored under (WECHAT, ALIPAY, UNIONPAY, INSURANCE, BANK, ...). */
    String name();

    /** Whether this counterparty offers a statement at all (a channel whose adapter has none: the day is UNSUPPORTED). */
    default boolean hasStatement() {
        return true;
    }

    /**
     * A totals check that makes the detail unnecessary when it agrees (insurance 3201 per fund type); empty
     * or false: compare the detail.
     */
    default Mono<Boolean> totalsAgree(LocalDate day) {
        return Mono.just(false);
    }

    /** What the counterparty booked on the day, as its statement says, line by line. Errors when it has none. */
    Flux<Booking> theirs(LocalDate day);

    /** What the gateway recorded with this counterparty on the day. */
    Flux<Booking> ours(LocalDate day);

    /**
     * Tries to settle a difference safely (a query that explains it; a one-sided charge taken back through
     * the payment's compensation path): the resolution's description, or empty when a person must decide.
     */
    default Mono<String> resolve(Difference difference) {
        return Mono.empty();
    }
}
