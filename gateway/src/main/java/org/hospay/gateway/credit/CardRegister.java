package org.hospay.gateway.credit;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The hospital's patient index, asked at enrolment whether a card is this person's:
 * {@code POST {base}/his/patients/verify {"cardNo","name","idNo"}} → {@code {"result":"MATCH|…"}} (inside the
 * hospital network, no signature; the simulator's stand-in here, the same register family proxy asks).
 */
class CardRegister {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final WebClient web;

    CardRegister(URI base) {
        HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.web = WebClient.builder().baseUrl(base.toString()).clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    /** The register's verdict (MATCH, NAME_MISMATCH, CARD_OF_ANOTHER_PERSON, CARD_NOT_FOUND), or UNAVAILABLE. */
    Mono<String> verify(String cardNo, String name, String idNo) {
        return web.post().uri("/his/patients/verify").bodyValue(Map.of("cardNo", cardNo, "name", name, "idNo", idNo))
                .exchangeToMono(r -> r.statusCode().is2xxSuccessful()
                        ? r.bodyToMono(JsonNode.class).map(b -> b.path("result").asString("UNAVAILABLE"))
                        : r.releaseBody().thenReturn("UNAVAILABLE"))
                .timeout(ANSWER_WITHIN)
                .onErrorReturn("UNAVAILABLE");
    }
}
