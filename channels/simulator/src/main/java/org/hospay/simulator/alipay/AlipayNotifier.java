package org.hospay.simulator.alipay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.hospay.simulator.wire.Rsa;
import org.hospay.simulator.wire.DemoKeys;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Posts Alipay's asynchronous notifications: form fields RSA2-signed with the platform DEMO key
 * (without {@code sign_type} in the signed string), re-sent a few times until the receiver answers
 * {@code success}, as Alipay does (over hours there; within a second here).
 */
@Component
class AlipayNotifier {

    private static final int RESENDS = 2;

    private final WebClient web = WebClient.create();

    /** True once the receiver acknowledged; false if it never did (or there is nowhere to send). */
    Mono<Boolean> send(URI notifyUrl, Map<String, String> fields) {
        if (notifyUrl == null) return Mono.just(false);
        fields.put("sign", Rsa.sign(DemoKeys.alipayPlatform().privateKey(), AlipayWire.notificationSignContent(fields)));
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        fields.forEach(form::add);
        return Mono.defer(() -> web.post().uri(notifyUrl)
                        .contentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.UTF_8))
                        .body(BodyInserters.fromFormData(form))
                        .retrieve()
                        .bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .timeout(Duration.ofSeconds(2))
                        .flatMap(body -> AlipayWire.ACK.equals(body.strip()) ? Mono.just(true)
                                : Mono.error(new IllegalStateException("not acknowledged: " + body))))
                .retryWhen(Retry.backoff(RESENDS, Duration.ofMillis(100)))
                .onErrorReturn(false);
    }
}
