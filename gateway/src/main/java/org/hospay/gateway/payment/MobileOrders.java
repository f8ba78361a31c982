package org.hospay.gateway.payment;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hospay.gateway.support.SecretBox;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The mobile insurance order (6201) of each phone payment, written before the legs that pay it are planned, so
 * the insurance leg (6202), recovery's query (6301) and every undo (6203, 6401) find it from the payment alone.
 */
@Component
class MobileOrders {

    record Order(String payOrdId, String payToken) {

        @Override
        public String toString() {
            return "Order[" + payOrdId + "]";
        }
    }

    private final DatabaseClient db;
    private final SecretBox box;

    MobileOrders(DatabaseClient db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    Mono<Void> save(UUID paymentId, String payOrdId, String payToken) {
        return db.sql("INSERT INTO payment_mobile_order (payment_id, pay_ord_id, pay_token_enc) VALUES (:p, :o, :t)")
                .bind("p", paymentId).bind("o", payOrdId).bind("t", box.seal(payToken.getBytes(StandardCharsets.UTF_8)))
                .then();
    }

    /** The order; an error when there is none (a phone payment's insurance leg is never planned without one). */
    Mono<Order> of(UUID paymentId) {
        return db.sql("SELECT pay_ord_id, pay_token_enc FROM payment_mobile_order WHERE payment_id = :p").bind("p", paymentId)
                .map(r -> new Order(r.get("pay_ord_id", String.class), new String(box.open(r.get("pay_token_enc", byte[].class)), StandardCharsets.UTF_8)))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("payment " + paymentId + " has no mobile insurance order")));
    }
}
