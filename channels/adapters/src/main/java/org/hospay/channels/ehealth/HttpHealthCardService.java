package org.hospay.channels.ehealth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.hospay.channels.commercial.HmacSigning;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The e-health card service over HTTPS: {@code POST /ehc/v1/qrcode/check {"qrCode"}} signed like the commercial
 * insurer's requests ({@link HmacSigning}: {@code X-EHC-App}, {@code X-EHC-Timestamp}, {@code X-EHC-Nonce},
 * {@code X-EHC-Signature}). 200 {@code {"ecardId","name","idType","idNumber"}}; 4xx {@code {"code","message"}}: a
 * definite refusal; 5xx, a timeout or an unreadable answer: Unknown. Regional services differ in their envelopes;
 * this is the simulator's, and the fields are those of the published check services (ecardId, id_number).
 */
public final class HttpHealthCardService implements HealthCardService {

    static final String CHECK = "/ehc/v1/qrcode/check";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HealthCardConfig config;
    private final Clock clock;
    private final WebClient web;
    private final SecureRandom random = new SecureRandom();

    public HttpHealthCardService(HealthCardConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.EHEALTH, config.baseUrl(), config.connectTimeout(),
                config.responseTimeout()));
    }

    @Override
    public Mono<Outcome<Holder>> check(String qrCode) {
        return Mono.defer(() -> {
            byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("qrCode", qrCode));
            String ts = Long.toString(clock.instant().getEpochSecond());
            byte[] n = new byte[12];
            random.nextBytes(n);
            String nonce = HexFormat.of().formatHex(n);
            return web.post().uri(CHECK)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-EHC-App", config.appId())
                    .header("X-EHC-Timestamp", ts)
                    .header("X-EHC-Nonce", nonce)
                    .header("X-EHC-Signature", HmacSigning.request(config.secret(), "POST", CHECK, ts, nonce, body))
                    .bodyValue(body)
                    .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(answer -> interpret(resp.statusCode().value(), answer)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("e-health card service", e)));
        });
    }

    static Outcome<Holder> interpret(int status, byte[] body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (JacksonException e) {
            return status >= 500 || status == 200 ? Outcome.unknown("e-health card service answered HTTP " + status + " without JSON")
                    : Outcome.declined(DeclineCodes.CHANNEL_REJECTED, "e-health card service refused (HTTP " + status + ")", Integer.toString(status));
        }
        if (status == 200) {
            String id = answer.path("idNumber").asString("");
            if (id.isBlank()) return Outcome.unknown("e-health card service answered without an identity number");
            return Outcome.succeeded(new Holder(answer.path("ecardId").asString(""), answer.path("name").asString(""),
                    answer.path("idType").asString("01"), id));
        }
        if (status >= 400 && status < 500) {
            String code = answer.path("code").asString("");
            return Outcome.declined(code.isBlank() ? DeclineCodes.CHANNEL_REJECTED : code, answer.path("message").asString("refused"),
                    code.isBlank() ? Integer.toString(status) : code);
        }
        return Outcome.unknown("e-health card service answered HTTP " + status);
    }
}
