package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.hospay.gateway.credit.CreditClock;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.bean.override.convention.TestBean;
import tools.jackson.databind.JsonNode;

/**
 * Base of the credit-care ITs: an HIS and a finance terminal of the test hospital, and the credit clock (with the
 * simulator's) on a day of the test's choosing. Each test class lives on its own days ({@link #day}), far apart, so
 * the batches of one day belong to one test; the jobs run when the test asks (finance's "run now"), never by sleeping.
 */
public abstract class CreditIntegrationTest extends GatewayIntegrationTest {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String HIS_ID = "it-his-01";
    static final String HIS_SECRET = "it-his-01-secret";
    static final String FINANCE_ID = "it-finance-credit";
    static final String FINANCE_SECRET = "it-finance-credit-secret";
    static final MutableClock CLOCK = new MutableClock();

    @TestBean
    CreditClock creditClock;

    static CreditClock creditClock() {
        return new CreditClock(CLOCK);
    }

    protected SignedClient his;
    protected SignedClient finance;

    @BeforeEach
    void terminalsAndClock() {
        terminals.upsert(new Terminal(HIS_ID, Terminal.Kind.HIS, "it-hospital", null), HIS_SECRET).block();
        terminals.upsert(new Terminal(FINANCE_ID, Terminal.Kind.FINANCE, "it-hospital", null), FINANCE_SECRET).block();
        his = new SignedClient(http, HIS_ID, HIS_SECRET);
        finance = new SignedClient(http, FINANCE_ID, FINANCE_SECRET);
    }

    @AfterEach
    void realTimeAgain() {
        CLOCK.reset();
        Family.resetSimClock();
    }

    /** The credit clock and the simulator's at hh:mm Beijing on {@code date}. */
    public static Instant day(LocalDate date, int hour, int minute) {
        Instant t = date.atTime(hour, minute).atZone(BEIJING).toInstant();
        CLOCK.set(t);
        Family.simClock(t);
        return t;
    }

    /** Finance runs the daily jobs now (batch, results, overdue, reminders). */
    public JsonNode runJobs() {
        var r = finance.post("/api/v1/credit/jobs/run", "").expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as("jobs run: %s", r.getResponseBody()).isEqualTo(200);
        return Family.JSON.readTree(r.getResponseBody());
    }

    public JsonNode rerun(LocalDate date) {
        var r = finance.post("/api/v1/credit/jobs/run?rerun=" + date, "").expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as("jobs re-run: %s", r.getResponseBody()).isEqualTo(200);
        return Family.JSON.readTree(r.getResponseBody());
    }

    public JsonNode batch(LocalDate date) {
        return Family.JSON.readTree(finance.get("/api/v1/credit/batches/" + date).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    static String hisBill(String billNo, String cardNo, long fen) {
        return """
                {"billNo":"%s","cardNo":"%s","items":[{"code":"D%d","name":"处方药品","category":"DRUG","quantity":1,"priceFen":%d,"amountFen":%d}],
                 "totalFen":%d}""".formatted(billNo, cardNo, fen, fen, fen, fen);
    }

    /** A window bill paid with {@code scannedCode} (a credit code) or {@code cardNo}; the final payment. */
    JsonNode payAtWindow(String billNo, String scannedCode, String cardNo, long fen) {
        String source = scannedCode != null ? "\"scannedCode\":\"" + scannedCode + "\"" : "\"cardNo\":\"" + cardNo + "\"";
        String body = """
                {"billNo":"%s",%s,"medType":"OUTPATIENT","items":[{"code":"D%d","name":"处方药品","category":"DRUG","quantity":1,"priceFen":%d,"amountFen":%d}],
                 "totalFen":%d}""".formatted(billNo, source, fen, fen, fen, fen);
        var r = window.postWithKey("/api/v1/payments", body, java.util.UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        JsonNode p = Family.JSON.readTree(r.getResponseBody());
        if (r.getStatus().value() == 202) return awaitFinal(UUID.fromString(p.path("paymentId").asString()));
        return p;
    }

    public JsonNode postBill(String billNo, String cardNo, long fen) {
        var r = his.post("/api/v1/his/bills", hisBill(billNo, cardNo, fen)).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as("HIS bill answer: %s", r.getResponseBody()).isIn(200, 202);
        JsonNode body = Family.JSON.readTree(r.getResponseBody());
        return r.getStatus().value() == 200 ? body : awaitFinal(UUID.fromString(body.path("paymentId").asString()));
    }

    JsonNode awaitFinal(UUID paymentId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode p = Family.JSON.readTree(window.get("/api/v1/payments/" + paymentId).expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            String s = p.path("status").asString();
            boolean open = (s.equals("PENDING") || s.equals("PROCESSING")) && !p.path("awaitingPaymentCode").asBoolean();
            if (!open || System.nanoTime() > deadline) return p;
            Payments.pause(200);
        }
    }

    /** The consumption id (the credit leg's request id) of a payment. */
    public String consumptionOf(String paymentId) {
        return db.sql("SELECT consumption_id FROM credit_consumption WHERE payment_id = :p").bind("p", UUID.fromString(paymentId))
                .map(r -> r.get(0, String.class)).one().block();
    }

    public long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }
}
