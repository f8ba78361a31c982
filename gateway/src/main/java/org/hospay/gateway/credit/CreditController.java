package org.hospay.gateway.credit;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.terminal.RequestSignature;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Credit care for terminals (docs/api.md §11): enrolment at a window; and for the finance office the white and
 * black lists, lifting a black-listing (with the reason, audited), running the daily jobs now and reading a
 * day's batch. Which kind of terminal may call what is {@code TerminalRules}'.
 */
@RestController
class CreditController {

    private final Enrolments enrolments;
    private final CreditStore store;
    private final BatchStore batches;
    private final CreditBatches batchRuns;
    private final CreditJobs jobs;
    private final CreditIdentity identity;
    private final CreditProperties props;
    private final CreditClock clock;
    private final AuditLog audit;

    CreditController(Enrolments enrolments, CreditStore store, BatchStore batches, CreditBatches batchRuns, CreditJobs jobs,
                     CreditIdentity identity, CreditProperties props, CreditClock clock, AuditLog audit) {
        this.enrolments = enrolments;
        this.store = store;
        this.batches = batches;
        this.batchRuns = batchRuns;
        this.jobs = jobs;
        this.identity = identity;
        this.props = props;
        this.clock = clock;
        this.audit = audit;
    }

    private static AuditLog.Actor actor(Terminal t) {
        return AuditLog.Actor.terminal(t.hospitalId(), t.terminalId(), t.operatorId());
    }

    @PostMapping("/api/v1/credit/enrolments")
    Mono<ResponseEntity<CreditViews.AccountView>> enrol(ServerWebExchange exchange, @RequestBody(required = false) Enrolments.Request body) {
        Terminal t = Terminal.of(exchange);
        return audit.audited(actor(t), "CREDIT_ENROL", null, enrolments.enrol(t.hospitalId(), null, body),
                        a -> a.accountId().toString(), a -> a.tier() + " " + a.lineFen())
                .flatMap(a -> CreditViews.of(a, store, props.zone()))
                .map(v -> ResponseEntity.status(HttpStatus.CREATED).body(v));
    }

