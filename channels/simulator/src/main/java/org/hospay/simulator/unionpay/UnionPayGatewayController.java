package org.hospay.simulator.unionpay;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.hospay.simulator.wire.DemoKeys;
import org.hospay.simulator.SigningProperties;
import org.hospay.simulator.fault.FaultRegistry;
import org.hospay.simulator.wallet.Reply;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.hospay.simulator.statement.StatementDifferences;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 云闪付 partner platform's payment API ({@code POST /gateway/api/pay/…}). Every request must be
 * from the DEMO provider and merchant and carry a valid signature by the DEMO merchant key (else
 * respCode 11 验证签名失败, nothing done); every answer is signed with the DEMO platform key (unless
 * {@link SigningProperties}, benchmark only). Injected faults (channel UNIONPAY): ERROR answers 99
 * without processing; TIMEOUT processes and never answers; the latency model applies to every answer.
 */
@RestController
class UnionPayGatewayController {

    private static final MediaType JSON_UTF8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);

    private final UnionPaySim sim;
    private final FaultRegistry faults;
    private final boolean signAnswers;

    private final StatementDifferences differences;

    UnionPayGatewayController(UnionPaySim sim, FaultRegistry faults, SigningProperties signing, StatementDifferences differences) {
        this.sim = sim;
        this.differences = differences;
        this.faults = faults;
        this.signAnswers = signing.signAnswers();
    }

    @PostMapping(UnionPayWire.MICROPAY)
    Mono<ResponseEntity<byte[]>> micropay(@RequestBody byte[] body) {
        return handle("micropay", body, sim::micropay);
    }

    @PostMapping(UnionPayWire.QUERY)
    Mono<ResponseEntity<byte[]>> query(@RequestBody byte[] body) {
        return handle("query", body, sim::query);
    }

    @PostMapping(UnionPayWire.REVERSE)
    Mono<ResponseEntity<byte[]>> reverse(@RequestBody byte[] body) {
        return handle("reverse", body, sim::reverse);
    }

    @PostMapping(UnionPayWire.REFUND)
    Mono<ResponseEntity<byte[]>> refund(@RequestBody byte[] body) {
        return handle("refund", body, sim::refund);
    }

    @PostMapping(UnionPayWire.REFUND_QUERY)
    Mono<ResponseEntity<byte[]>> refundQuery(@RequestBody byte[] body) {
        return handle("refundQuery", body, sim::refundQuery);
    }

    /** Rendered daily files by download token, the few last ones (a file is downloaded right after it is asked for). */
    private final Map<String, byte[]> files = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 16;
        }
    });

    /**
     * {@code POST /gateway/api/bill/download} {settleDate yyyyMMdd}: renders the day's transaction file and answers
     * where to download it ({@code fileUrl}) and its {@code fileSha256}, signed like every answer.
     */
    @PostMapping(UnionPayWire.BILL_DOWNLOAD)
    Mono<ResponseEntity<byte[]>> billDownload(@RequestBody byte[] body) {
        return handle("billDownload", body, req -> {
            LocalDate day;
            try {
                day = LocalDate.parse(UnionPaySim.text(req, "settleDate"), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            } catch (java.time.format.DateTimeParseException e) {
                return UnionPaySim.refuse("10", "报文格式错误: settleDate 须为 yyyyMMdd");
            }
            byte[] file = sim.dailyFile(day, differences.of(UnionPaySim.CHANNEL)).getBytes(StandardCharsets.UTF_8);
            String token = UUID.randomUUID().toString().replace("-", "");
            files.put(token, file);
            return Reply.answer(UnionPaySim.ok().put("settleDate", UnionPaySim.text(req, "settleDate"))
                    .put("fileUrl", UnionPayWire.BILL_FILES + token).put("fileSha256", sha256(file)));
        });
    }

    /** {@code GET /gateway/api/bill/files/{token}}: the file a download answer named (404 once forgotten). */
    @GetMapping(UnionPayWire.BILL_FILES + "{token}")
    ResponseEntity<byte[]> billFile(@PathVariable String token) {
        byte[] file = files.get(token);
        return file == null ? ResponseEntity.notFound().build()
                : ResponseEntity.ok().contentType(new MediaType("text", "plain", StandardCharsets.UTF_8)).body(file);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mono<ResponseEntity<byte[]>> handle(String name, byte[] body, Function<JsonNode, Reply> operation) {
        JsonNode request;
        try {
            request = UnionPayWire.JSON.readTree(body);
        } catch (JacksonException e) {
            return deliver(UnionPaySim.refuse("10", "报文格式错误"));
        }
        if (request == null || !request.isObject()) return deliver(UnionPaySim.refuse("10", "报文格式错误"));
        if (!DemoKeys.UNIONPAY_SER_PROV_ID.equals(UnionPaySim.text(request, "serProvId"))
                || !DemoKeys.UNIONPAY_MER_ID.equals(UnionPaySim.text(request, "merId")))
            return deliver(UnionPaySim.refuse("31", "商户状态不正确: 未知的服务商或商户"));
        if (!UnionPayWire.verify(request, DemoKeys.unionpayMerchant().publicKey())) return deliver(UnionPaySim.refuse("11", "验证签名失败"));
        FaultRegistry.Effect effect = faults.draw(UnionPaySim.CHANNEL, name);
        if (effect == FaultRegistry.Effect.ERROR) return deliver(UnionPaySim.systemError());
        Reply answer = operation.apply(request);
        return deliver(effect == FaultRegistry.Effect.TIMEOUT ? answer.as(Reply.Delivery.NEVER) : answer);
    }

    private Mono<ResponseEntity<byte[]>> deliver(Reply answer) {
        Mono<ResponseEntity<byte[]>> sent = switch (answer.delivery()) {
            case NEVER -> Mono.never();
            case HTTP_500 -> Mono.just(ResponseEntity.status(500).contentType(MediaType.TEXT_HTML)
                    .body("<html><body><h1>500 Internal Server Error</h1></body></html>".getBytes(StandardCharsets.UTF_8)));
            case ANSWER -> Mono.fromSupplier(() -> signed(answer.body()));
        };
        if (answer.delivery() == Reply.Delivery.NEVER) return sent;
        if (!answer.delay().isZero()) sent = sent.delaySubscription(answer.delay());
        return faults.delayed(UnionPaySim.CHANNEL, sent);
    }

    private ResponseEntity<byte[]> signed(ObjectNode body) {
        body.put("serProvId", DemoKeys.UNIONPAY_SER_PROV_ID).put("merId", DemoKeys.UNIONPAY_MER_ID);
        if (signAnswers) UnionPayWire.sign(body, DemoKeys.unionpayPlatform().privateKey());
        return ResponseEntity.ok().contentType(JSON_UTF8).body(UnionPayWire.JSON.writeValueAsBytes(body));
    }
}
