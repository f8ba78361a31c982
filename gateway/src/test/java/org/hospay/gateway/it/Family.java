package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Family proxy as tests drive it: mini-program users with bearer tokens, the payer's side in the simulator, the HIS. */
public final class Family {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WebClient SIM = WebClient.create(TestSimulator.URL);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HAN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红";
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";

    private Family() {}

    /**
     * A mini-program user: their bearer token from the DEMO issuer; {@code self}: the real-name identity the token
     * carries as verified claims (null: a token without one).
     */
    public record User(String subject, String token, WebTestClient http, Person self) {

        public WebTestClient.ResponseSpec call(HttpMethod method, String path, String json) {
            var spec = http.method(method).uri(path).header("Authorization", "Bearer " + token);
            return json == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
        }

        public JsonNode ok(HttpMethod method, String path, String json) {
            var r = call(method, path, json).expectBody(String.class).returnResult();
            assertThat(r.getStatus().value()).as("%s %s: %s", method, path, r.getResponseBody()).isBetween(200, 299);
            return JSON.readTree(r.getResponseBody());
        }

        /** The error code of a refused call, after checking its status. */
        public String refused(HttpMethod method, String path, String json, int status) {
            return refusal(method, path, json, status).path("code").asString();
        }

        /** The {@code error} object of a refused call, after checking its status. */
        public JsonNode refusal(HttpMethod method, String path, String json, int status) {
            var r = call(method, path, json).expectBody(String.class).returnResult();
            assertThat(r.getStatus().value()).as("%s %s: %s", method, path, r.getResponseBody()).isEqualTo(status);
            return JSON.readTree(r.getResponseBody()).path("error");
        }

        /** Consents, as the patient, to a binding that pays for them. */
        public JsonNode consent(String bindingId) {
            return ok(HttpMethod.POST, "/api/v1/mini/bindings/" + bindingId + "/consent", null);
        }

        public JsonNode bind(Person patient, String relation, long perPayment, long perDay, long perMonth) {
            return ok(HttpMethod.POST, "/api/v1/mini/bindings", bindBody(patient, relation, perPayment, perDay, perMonth, null));
        }

        public JsonNode binding(String bindingId) {
            return ok(HttpMethod.GET, "/api/v1/mini/bindings/" + bindingId, null);
        }
    }

    public record Person(String name, String idNo, String cardNo) {}

    public static String bindBody(Person p, String relation, long perPayment, long perDay, long perMonth, Integer priority) {
        return """
                {"patient":{"name":"%s","idNo":"%s","cardNo":"%s"},"relation":"%s",%s
                 "limits":{"perPaymentFen":%d,"perDayFen":%d,"perMonthFen":%d}}"""
                .formatted(p.name(), p.idNo(), p.cardNo(), relation, priority == null ? "" : "\"priority\":" + priority + ",",
                        perPayment, perDay, perMonth);
    }

    /** A user whose token carries no verified identity: they may verify a patient, nothing that needs who they are. */
    public static User user(WebTestClient http, String subject) {
        return user(http, subject, null);
    }