    @GetMapping("/api/v1/credit/cards/{cardNo}")
    Mono<CreditViews.AccountView> card(ServerWebExchange exchange, @PathVariable String cardNo) {
        Terminal t = Terminal.of(exchange);
        return store.account(t.hospitalId(), cardNo)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("CREDIT_NOT_ENROLLED", "this card is not enrolled in credit care")))
                .flatMap(a -> CreditViews.of(a, store, props.zone()));
    }

    /**
     * A credit leg as the cashier sees it (the payment's {@code selfPay.channelTradeNo} is the consumption id): the bill
     * on the line (status, the batch that takes it, when it is due if the bank cannot deduct it) and the line itself.
     */
    @GetMapping("/api/v1/credit/consumptions/{consumptionId}")
    Mono<CreditViews.LegView> consumption(ServerWebExchange exchange, @PathVariable String consumptionId) {
        Terminal t = Terminal.of(exchange);
        return store.consumption(consumptionId)
                .flatMap(c -> store.account(c.accountId()).filter(a -> a.hospitalId().equals(t.hospitalId()))
                        .map(a -> CreditViews.leg(c, a, props)))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("CREDIT_BILL_NOT_FOUND", "no credit bill " + consumptionId + " here")));
    }

    record ListRequest(String kind, String idNo, String reason, Long lineFen) {}

    record Listed(String kind, String patient, Long lineFen, String reason) {}

    @PostMapping("/api/v1/credit/lists")
    Mono<Listed> list(ServerWebExchange exchange, @RequestBody(required = false) ListRequest body) {
        Terminal t = Terminal.of(exchange);
        return Mono.defer(() -> {
            if (body == null || !("WHITE".equals(body.kind()) || "BLACK".equals(body.kind()))) {
                throw ApiException.badRequest("INVALID_LIST", "kind must be WHITE or BLACK");
            }
            String idNo = identity.idNumber(body.idNo());
            String reason = reason(body.reason());
            if (body.lineFen() != null && (body.lineFen() < props.minLineFen() || body.lineFen() > props.maxLineFen())) {
                throw ApiException.badRequest("INVALID_LINE", "lineFen must be between " + props.minLineFen() + " and " + props.maxLineFen());
            }
            Long line = "WHITE".equals(body.kind()) ? body.lineFen() : null;
            String masked = CreditIdentity.mask(idNo);
            return audit.audited(actor(t), "CREDIT_LIST_" + body.kind(), masked,
                    store.list(t.hospitalId(), identity.candidates(idNo), identity.seal(idNo), masked, body.kind(), line, reason, clock.clock().instant())
                            .thenReturn(new Listed(body.kind(), masked, line, reason)),
                    l -> masked, l -> l.kind() + ": " + reason);
        });
    }

    record LiftRequest(String reason) {}

    /** Finance lifts a black-listing; the reason is kept on the account and in the audit trail. */
    @PostMapping("/api/v1/credit/cards/{cardNo}/lift")
    Mono<CreditViews.AccountView> lift(ServerWebExchange exchange, @PathVariable String cardNo, @RequestBody(required = false) LiftRequest body) {
        Terminal t = Terminal.of(exchange);
        return Mono.defer(() -> {
            String reason = reason(body == null ? null : body.reason());
            return audit.audited(actor(t), "CREDIT_LIFT", cardNo,
                            store.lift(t.hospitalId(), cardNo, "lifted: " + reason, a -> identity.candidates(identity.open(a.idEnc())))
                                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("CREDIT_NOT_ENROLLED", "this card is not enrolled"))),
                            a -> a.accountId().toString(), a -> "LIFTED: " + reason)
                    .flatMap(a -> CreditViews.of(a, store, props.zone()));
        });
    }

    private static String reason(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 200) throw ApiException.badRequest("REASON_REQUIRED", "a reason of 1-200 characters is required");
        return raw.strip();
    }

    /**
     * Runs the daily jobs now; {@code rerun}: sends that day's stored batch file again first (idempotent);
     * {@code day}: cuts that day's batch now (today at the latest) instead of waiting for 00:00.
     */
    @PostMapping("/api/v1/credit/jobs/run")
    Mono<ResponseEntity<CreditJobs.Run>> run(@RequestParam(name = "rerun", required = false) String rerun,
                                             @RequestParam(name = "day", required = false) String day) {
        LocalDate again = rerun == null ? null : date(rerun);
        LocalDate cut = day == null ? null : date(day);
        if (cut != null && cut.isAfter(batchRuns.lastClosedDay().plusDays(1))) {
            return Mono.error(ApiException.badRequest("INVALID_DATE", "day must not be after today"));
        }
        Mono<?> first = again == null ? Mono.empty() : batchRuns.rerun(again);
        return first.then(jobs.runNow(cut)).map(r -> r.ran() ? ResponseEntity.ok(r)
                : ResponseEntity.status(HttpStatus.CONFLICT).body(r));
    }

    record BatchView(String batchNo, LocalDate batchDate, String status, int recordCount, long totalFen, Long deductedFen, int refundCount,
                     Long creditedFen, int attempts, String lastError, String fileSha256, String file) {}

    @GetMapping("/api/v1/credit/batches/{date}")
    Mono<BatchView> batch(@PathVariable String date) {
        return batches.batch(date(date))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("BATCH_NOT_FOUND", "no credit batch for " + date)))
                .map(b -> new BatchView(b.batchNo(), b.batchDate(), b.status(), b.recordCount(), b.totalFen(), b.deductedFen(), b.refundCount(),
                        b.creditedFen(), b.attempts(),
                        b.lastError(), RequestSignature.sha256Hex(b.fileText().getBytes(StandardCharsets.US_ASCII)), b.fileText()));
    }

    private static LocalDate date(String raw) {
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_DATE", "date must be yyyy-MM-dd");
        }
    }
}
