package org.hospay.gateway.family;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.payment.PaymentAnswer;
import org.hospay.gateway.payment.PaymentRequest;
import org.hospay.gateway.payment.PaymentResponses;
import org.hospay.gateway.payment.PaymentService;
import org.hospay.gateway.payment.PaymentView;
import org.hospay.gateway.terminal.RequestSignature;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.limits.RateLimits;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * docs/api.md §9: the HIS (a terminal of kind HIS) posts a bill issued for a hospital card; the
 * card's plan pays it (insurance when the holder is insured, the self-pay part from the first family payer
 * who can) with nobody at a window. The answer is the payment, with status {@code AWAITING_PAYMENT} when no
 * payer could pay and the bill waits for a payment code at the window (or when the card has no binding at all).
 *
 * <p>Idempotent by bill: without an {@code Idempotency-Key} the key is derived from the bill number, so the HIS
 * re-posting a bill gets the same answer and never a second deduction.
 */
@RestController
class HisBillController {

    static final String AWAITING_PAYMENT = "AWAITING_PAYMENT";

    private final PaymentService payments;
    private final RateLimits limits;
    private final AuditLog audit;

    HisBillController(PaymentService payments, RateLimits limits, AuditLog audit) {
        this.payments = payments;
        this.limits = limits;
        this.audit = audit;
    }

    record HisBill(String billNo, String cardNo, String medType, List<PaymentRequest.Item> items, BigDecimal totalFen) {}

    @PostMapping("/api/v1/his/bills")
    Mono<ResponseEntity<?>> bill(ServerWebExchange exchange, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                 @RequestBody HisBill bill) {
        Terminal his = Terminal.of(exchange);
        if (his.kind() != Terminal.Kind.HIS) {
            return Mono.error(ApiException.forbidden("HIS_ONLY", "bill events are posted by the hospital's HIS terminal"));
        }
        if (bill.cardNo() == null || bill.cardNo().isBlank()) {
            return Mono.error(ApiException.badRequest("INVALID_CARD_NO", "cardNo is required"));
        }
        var request = new PaymentRequest(bill.billNo(), null, null, bill.cardNo(), bill.medType() == null ? "OUTPATIENT" : bill.medType(),
                bill.items(), bill.totalFen());
        String idempotencyKey = key != null ? key : "his-" + RequestSignature.sha256Hex(String.valueOf(bill.billNo())
                .getBytes(StandardCharsets.UTF_8)).substring(0, 40);
        var actor = AuditLog.Actor.terminal(his.hospitalId(), his.terminalId(), his.operatorId());
        return limits.newPayment(his.terminalId())
                .then(Mono.defer(() -> audit.audited(actor, "HIS_BILL", null, payments.pay(his, idempotencyKey, request),
                        a -> a.view().paymentId().toString(), a -> a.view().status())))
                .<ResponseEntity<?>>map(HisBillController::answer)
                .onErrorResume(ApiException.class, e -> e.code().equals("CARD_NOT_BOUND") || e.code().equals("CREDIT_BLACKLISTED")
                        ? Mono.just(ResponseEntity.ok(unbound(bill)))
                        : Mono.error(e));
    }

    /** A payment waiting for a code at the window is AWAITING_PAYMENT to the HIS; anything else is the payment as it is. */
    private static ResponseEntity<?> answer(PaymentAnswer a) {
        PaymentView v = a.view();
        if (!v.awaitingPaymentCode()) return PaymentResponses.of(a);
        return ResponseEntity.ok(new PaymentView(v.paymentId(), v.billNo(), AWAITING_PAYMENT, v.totalFen(), v.insurance(), v.selfPay(), v.commercial(),
                v.failure(), v.source(), v.sourceKind(), v.windowId(), true, v.refundedFen(), v.createdAt(), v.completedAt()));
    }

    private static Map<String, Object> unbound(HisBill bill) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paymentId", null);
        m.put("billNo", bill.billNo());
        m.put("status", AWAITING_PAYMENT);
        m.put("totalFen", bill.totalFen());
        m.put("reason", "CARD_NOT_BOUND");
        m.put("message", "no family-proxy binding names this card; the bill is paid at the window");
        return m;
    }
}
