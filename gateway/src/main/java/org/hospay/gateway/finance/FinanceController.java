package org.hospay.gateway.finance;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
 * The finance office's API (docs/api.md §11, docs/finance.md): reconciliation on demand and its results,
 * the review worklist and its actions, the window shift close. FINANCE terminals only.
 */
@RestController
class FinanceController {

    private final Reconciler reconciler;
    private final ReconStore store;
    private final Worklist worklist;
    private final ShiftClose shiftClose;

    FinanceController(Reconciler reconciler, ReconStore store, Worklist worklist, ShiftClose shiftClose) {
        this.reconciler = reconciler;
        this.store = store;
        this.worklist = worklist;
        this.shiftClose = shiftClose;
    }

    record ReconcileRequest(String day, List<String> counterparties) {}

    record DayView(LocalDate day, List<ReconStore.Run> runs, List<ReconStore.Stored> differences) {}

    record ActionRequest(String action, String note) {}

    @PostMapping("/api/v1/finance/reconciliations")
    Mono<DayView> reconcile(ServerWebExchange exchange, @RequestBody ReconcileRequest body) {
        return Mono.defer(() -> {
            finance(exchange);
            LocalDate day = day(body == null ? null : body.day());
            List<String> only = body == null || body.counterparties() == null ? List.of() : body.counterparties();
            Set<String> known = reconciler.names();
            for (String c : only) {
                if (!known.contains(c)) throw ApiException.badRequest("UNKNOWN_COUNTERPARTY", "no counterparty " + c + "; known: " + known);
            }
            return reconciler.reconcile(day, only).then(view(day, null));
        });
    }

    @GetMapping("/api/v1/finance/reconciliations")
    Mono<DayView> results(ServerWebExchange exchange, @RequestParam(required = false) String day,
                          @RequestParam(required = false) String counterparty) {
        return Mono.defer(() -> {
            finance(exchange);
            return view(day(day), counterparty);
        });
    }

    @GetMapping("/api/v1/finance/worklist")
    Mono<Map<String, Object>> worklist(ServerWebExchange exchange) {
        return Mono.defer(() -> {
            finance(exchange);
            return worklist.items(500).collectList().map(items -> Map.of("items", items));
        });
    }

    @PostMapping("/api/v1/finance/worklist/{item}/actions")
    Mono<Worklist.ActionResult> act(ServerWebExchange exchange, @PathVariable String item, @RequestBody ActionRequest body) {
        return Mono.defer(() -> {
            Terminal t = finance(exchange);
            Worklist.Action action;
            try {
                action = Worklist.Action.valueOf(body == null || body.action() == null ? "" : body.action());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("INVALID_ACTION", "action must be RETRY, RESOLVE or REFUND");
            }
            return worklist.act(t, item, action, body.note());
        });
    }

    @GetMapping("/api/v1/finance/shift-close")
    Mono<ResponseEntity<?>> shiftClose(ServerWebExchange exchange, @RequestParam(required = false) String day,
                                       @RequestParam(required = false) String format) {
        return Mono.defer(() -> {
            Terminal t = finance(exchange);
            LocalDate d = day(day);
            boolean csv = "csv".equalsIgnoreCase(format);
            if (format != null && !csv && !"json".equalsIgnoreCase(format)) throw ApiException.badRequest("INVALID_FORMAT", "format is json or csv");
            return shiftClose.day(d, t.hospitalId()).map(lines -> csv
                    ? ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"shift-close-" + d + ".csv\"")
                            .body(ShiftClose.csv(d, lines))
                    : ResponseEntity.ok(Map.of("day", d, "lines", lines)));
        });
    }

    private Mono<DayView> view(LocalDate day, String counterparty) {
        return Mono.zip(store.runs(day).filter(r -> counterparty == null || r.counterparty().equals(counterparty)).collectList(),
                store.differences(day, counterparty).collectList()).map(t -> new DayView(day, t.getT1(), t.getT2()));
    }

    private static Terminal finance(ServerWebExchange exchange) {
        Terminal t = Terminal.of(exchange);
        if (t.kind() != Terminal.Kind.FINANCE) throw ApiException.forbidden("FORBIDDEN", "only the finance office's terminals use /api/v1/finance");
        return t;
    }

    private LocalDate day(String day) {
        if (day == null || day.isBlank()) return LocalDate.now(java.time.Clock.system(OurBooks.BEIJING)).minusDays(1);
        try {
            return LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_DAY", "day must be an ISO date (2026-12-05)");
        }
    }
}
