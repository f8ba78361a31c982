package org.hospay.gateway.it;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.hospay.gateway.terminal.RequestSignature;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A terminal as tests see it: signs each request exactly as docs/api.md §3 says; with an {@code operatorId},
 * every request carries {@code X-Operator-Id} and signs it too.
 */
public record SignedClient(WebTestClient client, String terminalId, String secret, String operatorId) {

    public SignedClient(WebTestClient client, String terminalId, String secret) {
        this(client, terminalId, secret, null);
    }

    /** The same terminal, signed by a cashier or finance clerk with this staff number. */
    public SignedClient as(String operator) {
        return new SignedClient(client, terminalId, secret, operator);
    }

    public WebTestClient.ResponseSpec post(String path, String json) {
        return send(HttpMethod.POST, path, json, Instant.now().getEpochSecond(), UUID.randomUUID().toString());
    }

    /** A POST with an {@code Idempotency-Key}, as payments and refunds need. */
    public WebTestClient.ResponseSpec postWithKey(String path, String json, String idempotencyKey) {
        return send(HttpMethod.POST, path, json, Instant.now().getEpochSecond(), UUID.randomUUID().toString(), idempotencyKey);
    }

    public WebTestClient.ResponseSpec get(String path) {
        return send(HttpMethod.GET, path, "", Instant.now().getEpochSecond(), UUID.randomUUID().toString());
    }

    public WebTestClient.ResponseSpec send(HttpMethod method, String path, String json, long timestamp, String nonce) {
        return send(method, path, json, timestamp, nonce, null);
    }

    public WebTestClient.ResponseSpec send(HttpMethod method, String path, String json, long timestamp, String nonce, String idempotencyKey) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(timestamp);
        String sig = RequestSignature.sign(secret.getBytes(StandardCharsets.UTF_8), method.name(), path.split("\\?")[0], ts, nonce, body, operatorId);
        var spec = client.method(method).uri(path)
                .header("X-Terminal-Id", terminalId)
                .header("X-Timestamp", ts)
                .header("X-Nonce", nonce)
                .header("X-Signature", sig);
        if (operatorId != null) spec = spec.header("X-Operator-Id", operatorId);
        if (idempotencyKey != null) spec = spec.header("Idempotency-Key", idempotencyKey);
        if (body.length > 0) {
            return spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        }
        return spec.exchange();
    }
}
