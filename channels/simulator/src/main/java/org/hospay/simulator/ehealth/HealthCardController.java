package org.hospay.simulator.ehealth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hospay.simulator.commercial.HmacExchange;
import org.hospay.simulator.fault.FaultRegistry;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The region's e-health card service (电子健康卡), channel EHEALTH: test data issues a card to a person
 * ({@code POST /sim/ehealth/cards}) and answers the QR code the patient's phone shows; the vendor side
 * ({@code POST /ehc/v1/qrcode/check}, HMAC-signed like the commercial insurer with {@code X-EHC-*} headers,
 * app {@code HOSPAY-DEMO-EHC}) says whose card a QR code is. QR text: {@code ecardId(64 hex):01} (static) or
 * {@code ecardId:01:yyyyMMddHHmmss} (dynamic, valid until then, Beijing time). Faults: ERROR answers 500,
 * TIMEOUT never answers.
 */
@RestController
class HealthCardController {

    static final String CHANNEL = "EHEALTH";
    /** DEMO ONLY: the app the gateway's demo configuration signs as. */
    static final Map<String, String> DEMO_APPS = Map.of("HOSPAY-DEMO-EHC", "DEMO-ONLY-ehc-app-secret-0001");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Holder(String ecardId, String name, String idNo) {}

    private final Map<String, Holder> cards = new ConcurrentHashMap<>();
    private final Map<String, String> cardByIdNo = new ConcurrentHashMap<>();
    private final HmacExchange exchange;
    private final FaultRegistry faults;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    HealthCardController(FaultRegistry faults, Clock clock) {
        this.exchange = new HmacExchange("X-EHC", DEMO_APPS, clock);
        this.faults = faults;
        this.clock = clock;
    }

    record CardRequest(String name, String idNo, Long validitySeconds) {}

    /**
     * Issues (or finds) the person's e-health card and a fresh QR code: {@code {"ecardId","qrCode","staticQrCode"}}.
     * {@code validitySeconds} (default 300) is the dynamic code's life; a negative one makes an expired code.
     */
    @PostMapping("/sim/ehealth/cards")
    ResponseEntity<Map<String, Object>> issue(@RequestBody CardRequest r) {
        if (r.name() == null || r.name().isBlank() || r.idNo() == null || r.idNo().isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_CARD_REQUEST", "message", "name and idNo are required")));
        }
        String id = cardByIdNo.computeIfAbsent(r.idNo().strip(), k -> {
            byte[] b = new byte[32];
            random.nextBytes(b);
            String ecardId = HexFormat.of().withUpperCase().formatHex(b);
            cards.put(ecardId, new Holder(ecardId, r.name().strip(), k));
            return ecardId;
        });
        long validity = r.validitySeconds() == null ? 300 : r.validitySeconds();
        String until = COMPACT.format(LocalDateTime.ofInstant(clock.instant().plus(Duration.ofSeconds(validity)), BEIJING));
        return ResponseEntity.ok(Map.of("ecardId", id, "qrCode", id + ":01:" + until, "staticQrCode", id + ":01"));
    }

    @PostMapping("/ehc/v1/qrcode/check")
    Mono<ResponseEntity<byte[]>> check(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
        String app = headers.getFirst("X-EHC-App");
        String refusal = exchange.refusal(app, "POST", "/ehc/v1/qrcode/check", headers, body);
        if (refusal != null) return faults.delayed(CHANNEL, Mono.fromSupplier(() -> answer(app, 401, "INVALID_SIGNATURE", refusal)));
        FaultRegistry.Effect effect = faults.draw(CHANNEL);
        if (effect == FaultRegistry.Effect.ERROR) return faults.delayed(CHANNEL, Mono.fromSupplier(() -> answer(app, 500, "SYSTEM_ERROR", "系统繁忙")));
        if (effect == FaultRegistry.Effect.TIMEOUT) return Mono.never();
        return faults.delayed(CHANNEL, Mono.fromSupplier(() -> checked(app, body)));
    }

    private ResponseEntity<byte[]> checked(String app, byte[] body) {
        String qr;
        try {
            qr = JSON.readTree(body).path("qrCode").asString("").strip();
        } catch (JacksonException e) {
            return answer(app, 400, "QR_INVALID", "body is not JSON");
        }
        String[] parts = qr.split(":");
        if (parts.length < 2 || parts.length > 3 || !parts[0].matches("[0-9A-Fa-f]{64}")) return answer(app, 400, "QR_INVALID", "not an e-health card QR code");
        if (parts.length == 3) {
            try {
                if (!LocalDateTime.parse(parts[2], COMPACT).atZone(BEIJING).toInstant().isAfter(clock.instant())) {
                    return answer(app, 400, "QR_EXPIRED", "二维码已过期, 请刷新");
                }
            } catch (RuntimeException e) {
                return answer(app, 400, "QR_INVALID", "bad validity " + parts[2]);
            }
        }
        Holder h = cards.get(parts[0].toUpperCase(java.util.Locale.ROOT));
        if (h == null) return answer(app, 404, "CARD_NOT_FOUND", "电子健康卡不存在");
        JsonNode out = JSON.createObjectNode().put("ecardId", h.ecardId()).put("name", h.name()).put("idType", "01").put("idNumber", h.idNo());
        return exchange.answer(app, 200, MediaType.APPLICATION_JSON, JSON.writeValueAsBytes(out));
    }

    private ResponseEntity<byte[]> answer(String app, int status, String code, String message) {
        byte[] body = JSON.writeValueAsString(Map.of("code", code, "message", message)).getBytes(StandardCharsets.UTF_8);
        return exchange.answer(app, status, MediaType.APPLICATION_JSON, body);
    }
}
