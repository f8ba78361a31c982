package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * docs/finance.md: the credit bank as a reconciliation counterparty. A day's credit batch is deducted (one line
 * refused for want of money), the credit jobs apply the result, and the day reconciles with the bank's result
 * file; an amount the bank then shows otherwise (fabricated by the simulator) is found, and a re-run agrees.
 */
class BankReconciliationIT extends CreditIntegrationTest {

    private static final LocalDate D = LocalDate.of(2033, 9, 10);
    private static final WebClient SIM = WebClient.create(TestSimulator.URL);

    @AfterEach
    void noFabricatedDifferences() {
        SIM.delete().uri("/sim/faults/BANK/statement").retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
    }

    private JsonNode reconcile() {
        var r = finance.as("F001").post("/api/v1/finance/reconciliations", "{\"day\":\"" + D + "\",\"counterparties\":[\"BANK\"]}")
                .expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(200);
        return Family.JSON.readTree(r.getResponseBody());
    }

    private static JsonNode run(JsonNode day) {
        for (JsonNode run : day.path("runs")) if ("BANK".equals(run.path("counterparty").asString())) return run;
        throw new AssertionError("no BANK run in " + day);
    }

    @Test
    void aBatchDayBalancesWithTheBanksResultAndAnAmountTheBankShowsOtherwiseIsFound() {
        day(D, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        // Enough in the account for the first consumption only: the second is refused (51) and owed.
        Credit.Patient p = Credit.patient(200_000, 12_000);
        Credit.enrol(u, p);
        String deducted = consumptionOf(postBill("CBR" + Long.toHexString(System.nanoTime()), p.cardNo(), 10_000).path("paymentId").asString());
        String refused = consumptionOf(postBill("CBR" + Long.toHexString(System.nanoTime()), p.cardNo(), 5_000).path("paymentId").asString());
        day(D.plusDays(1), 0, 5);
        runJobs();
        assertThat(batch(D).path("status").asString()).isEqualTo("APPLIED");
        assertThat(count("SELECT count(*) FROM credit_consumption WHERE consumption_id = '" + refused + "' AND status = 'UNPAID'")).isEqualTo(1);

        JsonNode clean = reconcile();

        assertThat(clean.path("differences").isEmpty()).as(clean.toString()).isTrue();
        JsonNode cleanRun = run(clean);
        assertThat(cleanRun.path("status").asString()).isEqualTo("BALANCED");
        assertThat(cleanRun.path("theirLines").asLong()).isGreaterThanOrEqualTo(2)
                .isEqualTo(cleanRun.path("ourRecords").asLong()).isEqualTo(cleanRun.path("matched").asLong());

        SIM.post().uri("/sim/faults/BANK/statement").bodyValue(Map.of("kind", "AMOUNT", "outTradeNo", deducted, "amountFen", 9_000))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(10));

        JsonNode differs = reconcile();
        JsonNode again = reconcile();

        assertThat(differs.path("differences")).singleElement().satisfies(d -> {
            assertThat(d.path("ref").asString()).isEqualTo("C:" + deducted);
            assertThat(d.path("kind").asString()).isEqualTo("AMOUNT_MISMATCH");
            assertThat(d.path("status").asString()).isEqualTo("OPEN");
            assertThat(d.path("ourFen").asLong()).isEqualTo(10_000);
            assertThat(d.path("theirFen").asLong()).isEqualTo(9_000);
        });
        assertThat(run(differs).path("status").asString()).isEqualTo("DIFFERENCES");
        assertThat(again.path("differences")).isEqualTo(differs.path("differences"));
        assertThat(run(again).path("runs").asInt()).isEqualTo(3);
        assertThat(Credit.bankBalance(p.customerNo())).as("reconciling moves no money").isEqualTo(2_000);
    }
}
