package org.hospay.simulator.bank;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.hospay.simulator.commercial.HmacExchange;
import org.hospay.simulator.fault.FaultRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bank's HTTP side ({@code /bank/v1/**}) and its test data ({@code /sim/bank/customers}).
 * Injected faults (channel BANK): ERROR answers HTTP 500 SYSTEM_ERROR without processing; TIMEOUT
 * processes (a batch is accepted and deducted) and never answers.
 */
@RestController
@EnableConfigurationProperties(BankSimProperties.class)
class CreditBankController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CreditBankSim bank;
    private final FaultRegistry faults;
    private final HmacExchange exchange;

    CreditBankController(CreditBankSim bank, FaultRegistry faults, BankSimProperties props) {
        this.bank = bank;
        this.faults = faults;
        // Signature timestamps are checked on real time, never on the business clock tests move (PUT /sim/clock):
        // the hospital signs with its own real clock, as the AdjustableClock's contract says.
        this.exchange = new HmacExchange("X-Bank", props.merchants(), Clock.systemUTC());
    }

    @PostMapping("/bank/v1/customers/query")
    Mono<ResponseEntity<byte[]>> customer(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return guarded("POST", "/bank/v1/customers/query", headers, body, merchant -> {
            JsonNode req;
            try {
                req = JSON.readTree(body);
            } catch (JacksonException e) {
                return json(merchant, 400, "INVALID_REQUEST", "not JSON", null);
            }
            return bank.customerByIdentity(req.path("idNo").asString(""), req.path("name").asString(""))
                    .map(c -> json(merchant, 200, "SUCCESS", "ok", JSON.createObjectNode().put("customerNo", c.customerNo())
                            .put("status", c.status()).put("creditLineFen", c.creditLineFen()).put("availableFen", c.availableFen())
                            .put("overdueCount", c.overdueCount())))
                    .orElseGet(() -> json(merchant, 200, "NO_SUCH_CUSTOMER", "the bank has no such customer", null));
        });
    }

    @PutMapping("/bank/v1/batches/{batchNo}")
    Mono<ResponseEntity<byte[]>> submit(@PathVariable String batchNo, @RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return guarded("PUT", "/bank/v1/batches/" + batchNo, headers, body, merchant -> {
            CreditBankSim.Reply reply = bank.submit(merchant, batchNo, new String(body, StandardCharsets.UTF_8));
            ObjectNode data = reply.batch() == null ? null : JSON.createObjectNode().put("batchNo", batchNo)
                    .put("recordCount", reply.batch().recordCount()).put("totalFen", reply.batch().totalFen());
            return json(merchant, 200, reply.code(), reply.message(), data);
        });
    }

    @GetMapping("/bank/v1/batches/{batchNo}/result")
    Mono<ResponseEntity<byte[]>> result(@PathVariable String batchNo, @RequestHeader HttpHeaders headers) {
        return guarded("GET", "/bank/v1/batches/" + batchNo + "/result", headers, new byte[0], merchant -> {
            CreditBankSim.Reply reply = bank.result(merchant, batchNo);
            return switch (reply.code()) {
                case "SUCCESS" -> exchange.answer(merchant, 200, new MediaType("text", "plain", StandardCharsets.UTF_8),
                        reply.batch().resultFile().getBytes(StandardCharsets.UTF_8));
                case "PROCESSING" -> json(merchant, 202, reply.code(), reply.message(), null);
                default -> json(merchant, 404, reply.code(), reply.message(), null);
            };
        });
    }

    private interface Handler {
        ResponseEntity<byte[]> handle(String merchant);
    }

    private Mono<ResponseEntity<byte[]>> guarded(String method, String path, HttpHeaders headers, byte[] body, Handler handler) {
        String merchant = headers.getFirst("X-Bank-Merchant");
        String refusal = exchange.refusal(merchant, method, path, headers, body);
        if (refusal != null)
            return faults.delayed(CreditBankSim.CHANNEL, Mono.fromSupplier(() -> json(merchant, 401, "INVALID_SIGNATURE", refusal, null)));
        FaultRegistry.Effect effect = faults.draw(CreditBankSim.CHANNEL);
        if (effect == FaultRegistry.Effect.ERROR)
            return faults.delayed(CreditBankSim.CHANNEL, Mono.fromSupplier(() -> json(merchant, 500, "SYSTEM_ERROR", "system busy", null)));
        ResponseEntity<byte[]> response = handler.handle(merchant);
        if (effect == FaultRegistry.Effect.TIMEOUT) return Mono.never();
        return faults.delayed(CreditBankSim.CHANNEL, Mono.just(response));
    }

    private ResponseEntity<byte[]> json(String merchant, int status, String code, String message, JsonNode data) {
        ObjectNode o = JSON.createObjectNode().put("code", code).put("message", message);
        o.set("data", data == null ? JSON.nullNode() : data);
        return exchange.answer(merchant, status, MediaType.APPLICATION_JSON, JSON.writeValueAsBytes(o));
    }

    record CustomerRequest(String idNo, String name, Long creditLineFen, String status, Long accountBalanceFen, Integer overdueCount) {}

    /** {@code POST /sim/bank/customers}: defaults credit line 5,000 CNY, ACTIVE, account balance 10,000 CNY. */
    @PostMapping("/sim/bank/customers")
    ResponseEntity<Map<String, Object>> addCustomer(@RequestBody CustomerRequest r) {
        if (r.idNo() == null || r.idNo().isBlank() || r.name() == null || r.name().isBlank())
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_CUSTOMER", "message", "idNo and name are required")));
        try {
            String no = bank.addCustomer(r.idNo(), r.name(), r.status() == null ? "ACTIVE" : r.status(),
                    r.creditLineFen() == null ? 500_000 : r.creditLineFen(), r.accountBalanceFen() == null ? 1_000_000 : r.accountBalanceFen(),
                    r.overdueCount() == null ? 0 : r.overdueCount());
            return ResponseEntity.ok(Map.of("customerNo", no));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_CUSTOMER", "message", e.getMessage())));
        }
    }

    record Deposit(Long amountFen) {}

    /** {@code POST /sim/bank/customers/{customerNo}/deposits}: money into the customer's debit account. */
    @PostMapping("/sim/bank/customers/{customerNo}/deposits")
    ResponseEntity<?> deposit(@PathVariable String customerNo, @RequestBody Deposit d) {
        if (d.amountFen() == null || d.amountFen() <= 0)
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_DEPOSIT", "message", "amountFen must be positive")));
        return bank.deposit(customerNo, d.amountFen()).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", Map.of("code", "NOT_FOUND", "message", "no customer " + customerNo))));
    }

    @GetMapping("/sim/bank/customers/{customerNo}")
    ResponseEntity<?> customer(@PathVariable String customerNo) {
        return bank.customer(customerNo).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", Map.of("code", "NOT_FOUND", "message", "no customer " + customerNo))));
    }
}
