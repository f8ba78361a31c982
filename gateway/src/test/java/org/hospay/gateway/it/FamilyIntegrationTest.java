package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.hospay.gateway.family.FamilyClock;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.bean.override.convention.TestBean;
import tools.jackson.databind.JsonNode;

/**
 * Base of the family-proxy ITs: an HIS terminal of the test hospital, and the family clock set to 10:00
 * Beijing on the 15th of this month (the simulator's clock too), so WeChat's 07:00–22:00 rule and the
 * day and month of limits never depend on when the tests run. Tests move it further where they need to.
 */
abstract class FamilyIntegrationTest extends GatewayIntegrationTest {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String HIS_ID = "it-his-01";
    static final String HIS_SECRET = "it-his-01-secret";
    static final MutableClock CLOCK = new MutableClock();

    @TestBean
    FamilyClock familyClock;

    static FamilyClock familyClock() {
        return new FamilyClock(CLOCK);
    }

    protected SignedClient his;

    @BeforeEach
    void hisAndClock() {
        terminals.upsert(new Terminal(HIS_ID, Terminal.Kind.HIS, "it-hospital", null), HIS_SECRET).block();
        his = new SignedClient(http, HIS_ID, HIS_SECRET);
        at(10, 0);
    }

    @AfterEach
    void realTimeAgain() {
        CLOCK.reset();
        Family.resetSimClock();
    }

    /** Family clock and simulator clock at hh:mm Beijing on the 15th of this month (the 16th with {@code nextDay}). */
    static Instant at(int hour, int minute) {
        return atDay(0, hour, minute);
    }

    static Instant atDay(int daysAfterThe15th, int hour, int minute) {
        Instant t = LocalDate.now(BEIJING).withDayOfMonth(15).plusDays(daysAfterThe15th).atTime(hour, minute).atZone(BEIJING).toInstant();
        CLOCK.set(t);
        Family.simClock(t);
        return t;
    }

    static String hisBill(String billNo, String cardNo, long fen) {
        return """
                {"billNo":"%s","cardNo":"%s","items":[{"code":"D%d","name":"处方药品","category":"DRUG","quantity":1,"priceFen":%d,"amountFen":%d}],
                 "totalFen":%d}""".formatted(billNo, cardNo, fen, fen, fen, fen);
    }

    /** The HIS posts a bill; follows a 202 until the payment is final or waits at the window. */
    JsonNode postBill(String billNo, String cardNo, long fen) {
        var r = his.post("/api/v1/his/bills", hisBill(billNo, cardNo, fen)).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as("HIS bill answer: %s", r.getResponseBody()).isIn(200, 202);
        JsonNode body = Family.JSON.readTree(r.getResponseBody());
        if (r.getStatus().value() == 200) return body;
        return awaitSettled(UUID.fromString(body.path("paymentId").asString()));
    }

    JsonNode awaitSettled(UUID paymentId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode p = Family.JSON.readTree(window.get("/api/v1/payments/" + paymentId).expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            boolean open = p.path("status").asString().equals("PENDING") && !p.path("awaitingPaymentCode").asBoolean();
            if (!open || System.nanoTime() > deadline) return p;
            Payments.pause(200);
        }
    }
}
