package org.hospay.channels.invoice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.commercial.HmacSigning;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The e-invoice platform over HTTP (channels/docs/einvoice.md): JSON POSTs signed like the commercial insurer's
 * protocol ({@link HmacSigning}, headers {@code X-EInv-*}); every answer signed too. An answer whose signature
 * does not verify is Unknown when it says 200; 5xx, timeouts and SYSTEM_ERROR are Unknown (make the call again:
 * every call is idempotent by our number).
 */
public final class HttpEInvoicePlatform implements EInvoicePlatform {

    static final String ISSUE = "/einv/v1/invoices/issue";
    static final String QUERY = "/einv/v1/invoices/query";
    static final String RED_FLUSH = "/einv/v1/invoices/red-flush";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EInvoiceConfig config;
    private final Clock clock;
    private final WebClient web;
    private final SecureRandom random = new SecureRandom();

    public HttpEInvoicePlatform(EInvoiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.EINVOICE, config.baseUrl(), config.connectTimeout(),
                config.responseTimeout()));
    }

    @Override
    public Mono<Outcome<Invoice>> issue(IssueRequest r) {
        return post(ISSUE, () -> {
            ObjectNode b = JSON.createObjectNode().put("partnerId", config.partnerId()).put("outInvoiceNo", r.outInvoiceNo())
                    .put("payerName", r.payerName()).put("billNo", r.billNo()).put("totalFen", r.total().fen())
                    .put("fundPayFen", r.fundPay().fen()).put("accountPayFen", r.accountPay().fen()).put("selfPayFen", r.selfPay().fen());
            var items = b.putArray("items");
            for (Item i : r.items()) items.addObject().put("name", i.name()).put("category", i.category()).put("amountFen", i.amount().fen());
            return b;
        });
    }

    @Override
    public Mono<Outcome<Invoice>> query(String outInvoiceNo) {
        return post(QUERY, () -> JSON.createObjectNode().put("partnerId", config.partnerId()).put("outInvoiceNo", outInvoiceNo));
    }

    @Override
    public Mono<Outcome<Invoice>> redFlush(String outRedNo, String invoiceCode, String invoiceNo, String reason) {
        return post(RED_FLUSH, () -> JSON.createObjectNode().put("partnerId", config.partnerId()).put("outRedNo", outRedNo)
                .put("invoiceCode", invoiceCode).put("invoiceNo", invoiceNo).put("reason", reason));
    }

    private Mono<Outcome<Invoice>> post(String path, Supplier<ObjectNode> body) {
        return Mono.defer(() -> {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body.get());
            } catch (RuntimeException e) {
                return Mono.just(Outcome.<Invoice>declined(DeclineCodes.CHANNEL_REJECTED, "request to " + path + " cannot be built: " + e, "LOCAL"));
            }
            String ts = Long.toString(clock.instant().getEpochSecond());
            String nonce = nonce();
            return web.post().uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-EInv-Partner", config.partnerId())
                    .header("X-EInv-Timestamp", ts)
                    .header("X-EInv-Nonce", nonce)
                    .header("X-EInv-Signature", HmacSigning.request(config.secret(), "POST", path, ts, nonce, bytes))
                    .bodyValue(bytes)
                    .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).map(answer -> interpret(resp, answer)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("e-invoice platform " + path, e)));
        });
    }

    private Outcome<Invoice> interpret(ClientResponse resp, byte[] body) {
        int status = resp.statusCode().value();
        var h = resp.headers().asHttpHeaders();
        String expected = HmacSigning.answer(config.secret(), status, String.valueOf(h.getFirst("X-EInv-Timestamp")),
                String.valueOf(h.getFirst("X-EInv-Nonce")), body);
        if (!HmacSigning.matches(expected, h.getFirst("X-EInv-Signature"))) {
            return status == 200 ? Outcome.unknown("e-invoice answer signature does not verify")
                    : HttpOutcomes.status("e-invoice platform", status, new String(body, StandardCharsets.UTF_8));
        }
        try {
            return outcome(JSON.readTree(body));
        } catch (JacksonException e) {
            return Outcome.unknown("e-invoice platform answered something that is not JSON (HTTP " + status + ")");
        }
    }

    /** The platform's answer {@code {"code","message","data"}} as an outcome. */
    static Outcome<Invoice> outcome(JsonNode answer) {
        String code = answer.path("code").asString("");
        String message = answer.path("message").asString("");
        return switch (code) {
            case "SUCCESS" -> {
                JsonNode d = answer.path("data");
                try {
                    yield Outcome.succeeded(new Invoice(d.path("outNo").asString(), required(d, "invoiceCode"), required(d, "invoiceNo"),
                            required(d, "checkCode"), Money.ofFen(d.path("amountFen").asLong()), required(d, "pdfUrl"),
                            required(d, "verifyUrl"), Instant.parse(required(d, "issuedAt"))));
                } catch (RuntimeException e) {
                    yield Outcome.unknown("e-invoice SUCCESS with data we cannot read: " + e.getMessage());
                }
            }
            case "SYSTEM_ERROR" -> Outcome.unknown("e-invoice platform system error: " + message);
            case "INVALID_SIGNATURE" -> Outcome.declined(DeclineCodes.SIGNATURE_REJECTED, message, code);
            case "INVALID_REQUEST" -> Outcome.declined(DeclineCodes.CHANNEL_REJECTED, message, code);
            case "INVOICE_NOT_FOUND", "ALREADY_RED_FLUSHED", "DUPLICATE_REQUEST" -> Outcome.declined(code, message, code);
            default -> Outcome.unknown("e-invoice platform answered an unknown code " + code + ": " + message);
        };
    }

    private static String required(JsonNode d, String field) {
        String v = d.path(field).asString("");
        if (v.isBlank()) throw new IllegalArgumentException("missing " + field);
        return v;
    }

    private String nonce() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
