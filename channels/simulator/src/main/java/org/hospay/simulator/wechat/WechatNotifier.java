package org.hospay.simulator.wechat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.hospay.simulator.wire.DemoKeys;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends v3 callbacks the way WeChat Pay does: a JSON envelope ({@code id}, {@code create_time},
 * {@code event_type}, {@code resource_type=encrypt-resource}) whose {@code resource} is the event's JSON
 * encrypted with AEAD_AES_256_GCM under the merchant's APIv3 key (random 12-character nonce, the
 * original type as associated data), signed with the platform key in the {@code Wechatpay-*} headers.
 * A delivery that is not answered 2xx within 5 s is tried twice more (WeChat keeps trying for hours;
 * the simulator stops early so tests stay short).
 */
@Component
class WechatNotifier {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final char[] NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** How a delivery went: the last attempt's HTTP status (0 when none was answered). */
    record Delivery(boolean delivered, int status, String error) {}

    private final WebClient web = WebClient.create();
    private final SecureRandom random = new SecureRandom();
    private final WechatPayExchange exchange;
    private final Clock clock;

    WechatNotifier(WechatPayExchange exchange, Clock clock) {
        this.exchange = exchange;
        this.clock = clock;
    }

    Mono<Delivery> send(URI url, String eventType, String summary, String originalType, ObjectNode resource) {
        String body = WechatPaySim.JSON.writeValueAsString(envelope(eventType, summary, originalType, resource));
        return Mono.defer(() -> web.post().uri(url)
                        .headers(h -> h.addAll(exchange.signatureHeaders(body)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                        .timeout(ANSWER_WITHIN)
                        .flatMap(status -> status >= 200 && status < 300 ? Mono.just(new Delivery(true, status, null))
                                : Mono.error(new NotAccepted(status))))
                .retryWhen(Retry.backoff(2, Duration.ofSeconds(1)))
                .onErrorResume(e -> {
                    Throwable cause = reactor.core.Exceptions.unwrap(e.getCause() == null ? e : e.getCause());
                    return Mono.just(cause instanceof NotAccepted n ? new Delivery(false, n.status, "answered HTTP " + n.status)
                            : new Delivery(false, 0, String.valueOf(cause)));
                });
    }

    private ObjectNode envelope(String eventType, String summary, String originalType, ObjectNode resource) {
        String nonce = nonce();
        byte[] plain = WechatPaySim.JSON.writeValueAsBytes(resource);
        byte[] ciphertext = V3Wire.encryptResource(DemoKeys.wechatApiV3Key(), nonce, originalType, plain);
        ObjectNode env = WechatPaySim.JSON.createObjectNode()
                .put("id", "EV-" + UUID.randomUUID())
                .put("create_time", WechatPaySim.rfc3339(clock.instant()))
                .put("resource_type", "encrypt-resource")
                .put("event_type", eventType)
                .put("summary", summary);
        env.putObject("resource")
                .put("original_type", originalType)
                .put("algorithm", "AEAD_AES_256_GCM")
                .put("ciphertext", Base64.getEncoder().encodeToString(ciphertext))
                .put("associated_data", originalType)
                .put("nonce", nonce);
        return env;
    }

    private String nonce() {
        char[] n = new char[12];
        for (int i = 0; i < n.length; i++) n[i] = NONCE_CHARS[random.nextInt(NONCE_CHARS.length)];
        return new String(n);
    }

    private static final class NotAccepted extends RuntimeException {
        final int status;

        NotAccepted(int status) {
            super("HTTP " + status, null, false, false);
            this.status = status;
        }
    }
}
