package org.hospay.simulator.einvoice;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.hospay.simulator.commercial.HmacExchange;
import org.hospay.simulator.fault.FaultRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fiscal e-invoice platform's HTTP side (channels/docs/einvoice.md): issue, query and red-flush, HMAC-signed
 * ({@code X-EInv-*}, the commercial insurer's scheme); the receipt's PDF and its public verification page (what
 * the QR code points to). Injected faults (channel EINVOICE): ERROR answers 500 SYSTEM_ERROR without issuing;
 * TIMEOUT issues and never answers; {@code errorRate: 1} is an outage. {@code POST /sim/einvoice/refusals
 * {"billNo"}} makes the platform refuse the bill's next receipt for good (400 {@code INVALID_REQUEST}), once.
 */
@RestController
class EInvoiceController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** DEMO ONLY partner (the adapter's EInvoiceConfig.demo). */
    static final Map<String, String> PARTNERS = Map.of("HOSPAY-DEMO", "DEMO-ONLY-einvoice-secret-0001");

    private final EInvoiceSim sim;
    private final FaultRegistry faults;
    private final HmacExchange exchange;
    /** Bills whose next receipt is refused (a receipt finance must look at). */
    private final java.util.Set<String> refuse = java.util.concurrent.ConcurrentHashMap.newKeySet();

    EInvoiceController(EInvoiceSim sim, FaultRegistry faults, Clock clock) {
        this.sim = sim;
        this.faults = faults;
        this.exchange = new HmacExchange("X-EInv", PARTNERS, clock);
    }

    private record Answer(int status, String code, String message, JsonNode data) {
        String json() {
            ObjectNode o = JSON.createObjectNode().put("code", code).put("message", message);
            o.set("data", data == null ? JSON.nullNode() : data);
            return JSON.writeValueAsString(o);
        }
    }

    private interface Operation {
        Answer run(JsonNode request, String base);
    }

    @PostMapping("/einv/v1/invoices/issue")
    Mono<ResponseEntity<byte[]>> issue(ServerHttpRequest request, @RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/einv/v1/invoices/issue", request, headers, body, (r, base) -> {
            String outNo = text(r, "outInvoiceNo");
            long total = r.path("totalFen").asLong(-1);
            if (total <= 0) throw new IllegalArgumentException("totalFen must be positive");
            if (r.path("fundPayFen").asLong() + r.path("accountPayFen").asLong() + r.path("selfPayFen").asLong() != total)
                throw new IllegalArgumentException("fundPayFen + accountPayFen + selfPayFen must equal totalFen");
            Optional<EInvoiceSim.Receipt> earlier = sim.byOutNo(outNo);
            if (earlier.isEmpty() && refuse.remove(text(r, "billNo")))
                return new Answer(400, "INVALID_REQUEST", "缴款人信息有误，票据不予开具", null);
            if (earlier.isPresent() && earlier.get().amountFen() != total)
                return new Answer(409, "DUPLICATE_REQUEST", "outInvoiceNo " + outNo + " was issued for another amount", null);
            return ok(sim.issue(outNo, total, r.path("payerName").asString("患者"), text(r, "billNo"), null), base);
        });
    }

    record Refusal(String billNo) {}

    /** Test and demo control: the next receipt of this bill is refused for good. */
    @PostMapping("/sim/einvoice/refusals")
    ResponseEntity<Void> refuseNext(@RequestBody Refusal refusal) {
        if (refusal == null || refusal.billNo() == null || refusal.billNo().isBlank()) return ResponseEntity.badRequest().build();
        refuse.add(refusal.billNo());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/einv/v1/invoices/query")
    Mono<ResponseEntity<byte[]>> query(ServerHttpRequest request, @RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/einv/v1/invoices/query", request, headers, body, (r, base) -> sim.byOutNo(text(r, "outInvoiceNo"))
                .map(x -> ok(x, base)).orElseGet(() -> new Answer(404, "INVOICE_NOT_FOUND", "no receipt under this number", null)));
    }

    @PostMapping("/einv/v1/invoices/red-flush")
    Mono<ResponseEntity<byte[]>> redFlush(ServerHttpRequest request, @RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/einv/v1/invoices/red-flush", request, headers, body, (r, base) -> {
            Optional<EInvoiceSim.Receipt> original = sim.byKey(text(r, "invoiceCode"), text(r, "invoiceNo"));
            if (original.isEmpty()) return new Answer(404, "INVOICE_NOT_FOUND", "no such receipt", null);
            return sim.redFlush(text(r, "outRedNo"), original.get()).map(red -> ok(red, base))
                    .orElseGet(() -> new Answer(409, "ALREADY_RED_FLUSHED", "the receipt was red-flushed already", null));
        });
    }

    /** The receipt as a one-page PDF (the real platform's layout is the province's; this one prints the facts). */
    @GetMapping(path = "/einv/files/{code}/{no}.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String code, @PathVariable String no) {
        return sim.byKey(code, no).map(r -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(ReceiptPdf.of(r)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The public verification page the QR code points to: whether the receipt is genuine and still valid. */
    @GetMapping(path = "/einv/verify", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> verify(@RequestParam String code, @RequestParam String no, @RequestParam String check) {
        Optional<EInvoiceSim.Receipt> r = sim.byKey(code, no).filter(x -> x.checkCode().equals(check));
        String state = r.isEmpty() ? "查无此票 (not found)" : r.get().original() != null ? "红票 (red-flush of " + r.get().original() + ")"
                : r.get().redFlushedBy() != null ? "已冲红 (red-flushed)" : "有效 (valid)";
        String html = "<!doctype html><meta charset=utf-8><title>票据查验</title><h1>医疗收费电子票据查验</h1><p>" + code + " " + no + ": "
                + state + "</p>" + r.map(x -> "<p>金额 " + x.amountFen() / 100 + "." + String.format("%02d", x.amountFen() % 100) + " 元</p>").orElse("");
        return ResponseEntity.status(r.isEmpty() ? 404 : 200).body(html);
    }

    private Mono<ResponseEntity<byte[]>> handle(String path, ServerHttpRequest request, HttpHeaders headers, byte[] body, Operation op) {
        String partner = headers.getFirst("X-EInv-Partner");
        String refusal = exchange.refusal(partner, "POST", path, headers, body);
        if (refusal != null) return Mono.just(exchange.answer(partner, 401, new Answer(401, "INVALID_SIGNATURE", refusal, null).json()));
        FaultRegistry.Effect effect = faults.draw(EInvoiceSim.CHANNEL);
        if (effect == FaultRegistry.Effect.ERROR) {
            return faults.delayed(EInvoiceSim.CHANNEL, Mono.fromSupplier(() ->
                    exchange.answer(partner, 500, new Answer(500, "SYSTEM_ERROR", "系统繁忙", null).json())));
        }
        Answer answer;
        try {
            answer = op.run(JSON.readTree(body), base(request));
        } catch (JacksonException | IllegalArgumentException e) {
            answer = new Answer(400, "INVALID_REQUEST", e.getMessage(), null);
        }
        if (effect == FaultRegistry.Effect.TIMEOUT) return Mono.never();
        Answer sent = answer;
        return faults.delayed(EInvoiceSim.CHANNEL, Mono.fromSupplier(() -> exchange.answer(partner, sent.status(), sent.json())));
    }

    private static Answer ok(EInvoiceSim.Receipt r, String base) {
        ObjectNode d = JSON.createObjectNode().put("outNo", r.outNo()).put("invoiceCode", r.invoiceCode()).put("invoiceNo", r.invoiceNo())
                .put("checkCode", r.checkCode()).put("amountFen", r.amountFen()).put("issuedAt", r.issuedAt().toString())
                .put("pdfUrl", base + "/einv/files/" + r.invoiceCode() + "/" + r.invoiceNo() + ".pdf")
                .put("verifyUrl", base + "/einv/verify?code=" + r.invoiceCode() + "&no=" + r.invoiceNo() + "&check=" + r.checkCode());
        if (r.original() != null) d.put("originalInvoice", r.original());
        return new Answer(200, "SUCCESS", "ok", d);
    }

    private static String base(ServerHttpRequest request) {
        var u = request.getURI();
        return u.getScheme() + "://" + u.getAuthority();
    }

    private static String text(JsonNode r, String field) {
        String v = r.path(field).asString("");
        if (v.isBlank() || v.length() > 64) throw new IllegalArgumentException(field + " is required (at most 64 characters)");
        return v;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