    /** A user the DEMO issuer's real-name check verified as {@code who}: the token carries their name and number. */
    public static User user(WebTestClient http, String subject, Person who) {
        String body = who == null ? JSON.writeValueAsString(Map.of("subject", subject))
                : JSON.writeValueAsString(Map.of("subject", subject, "name", who.name(), "idNo", who.idNo()));
        var r = http.post().uri("/demo/mini/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return new User(subject, JSON.readTree(r).path("accessToken").asString(), http, who);
    }

    /** A fresh person signed in with their verified identity, which they recorded as a payer (PUT /me repeating it). */
    public static User registered(WebTestClient http, String subject) {
        Person me = person();
        User u = user(http, subject, me);
        u.ok(HttpMethod.PUT, "/api/v1/mini/me", "{\"name\":\"%s\",\"idNo\":\"%s\"}".formatted(me.name(), me.idNo()));
        return u;
    }

    /** The patient signed in to the mini-program with their own verified identity. */
    public static User patient(WebTestClient http, Person patient) {
        return user(http, subject("patient"), patient);
    }

    public static String subject(String role) {
        return role + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    /** A person with a real-looking name and a valid identity number, not yet known anywhere. */
    public static Person person() {
        var r = ThreadLocalRandom.current();
        String name = "" + SURNAMES.charAt(r.nextInt(SURNAMES.length())) + HAN.charAt(r.nextInt(HAN.length())) + HAN.charAt(r.nextInt(HAN.length()));
        return new Person(name, Sim.idNumber(), null);
    }

    /** A patient the hospital issued a card to, not insured. */
    public static Person uninsuredPatient() {
        Person p = person();
        Map<?, ?> r = SIM.post().uri("/sim/hospital/patients").bodyValue(Map.of("name", p.name(), "idNo", p.idNo()))
                .retrieve().bodyToMono(Map.class).block(WAIT);
        return new Person(p.name(), p.idNo(), (String) r.get("cardNo"));
    }

    /** An employee-insured patient (personal account {@code accountFen}) holding a hospital card. */
    public static Person insuredPatient(long accountFen) {
        Person p = person();
        String card = "H" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
        SIM.post().uri("/sim/insurance/persons").bodyValue(Map.of("name", p.name(), "idNo", p.idNo(), "insutype", "310",
                "region", "370200", "accountBalanceFen", accountFen, "pooledSigned", true, "hospitalCardNo", card))
                .retrieve().bodyToMono(Map.class).block(WAIT);
        return new Person(p.name(), p.idNo(), card);
    }

    /** Opens an agreement on {@code channel} for the binding and plays the payer signing it in the channel's app. */
    public static JsonNode sign(User payer, String bindingId, String channel, String walletId) {
        JsonNode a = payer.ok(HttpMethod.POST, "/api/v1/mini/bindings/" + bindingId + "/agreement", "{\"channel\":\"" + channel + "\"}");
        Map<String, Object> body = new HashMap<>();
        body.put("walletId", walletId);
        body.put("notifyUrl", a.path("notifyUrl").asString());
        String path;
        if (channel.equals("WECHAT")) {
            path = "/sim/wechat/papay/sign";
            body.put("planId", a.path("planId").asLong());
            body.put("contractCode", a.path("agreementCode").asString());
        } else {
            path = "/sim/alipay/agreements/sign";
            body.put("externalAgreementNo", a.path("agreementCode").asString());
        }
        Map<?, ?> signed = SIM.post().uri(path).bodyValue(body).retrieve().bodyToMono(Map.class).block(WAIT);
        return JSON.valueToTree(signed);
    }

    /** A payer with a wallet on {@code channel} who has bound {@code patient}, the patient consented, the payer signed: ACTIVE. */
    public record Payer(User user, Person self, String bindingId, Sim.Wallet wallet, JsonNode agreement) {}

    public static Payer activePayer(WebTestClient http, Person patient, String channel, long balanceFen,
                                    long perPayment, long perDay, long perMonth) {
        User u = registered(http, subject("payer"));
        Person self = u.self();
        String bindingId = u.bind(patient, "PARENT", perPayment, perDay, perMonth).path("bindingId").asString();
        patient(http, patient).consent(bindingId);
        Sim.Wallet w = Sim.wallet(channel, balanceFen);
        JsonNode agreement = sign(u, bindingId, channel, w.walletId());
        assertThat(u.binding(bindingId).path("status").asString()).as("binding after signing").isEqualTo("ACTIVE");
        return new Payer(u, self, bindingId, w, agreement);
    }

    // ---------------------------------------------------------------- simulator: messages and clock

    public record Message(String messageId, String payerId, String kind, Map<String, Object> payload, String receivedAt, int deliveries) {}

    public static List<Message> messages(String payerId) {
        return SIM.get().uri("/sim/notify/messages?payerId={p}", payerId).retrieve()
                .bodyToMono(new ParameterizedTypeReference<List<Message>>() {}).block(WAIT);
    }

    /** Waits (bounded) until the payer received a message matching {@code what}; returns it. */
    public static Message awaitMessage(String payerId, Predicate<Message> what, String description) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            for (Message m : messages(payerId)) if (what.test(m)) return m;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("payer " + payerId + " never received " + description + "; got " + messages(payerId));
            }
            Payments.pause(100);
        }
    }

    public static Predicate<Message> kind(String kind, String billNo) {
        return m -> m.kind().equals(kind) && (billNo == null || billNo.equals(m.payload().get("billNo")));
    }

    public static void outage(int failNext) {
        SIM.put().uri("/sim/notify/outage").bodyValue(Map.of("failNext", failNext)).retrieve().toBodilessEntity().block(WAIT);
    }

    public static void simClock(java.time.Instant now) {
        SIM.put().uri("/sim/clock").bodyValue(Map.of("now", now.atOffset(java.time.ZoneOffset.ofHours(8)).toString()))
                .retrieve().toBodilessEntity().block(WAIT);
    }

    public static void resetSimClock() {
        SIM.delete().uri("/sim/clock").retrieve().toBodilessEntity().block(WAIT);
    }

    public static String contractState(String contractId) {
        Map<?, ?> c = SIM.get().uri("/sim/wechat/papay/contracts/{id}", contractId).retrieve().bodyToMono(Map.class).block(WAIT);
        return (String) c.get("state");
    }
}
