package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/** Phone payment of outpatient bills as tests drive it: the HIS's bills in the simulator, the patient's phone, their WeChat. */
final class Phones {

    private static final WebClient SIM = WebClient.create(TestSimulator.URL);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Phones() {}

    /** A patient the hospital issued a card to; {@code psnNo} null when not insured. */
    record Patient(Family.Person person, String psnNo) {}

    /** An employee-insured patient (personal account {@code accountFen}) with a hospital card. */
    static Patient insured(long accountFen) {
        Family.Person p = Family.person();
        String card = "H" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
        Map<?, ?> r = SIM.post().uri("/sim/insurance/persons").bodyValue(Map.of("name", p.name(), "idNo", p.idNo(), "insutype", "310",
                "region", "370200", "accountBalanceFen", accountFen, "pooledSigned", true, "hospitalCardNo", card))
                .retrieve().bodyToMono(Map.class).block(WAIT);
        return new Patient(new Family.Person(p.name(), p.idNo(), card), (String) r.get("psnNo"));
    }

    static Patient uninsured() {
        return new Patient(Family.uninsuredPatient(), null);
    }

    static String billNo() {
        return "MB" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36).toUpperCase();
    }

    /** The HIS issues an outpatient bill of two drug lines ({@code fen} in all) to the patient's card. */
    static String issueBill(Patient patient, String billNo, long fen) {
        long first = fen / 2;
        Map<String, Object> body = Map.of("billNo", billNo, "cardNo", patient.person().cardNo(), "totalFen", fen,
                "items", List.of(item("X001", "阿莫西林胶囊", 1, first), item("X002", "布洛芬缓释胶囊", 1, fen - first)));
        SIM.post().uri("/sim/hospital/bills").bodyValue(body).retrieve().toBodilessEntity().block(WAIT);
        return billNo;
    }

    private static Map<String, Object> item(String code, String name, long quantity, long fen) {
        return Map.of("code", code, "name", name, "category", "DRUG", "quantity", quantity, "priceFen", fen, "amountFen", fen);
    }

    /** The same bill as a window sends it ({@link #issueBill}'s lines), paid with a scanned code. */
    static String windowBill(String billNo, long fen, String scannedCode) {
        long first = fen / 2;
        return """
                {"billNo":"%s","scannedCode":"%s","medType":"OUTPATIENT","items":[
                 {"code":"X001","name":"阿莫西林胶囊","category":"DRUG","quantity":1,"priceFen":%d,"amountFen":%d},
                 {"code":"X002","name":"布洛芬缓释胶囊","category":"DRUG","quantity":1,"priceFen":%d,"amountFen":%d}],"totalFen":%d}"""
                .formatted(billNo, scannedCode, first, first, fen - first, fen - first, fen);
    }

    static String payBody(Sim.Wallet wallet) {
        return "{\"channel\":\"WECHAT\",\"payerId\":\"" + wallet.accountId() + "\"}";
    }

    record Answer(int status, JsonNode body) {}

    static Answer pay(Family.User user, String billNo, String body, String key) {
        var spec = user.http().post().uri("/api/v1/mini/bills/" + billNo + "/payments").header("Authorization", "Bearer " + user.token());
        if (key != null) spec = spec.header("Idempotency-Key", key);
        var r = spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody(String.class).returnResult();
        return new Answer(r.getStatus().value(), Family.JSON.readTree(r.getResponseBody()));
    }

    /** Pays from the phone and expects the in-app order waiting for the patient (202 with appPay). */
    static JsonNode payAwaitingApp(Family.User user, String billNo, Sim.Wallet wallet) {
        Answer a = pay(user, billNo, payBody(wallet), UUID.randomUUID().toString());
        assertThat(a.status()).as("phone payment answer: %s", a.body()).isEqualTo(202);
        assertThat(a.body().path("appPay").path("prepayId").asString("")).as("prepay id in %s", a.body()).startsWith("wx");
        return a.body();
    }

    /** What the patient's WeChat does on wx.requestPayment: confirms the order. */
    static String confirmInApp(String prepayId) {
        Map<?, ?> r = SIM.post().uri("/sim/wechat/app-payments").bodyValue(Map.of("prepayId", prepayId))
                .retrieve().bodyToMono(Map.class).block(WAIT);
        return (String) r.get("tradeState");
    }

    static JsonNode payment(Family.User user, String paymentId) {
        return user.ok(HttpMethod.GET, "/api/v1/mini/payments/" + paymentId, null);
    }

    /** Polls the phone's view of its payment until it leaves PENDING (bounded). */
    static JsonNode awaitFinal(Family.User user, String paymentId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode v = payment(user, paymentId);
        while (v.path("status").asString().equals("PENDING") && System.nanoTime() < deadline) {
            Payments.pause(200);
            v = payment(user, paymentId);
        }
        return v;
    }

    static long accountBalance(String psnNo) {
        Map<?, ?> r = SIM.get().uri("/sim/insurance/persons/{p}", psnNo).retrieve().bodyToMono(Map.class).block(WAIT);
        return ((Number) r.get("accountBalanceFen")).longValue();
    }

    /** Insurance ledger entries of the person (settlements and refunds are booked to their psnNo). */
    static List<Sim.Entry> insuranceLedger(String psnNo) {
        return Sim.ledger("INSURANCE").stream().filter(e -> psnNo.equals(e.account())).toList();
    }
}
