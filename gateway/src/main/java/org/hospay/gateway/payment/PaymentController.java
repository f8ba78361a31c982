package org.hospay.gateway.payment;

import java.time.LocalDate;
import java.util.UUID;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.limits.RateLimits;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
class PaymentController {

    private final PaymentService payments;
    private final RefundService refunds;
    private final RateLimits limits;
    private final AuditLog audit;

    PaymentController(PaymentService payments, RefundService refunds, RateLimits limits, AuditLog audit) {
        this.payments = payments;
        this.refunds = refunds;
        this.limits = limits;
        this.audit = audit;
    }

    static AuditLog.Actor actor(Terminal t) {
        return AuditLog.Actor.terminal(t.hospitalId(), t.terminalId(), t.operatorId());
    }

    /**
     * docs/api.md §7: full (amountFen omitted) or partial refund, idempotent by key, never more than paid per leg;
     * 202 {@code APPROVAL_REQUIRED} when it is above the approval threshold (§7.1).
     */
    @PostMapping("/api/v1/payments/{paymentId}/refunds")
    Mono<ResponseEntity<RefundService.RefundView>> refund(ServerWebExchange exchange, @PathVariable String paymentId,
                                                          @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                          @RequestBody(required = false) RefundService.RefundRequest body) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "REFUND_REQUEST", paymentId,
                        refunds.refund(t, id(paymentId), key, body == null ? new RefundService.RefundRequest(null, null, null) : body),
                        r -> r.refundId().toString(), RefundService.RefundView::status)
                .map(r -> ResponseEntity.status(RefundService.APPROVAL_REQUIRED.equals(r.status()) ? HttpStatus.ACCEPTED : HttpStatus.OK).body(r));
    }

    /** docs/api.md §7.1: a FINANCE terminal (not the requester) approves a refund that waits for it; it is executed now. */
    @PostMapping("/api/v1/refunds/{refundId}/approvals")
    Mono<RefundService.RefundView> approve(ServerWebExchange exchange, @PathVariable String refundId) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "REFUND_APPROVE", refundId, refunds.approve(t, refundId(refundId)),
                r -> r.refundId().toString(), RefundService.RefundView::status);
    }

    @GetMapping("/api/v1/payments/{paymentId}/refunds")
    Flux<RefundService.RefundView> refundsOf(ServerWebExchange exchange, @PathVariable String paymentId) {
        return payments.get(Terminal.of(exchange), id(paymentId)).thenMany(refunds.ofPayment(id(paymentId)));
    }

    /** docs/api.md §6.1: 200 final, 202 still running (Location to poll), 4xx with a specific code. */
    @PostMapping("/api/v1/payments")
    Mono<ResponseEntity<PaymentView>> pay(ServerWebExchange exchange,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                          @RequestBody PaymentRequest request) {
        Terminal t = Terminal.of(exchange);
        return limits.newPayment(t.terminalId())
                .then(Mono.defer(() -> audit.audited(actor(t), "PAYMENT_CREATE", null, payments.pay(t, key, request),
                        a -> a.view().paymentId().toString(), a -> a.view().status())))
                .map(PaymentResponses::of);
    }

    record CodeSubmission(String scannedCode) {}

    /** The payment code for a payment that waits for one (e-voucher or card with no self-pay source). */
    @PostMapping("/api/v1/payments/{paymentId}/codes")
    Mono<ResponseEntity<PaymentView>> presentCode(ServerWebExchange exchange, @PathVariable String paymentId,
                                                  @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                  @RequestBody CodeSubmission body) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "CODE_PRESENT", paymentId, payments.presentCode(t, id(paymentId), key, body.scannedCode()),
                        a -> a.view().paymentId().toString(), a -> a.view().status())
                .map(PaymentResponses::of);
    }

    @GetMapping("/api/v1/payments/{paymentId}")
    Mono<PaymentView> get(ServerWebExchange exchange, @PathVariable String paymentId) {
        return payments.get(Terminal.of(exchange), id(paymentId));
    }

    /** By bill ({@code ?billNo=}) or a window's payments of one day ({@code ?windowId=&date=yyyy-MM-dd}, default today). */
    @GetMapping("/api/v1/payments")
    Flux<PaymentView> list(ServerWebExchange exchange, @RequestParam(required = false) String billNo,
                           @RequestParam(required = false) String windowId, @RequestParam(required = false) String date) {
        Terminal t = Terminal.of(exchange);
        if (billNo != null) return payments.byBill(t, billNo);
        if (windowId != null) {
            LocalDate day;
            try {
                day = date == null ? LocalDate.now(PaymentView.ZONE) : LocalDate.parse(date);
            } catch (java.time.DateTimeException e) {
                return Flux.error(ApiException.badRequest("INVALID_DATE", "date must be yyyy-MM-dd"));
            }
            return payments.byWindowSince(t, windowId, day.atStartOfDay(PaymentView.ZONE).toInstant());
        }
        return Flux.error(ApiException.badRequest("MISSING_PARAMETER", "give billNo, or windowId (and optionally date)"));
    }

    private static UUID refundId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("REFUND_NOT_FOUND", "no refund " + raw);
        }
    }

    static UUID id(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + raw);
        }
    }
}
