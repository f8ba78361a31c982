package org.hospay.gateway.family;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.hospay.channels.Outcome;
import org.hospay.channels.http.HttpOutcomes;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST {base}/his/patients/verify {"cardNo","name","idNo"}} → {@code {"result":"MATCH|NAME_MISMATCH|…"}}:
 * the simulator's stand-in for a hospital's HIS patient index, inside the hospital network (no signature).
 */
class HttpHospitalRecords implements HospitalRecords {

    private static final String COUNTERPARTY = "hospital records";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final WebClient web;

    HttpHospitalRecords(URI baseUrl) {
        HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.web = WebClient.builder().baseUrl(baseUrl.toString()).clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    @Override
    public Mono<Outcome<Verdict>> verify(String cardNo, String name, String idNo) {
        return web.post().uri("/his/patients/verify")
                .bodyValue(Map.of("cardNo", cardNo, "name", name, "idNo", idNo))
                .exchangeToMono(r -> r.bodyToMono(JsonNode.class).defaultIfEmpty(tools.jackson.databind.node.NullNode.instance)
                        .map(body -> r.statusCode().is2xxSuccessful() ? verdict(body)
                                : HttpOutcomes.<Verdict>status(COUNTERPARTY, r.statusCode().value(), body.toString())))
                .timeout(ANSWER_WITHIN)
                .onErrorResume(e -> Mono.just(HttpOutcomes.failure(COUNTERPARTY, e)));
    }

    /** {@code POST {base}/his/patients/guardian {"cardNo","idNo"}} → {@code {"guardian":true|false}}. */
    @Override
    public Mono<Boolean> isGuardian(String cardNo, String idNo) {
        return web.post().uri("/his/patients/guardian").bodyValue(Map.of("cardNo", cardNo, "idNo", idNo))
                .exchangeToMono(r -> r.statusCode().is2xxSuccessful() ? r.bodyToMono(JsonNode.class)
                        .map(body -> body.path("guardian").asBoolean(false)) : r.releaseBody().thenReturn(false))
                .timeout(ANSWER_WITHIN)
                .onErrorReturn(false)
                .defaultIfEmpty(false);
    }

    /** {@code POST {base}/his/patients/text {"cardNo","text"}} → {@code {"sentTo"}}; 404 when no phone is registered. */
    @Override
    public Mono<Outcome<java.util.Optional<String>>> textHolder(String cardNo, String text) {
        return web.post().uri("/his/patients/text").bodyValue(Map.of("cardNo", cardNo, "text", text))
                .exchangeToMono(r -> r.bodyToMono(JsonNode.class).defaultIfEmpty(tools.jackson.databind.node.NullNode.instance)
                        .map(body -> r.statusCode().is2xxSuccessful()
                                ? Outcome.succeeded(java.util.Optional.of(body.path("sentTo").asString("****")))
                                : r.statusCode().value() == 404 ? Outcome.succeeded(java.util.Optional.<String>empty())
                                : HttpOutcomes.<java.util.Optional<String>>status(COUNTERPARTY, r.statusCode().value(), body.toString())))
                .timeout(ANSWER_WITHIN)
                .onErrorResume(e -> Mono.just(HttpOutcomes.failure(COUNTERPARTY, e)));
    }

    private static Outcome<Verdict> verdict(JsonNode body) {
        Verdict v = Verdict.of(body.path("result").asString(null));
        return switch (v) {
            case MATCH, NAME_MISMATCH, CARD_OF_ANOTHER_PERSON, CARD_NOT_FOUND -> Outcome.succeeded(v);
            case UNRECOGNIZED -> Outcome.unknown("hospital records answered " + body.path("result") + ", which this gateway does not know");
        };
    }
}
