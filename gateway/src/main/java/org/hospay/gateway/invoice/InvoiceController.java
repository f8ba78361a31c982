package org.hospay.gateway.invoice;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hospay.gateway.family.PaymentParties;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/payments/{id}/invoice} (docs/api.md §6.4): the payment's electronic receipt as it stands,
 * for the window and the kiosk to print and the cashier and the finance office to reprint: the current receipt
 * (the last one issued and not red-flushed) and every receipt and red-flush before it. The same for the
 * mini-program ({@code GET /api/v1/mini/payments/{id}/invoice}, §11.1), to the payment's payer or patient only.
 */
@RestController
class InvoiceController {

    private final InvoiceStore store;
    private final PaymentParties parties;

    InvoiceController(InvoiceStore store, PaymentParties parties) {
        this.store = store;
        this.parties = parties;
    }

    /** One receipt: BLUE (a receipt) or RED (a red-flush of the receipt {@code flushes}). */
    record Receipt(String kind, String status, long amountFen, String invoiceCode, String invoiceNo, String checkCode, String pdfUrl,
                   String verifyUrl, Instant issuedAt, String refundId) {}

    /**
     * {@code status}: ISSUED (the patient has a valid receipt), PENDING (being issued: the platform may be down;
     * it will be issued), RED_FLUSHED (refunded in full: no receipt stands), FAILED (the platform refused it: finance).
     */
    record InvoiceView(UUID paymentId, String status, Receipt current, List<Receipt> history) {}

    @GetMapping("/api/v1/payments/{paymentId}/invoice")
    Mono<InvoiceView> invoice(ServerWebExchange exchange, @PathVariable String paymentId) {
        return Mono.defer(() -> {
            Terminal t = Terminal.of(exchange);
            UUID id;
            try {
                id = UUID.fromString(paymentId);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId);
            }
            return store.hospitalOf(id)
                    .filter(h -> h.equals(t.hospitalId()))
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId)))
                    .flatMap(h -> store.ofPayment(id).collectList())
                    .flatMap(rows -> rows.isEmpty() ? notYet(id) : Mono.just(view(id, rows)));
        });
    }

    /**
     * The patient's or payer's copy: a payment they are neither payer nor patient of is 404 PAYMENT_NOT_FOUND, as one
     * that does not exist (whether someone else's payment exists is not theirs to learn).
     */
    @GetMapping("/api/v1/mini/payments/{paymentId}/invoice")
    Mono<InvoiceView> mine(Principal user, @PathVariable String paymentId) {
        return Mono.defer(() -> {
            UUID id;
            try {
                id = UUID.fromString(paymentId);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId);
            }
            return parties.isPayerOrPatient(user, id)
                    .filter(Boolean::booleanValue)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId + " of yours")))
                    .flatMap(ok -> store.ofPayment(id).collectList())
                    .flatMap(rows -> rows.isEmpty() ? notYet(id) : Mono.just(view(id, rows)));
        });
    }

    /**
     * No receipt row: a payment that succeeded a moment ago is PENDING (the relay writes its receipt within a
     * second or two; a phone asking right after paying must not be told there is none), any other has none.
     */
    private Mono<InvoiceView> notYet(UUID id) {
        return store.succeeded(id).flatMap(owed -> owed
                ? Mono.just(new InvoiceView(id, "PENDING", null, List.of()))
                : Mono.error(ApiException.notFound("INVOICE_NOT_FOUND", "payment " + id + " has no invoice (it has not succeeded)")));
    }

    static InvoiceView view(UUID paymentId, List<InvoiceStore.Row> rows) {
        List<Receipt> history = rows.stream().map(r -> new Receipt(r.kind(), r.status(), r.amountFen(), r.invoiceCode(), r.invoiceNo(),
                r.checkCode(), r.pdfUrl(), r.verifyUrl(), r.issuedAt(), r.refundId() == null ? null : r.refundId().toString())).toList();
        InvoiceStore.Row last = rows.stream().filter(r -> "BLUE".equals(r.kind())).reduce((a, b) -> b).orElseThrow();
        String status = switch (last.status()) {
            case "ISSUED" -> "ISSUED";
            case "RED_FLUSHED" -> "RED_FLUSHED";
            case "FAILED" -> "FAILED";
            default -> rows.stream().anyMatch(r -> "FAILED".equals(r.status())) ? "FAILED" : "PENDING";
        };
        Receipt current = "ISSUED".equals(last.status()) ? history.get(rows.indexOf(last)) : null;
        return new InvoiceView(paymentId, status, current, history);
    }
}
