package org.hospay.gateway.payment;

import org.hospay.gateway.terminal.Terminal;
import reactor.core.publisher.Mono;

/** The NFC sessions a payment may name instead of (or together with) a scanned code (docs/architecture.md §8). */
public interface NfcCheckout {

    /** What a session holds to pay with: the e-voucher the phone presented, a tapped hospital card, or nothing yet. */
    sealed interface Presented {
        record Code(String raw) implements Presented {}

        record Card(String cardNo) implements Presented {}

        record Nothing() implements Presented {}
    }

    /**
     * Spends the session on a payment of {@code billNo} at the caller's window and returns what it
     * holds. Refuses with an {@code ApiException} (nothing spent) a session that is unknown, expired,
     * used, of another window, attached to another bill, or, when no scan accompanies it, holding
     * nothing to pay with.
     */
    Mono<Presented> redeem(Terminal terminal, String sessionId, String billNo, boolean withScan);
}
