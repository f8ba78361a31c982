package org.hospay.gateway.credit;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Messages to a credit patient (consumption, reminders, overdue, black-listing): {@code POST {base}/sim/notify/messages}
 * (a WeChat subscription message or an SMS in a deployment; the simulator's message box here), addressed to the
 * mini-program user who enrolled. The message id is derived from what it says, so a repeat is recognised by the
 * receiver; a message that cannot be delivered is logged and not retried (reminders are sent again by the next
 * day's job only when their state did not move).
 */
class PatientNotifier {

    private static final Logger log = LoggerFactory.getLogger(PatientNotifier.class);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final WebClient web;

    PatientNotifier(URI baseUrl) {
        HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.web = WebClient.builder().baseUrl(baseUrl.toString()).clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    /** Completes when the receiver took it, or empty after logging when it could not be delivered. */
    Mono<Void> send(String messageId, String userId, String kind, Map<String, Object> payload) {
        if (userId == null) return Mono.empty();
        return web.post().uri("/sim/notify/messages")
                .bodyValue(Map.of("messageId", messageId, "payerId", userId, "kind", kind, "payload", payload))
                .retrieve().toBodilessEntity().timeout(ANSWER_WITHIN).then()
                .onErrorResume(e -> {
                    log.warn("credit message {} ({}) not delivered: {}", messageId, kind, e.toString());
                    return Mono.empty();
                });
    }
}
