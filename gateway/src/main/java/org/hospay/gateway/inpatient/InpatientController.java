package org.hospay.gateway.inpatient;

import java.math.BigDecimal;
import java.net.URI;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** docs/api.md §13: inpatient stays, their deposits, fees, withdrawals, discharge and settlement cancel. */
@RestController
class InpatientController {

    private final Stays stays;
    private final Discharges discharges;
    private final AuditLog audit;
    private final RateLimits limits;

    InpatientController(Stays stays, Discharges discharges, AuditLog audit, RateLimits limits) {
        this.limits = limits;
        this.stays = stays;
        this.discharges = discharges;
        this.audit = audit;
    }

    record WithdrawalRequest(BigDecimal amountFen) {}

    @PostMapping("/api/v1/inpatient/stays")
    Mono<ResponseEntity<StayView>> admit(ServerWebExchange exchange, @RequestBody(required = false) Stays.Admission body) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "STAY_ADMIT", null, stays.admit(t, body), v -> v.stayId().toString(), StayView::status)
                .map(v -> ResponseEntity.created(URI.create("/api/v1/inpatient/stays/" + v.stayId())).body(v));
    }

    @GetMapping("/api/v1/inpatient/stays/{stayId}")
    Mono<StayView> get(ServerWebExchange exchange, @PathVariable String stayId) {
        return stays.view(Terminal.of(exchange), id(stayId));
    }

    /** 200 with the deposit once its payment is final, 202 while it runs (follow the payment, or the stay). */
    @PostMapping("/api/v1/inpatient/stays/{stayId}/deposits")
    Mono<ResponseEntity<Stays.DepositAnswer>> deposit(ServerWebExchange exchange, @PathVariable String stayId,
                                                      @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                      @RequestBody(required = false) Stays.DepositRequest body) {
        Terminal t = Terminal.of(exchange);
        // A deposit is a new payment: the same per-terminal budget as POST /api/v1/payments (429 RATE_LIMITED).
        return limits.newPayment(t.terminalId())
                .then(Mono.defer(() -> audit.audited(actor(t), "STAY_DEPOSIT", stayId, stays.deposit(t, id(stayId), key, body),
                        d -> d.depositId().toString(), Stays.DepositAnswer::status)))
                .map(d -> ResponseEntity.status(d.stillRunning() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(d));
    }

    @PostMapping("/api/v1/inpatient/stays/{stayId}/deposit-refunds")
    Mono<Discharges.Withdrawal> withdraw(ServerWebExchange exchange, @PathVariable String stayId,
                                         @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                         @RequestBody(required = false) WithdrawalRequest body) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "STAY_WITHDRAW", stayId,
                discharges.withdraw(t, id(stayId), key, body == null ? null : body.amountFen()), w -> stayId, w -> w.stay().status());
    }

    @PostMapping("/api/v1/inpatient/stays/{stayId}/fees")
    Mono<Stays.FeeAnswer> fees(ServerWebExchange exchange, @PathVariable String stayId, @RequestBody(required = false) Stays.FeeBatch body) {
        return stays.fees(Terminal.of(exchange), id(stayId), body);
    }

    /** 200 once discharged; 202 while deposit refunds are going out or the shortfall is awaited (stage says which). */
    @PostMapping("/api/v1/inpatient/stays/{stayId}/discharge")
    Mono<ResponseEntity<StayView>> discharge(ServerWebExchange exchange, @PathVariable String stayId) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "STAY_DISCHARGE", stayId, discharges.discharge(t, id(stayId)), v -> stayId, StayView::status)
                .map(InpatientController::answer);
    }

    @PostMapping("/api/v1/inpatient/stays/{stayId}/discharge/payments")
    Mono<ResponseEntity<Stays.DepositAnswer>> collect(ServerWebExchange exchange, @PathVariable String stayId,
                                                      @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                      @RequestBody(required = false) Stays.DepositRequest body) {
        Terminal t = Terminal.of(exchange);
        UUID id = id(stayId);
        return limits.newPayment(t.terminalId())
                .then(Mono.defer(() -> audit.audited(actor(t), "STAY_SHORTFALL", stayId, stays.collect(t, id, key, body),
                        d -> d.depositId().toString(), Stays.DepositAnswer::status)))
                .flatMap(d -> "SUCCEEDED".equals(d.status()) ? discharges.resume(id).thenReturn(d) : Mono.just(d))
                .map(d -> ResponseEntity.status(d.stillRunning() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(d));
    }

    /** 200 once the stay is ADMITTED again; 202 while an insured settlement's cancel waits for the platform (stage CANCELLING). */
    @PostMapping("/api/v1/inpatient/stays/{stayId}/discharge/cancel")
    Mono<ResponseEntity<StayView>> cancel(ServerWebExchange exchange, @PathVariable String stayId) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "STAY_SETTLEMENT_CANCEL", stayId, discharges.cancel(t, id(stayId)), v -> stayId, StayView::status)
                .map(v -> ResponseEntity.status("ADMITTED".equals(v.status()) ? HttpStatus.OK : HttpStatus.ACCEPTED).body(v));
    }

    /** A fee batch cancelled for a correction (2302 at the platform for an insured stay): 200 once gone, 202 while it is sent. */
    @PostMapping("/api/v1/inpatient/stays/{stayId}/fees/{batchNo}/cancel")
    Mono<ResponseEntity<Stays.FeeAnswer>> cancelFees(ServerWebExchange exchange, @PathVariable String stayId, @PathVariable String batchNo) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "STAY_FEES_CANCEL", stayId, stays.cancelFees(t, id(stayId), batchNo), f -> f.batchNo(),
                        Stays.FeeAnswer::insurance)
                .map(f -> ResponseEntity.status("CANCELLED".equals(f.insurance()) ? HttpStatus.OK : HttpStatus.ACCEPTED).body(f));
    }

    /** docs/api.md §13.7: the ward's "deposit low" reminder, a bill event of the HIS. */
    @PostMapping("/api/v1/his/deposit-reminders")
    Mono<Stays.ReminderAnswer> remind(ServerWebExchange exchange, @RequestBody(required = false) Stays.ReminderEvent body) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "STAY_DEPOSIT_REMINDER", null, stays.remind(t, body), a -> a.stayId().toString(),
                a -> a.replayed() ? "REPLAYED" : "NOTIFIED_" + a.notified());
    }

    /** The finance office's list: deposit refunds declined too often or unconfirmed too long. */
    @GetMapping("/api/v1/inpatient/deposit-refunds")
    Flux<StayView.RefundView> needingReview(ServerWebExchange exchange) {
        return discharges.needingReview(Terminal.of(exchange));
    }

    private static ResponseEntity<StayView> answer(StayView v) {
        return ResponseEntity.status("DISCHARGED".equals(v.status()) ? HttpStatus.OK : HttpStatus.ACCEPTED).body(v);
    }

    private static AuditLog.Actor actor(Terminal t) {
        return AuditLog.Actor.terminal(t.hospitalId(), t.terminalId(), t.operatorId());
    }

    private static UUID id(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("STAY_NOT_FOUND", "no stay " + raw);
        }
    }
}
