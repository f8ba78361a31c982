package org.hospay.simulator.commercial;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.hospay.simulator.fault.FaultRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.hospay.simulator.statement.StatementDifferences;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The commercial insurer's HTTP side ({@code /hic/v1/**}) and its test-data endpoint
 * ({@code POST /sim/commercial/policies}). Injected faults (channel COMMERCIAL): ERROR answers
 * HTTP 500 SYSTEM_ERROR without processing; TIMEOUT processes and never answers.
 */
@RestController
@EnableConfigurationProperties(CommercialSimProperties.class)
class CommercialInsurerController {

    private final CommercialInsurerSim insurer;
    private final FaultRegistry faults;
    private final HmacExchange exchange;
    private final StatementDifferences differences;

    CommercialInsurerController(CommercialInsurerSim insurer, FaultRegistry faults, CommercialSimProperties props, Clock clock,
                                StatementDifferences differences) {
        this.insurer = insurer;
        this.faults = faults;
        this.differences = differences;
        this.exchange = new HmacExchange("X-HIC", props.partners(), clock);
    }

    private interface Operation {
        CommercialInsurerSim.Answer run(JsonNode request);
    }

    @PostMapping("/hic/v1/policies/query")
    Mono<ResponseEntity<byte[]>> policy(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/hic/v1/policies/query", headers, body, insurer::findPolicy);
    }

    @PostMapping("/hic/v1/claims/precalc")
    Mono<ResponseEntity<byte[]>> precalc(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/hic/v1/claims/precalc", headers, body, insurer::preCalculate);
    }

    @PostMapping("/hic/v1/claims")
    Mono<ResponseEntity<byte[]>> claim(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/hic/v1/claims", headers, body, insurer::claim);
    }

    @PostMapping("/hic/v1/claims/query")
    Mono<ResponseEntity<byte[]>> query(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/hic/v1/claims/query", headers, body, insurer::query);
    }

    @PostMapping("/hic/v1/claims/cancel")
    Mono<ResponseEntity<byte[]>> cancel(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        return handle("/hic/v1/claims/cancel", headers, body, insurer::cancel);
    }

    /**
     * {@code POST /hic/v1/statements/claims} {"partnerId","date":"yyyy-MM-dd"}: the day's claim statement as signed
     * CSV (channels/docs/statements.md); a malformed date is 400 INVALID_REQUEST (JSON). Injected ERROR answers 500.
     */
    @PostMapping("/hic/v1/statements/claims")
    Mono<ResponseEntity<byte[]>> statement(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        String path = "/hic/v1/statements/claims";
        String partner = headers.getFirst("X-HIC-Partner");
        String refusal = exchange.refusal(partner, "POST", path, headers, body);
        if (refusal != null)
            return Mono.just(exchange.answer(partner, 401, CommercialInsurerSim.Answer.refuse("INVALID_SIGNATURE", refusal).json()));
        if (faults.draw(CommercialInsurerSim.CHANNEL) == FaultRegistry.Effect.ERROR)
            return Mono.just(exchange.answer(partner, 500, CommercialInsurerSim.Answer.refuse("SYSTEM_ERROR", "系统繁忙, 请稍后重试").json()));
        LocalDate day;
        try {
            day = LocalDate.parse(CommercialInsurerSim.JSON.readTree(body).path("date").asString(""));
        } catch (JacksonException | DateTimeParseException e) {
            return Mono.just(exchange.answer(partner, 400, CommercialInsurerSim.Answer.refuse("INVALID_REQUEST", "date must be yyyy-MM-dd").json()));
        }
        byte[] csv = insurer.statement(day, differences.of(CommercialInsurerSim.CHANNEL)).getBytes(StandardCharsets.UTF_8);
        return Mono.just(exchange.answer(partner, 200, new MediaType("text", "csv", StandardCharsets.UTF_8), csv));
    }

    private Mono<ResponseEntity<byte[]>> handle(String path, HttpHeaders headers, byte[] body, Operation op) {
        String partner = headers.getFirst("X-HIC-Partner");
        String refusal = exchange.refusal(partner, "POST", path, headers, body);
        if (refusal != null)
            return faults.delayed(CommercialInsurerSim.CHANNEL, Mono.fromSupplier(() ->
                    exchange.answer(partner, 401, CommercialInsurerSim.Answer.refuse("INVALID_SIGNATURE", refusal).json())));
        CommercialInsurerSim.Answer answer;
        FaultRegistry.Effect effect = faults.draw(CommercialInsurerSim.CHANNEL);
        if (effect == FaultRegistry.Effect.ERROR) {
            return faults.delayed(CommercialInsurerSim.CHANNEL, Mono.fromSupplier(() -> exchange.answer(partner, 500,
                    CommercialInsurerSim.Answer.refuse("SYSTEM_ERROR", "系统繁忙, 请稍后重试").json())));
        }
        int status;
        try {
            answer = op.run(CommercialInsurerSim.JSON.readTree(body));
            status = 200;
        } catch (JacksonException | IllegalArgumentException e) {
            answer = CommercialInsurerSim.Answer.refuse("INVALID_REQUEST", e.getMessage());
            status = 400;
        }
        if (effect == FaultRegistry.Effect.TIMEOUT) return Mono.never();
        CommercialInsurerSim.Answer sent = answer;
        int sentStatus = status;
        return faults.delayed(CommercialInsurerSim.CHANNEL, Mono.fromSupplier(() -> {
            insurer.delivered(sent);
            return exchange.answer(partner, sentStatus, sent.json());
        }));
    }

    record PolicyRequest(String name, String idNo, Integer coverageRatioPercent, Long annualLimitFen, Long deductibleFen) {}

    /** {@code POST /sim/commercial/policies}: a policy for a person; defaults 80 %, 10,000 CNY a year, no deductible. */
    @PostMapping("/sim/commercial/policies")
    ResponseEntity<Map<String, Object>> addPolicy(@RequestBody PolicyRequest r) {
        if (r.name() == null || r.name().isBlank() || r.idNo() == null || r.idNo().isBlank())
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_POLICY", "message", "name and idNo are required")));
        try {
            String policyNo = insurer.addPolicy(r.name(), r.idNo(), r.coverageRatioPercent() == null ? 80 : r.coverageRatioPercent(),
                    r.annualLimitFen() == null ? 1_000_000 : r.annualLimitFen(), r.deductibleFen() == null ? 0 : r.deductibleFen());
            return ResponseEntity.ok(Map.of("policyNo", policyNo));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_POLICY", "message", e.getMessage())));
        }
    }
}
