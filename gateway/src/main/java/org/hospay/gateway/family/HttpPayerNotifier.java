package org.hospay.gateway.family;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** {@code POST {base}/sim/notify/messages} with the message as JSON; any 2xx is taken. */
class HttpPayerNotifier implements PayerNotifier {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final WebClient web;

    HttpPayerNotifier(URI baseUrl) {
        HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.web = WebClient.builder().baseUrl(baseUrl.toString()).clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    @Override
    public Mono<Void> send(Message message) {
        return web.post().uri("/sim/notify/messages").bodyValue(message).retrieve().toBodilessEntity()
                .timeout(ANSWER_WITHIN).then();
    }
}
