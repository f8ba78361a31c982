package org.hospay.gateway.it;

import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** A window's pending bill and its NFC reader's taps, as the tests send them (docs/api.md §8). */
public final class Windows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Windows() {}

    public record TapAnswer(String sessionId, String expiresAt, String windowId, String kind, String presentedKind, String billNo,
                            Payments.View payment) {}

    /** The two-line bill of {@link Bills#bill(String, String)} (53.50 CNY), as a window's pending bill. */
    public static String bill(String billNo) {
        return """
                {"billNo":"%s","medType":"OUTPATIENT",
                 "items":[{"code":"X001","name":"阿莫西林胶囊","category":"DRUG","quantity":2,"priceFen":1175,"amountFen":2350},
                          {"code":"L201","name":"血常规","category":"LAB","quantity":1,"priceFen":3000,"amountFen":3000}],
                 "totalFen":5350}""".formatted(billNo);
    }

    /** The same bill paid with an NFC session, and optionally the scan that completes it. */
    public static String payment(String billNo, String sessionId, String scannedCode) {
        return """
                {"billNo":"%s","nfcSessionId":"%s",%s"medType":"OUTPATIENT",
                 "items":[{"code":"X001","name":"阿莫西林胶囊","category":"DRUG","quantity":2,"priceFen":1175,"amountFen":2350},
                          {"code":"L201","name":"血常规","category":"LAB","quantity":1,"priceFen":3000,"amountFen":3000}],
                 "totalFen":5350}""".formatted(billNo, sessionId, scannedCode == null ? "" : "\"scannedCode\":\"" + scannedCode + "\",");
    }

    public static WebTestClient.ResponseSpec putBill(SignedClient terminal, String windowId, String billNo) {
        return terminal.send(HttpMethod.PUT, "/api/v1/windows/" + windowId + "/bill", bill(billNo),
                java.time.Instant.now().getEpochSecond(), UUID.randomUUID().toString());
    }

    public static String tapBody(String readerId, String windowId, String tagUid, String payload) {
        return payload == null
                ? "{\"readerId\":\"%s\",\"windowId\":\"%s\",\"tagUid\":\"%s\"}".formatted(readerId, windowId, tagUid)
                : "{\"readerId\":\"%s\",\"windowId\":\"%s\",\"tagUid\":\"%s\",\"payload\":\"%s\"}".formatted(readerId, windowId, tagUid, payload);
    }

    public static WebTestClient.ResponseSpec tap(SignedClient reader, String windowId, String payload) {
        return reader.post("/api/v1/nfc/taps", tapBody(reader.terminalId(), windowId, "04A1B2C3D4E5F6", payload));
    }

    /** A tap the gateway accepts: the session it opened (and the payment, if the tap paid at once). */
    public static TapAnswer tapOk(SignedClient reader, String windowId, String payload) {
        String body = tap(reader, windowId, payload).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readValue(body, TapAnswer.class);
    }
}
