package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Bills the bank could not deduct: reminders on day 5 and on the due day (day 7), each bill overdue counts once,
 * three black-list the patient (no credit at the window, the debt still collected), finance lifts it with a reason.
 */
class CreditOverdueIT extends CreditIntegrationTest {

    private long messages(String user, String kind) {
        return Family.messages(user).stream().filter(m -> m.kind().equals(kind)).count();
    }

    @Test
    void remindersOnDay5AndTheDueDayThenThreeOverdueBillsBlackListTheCard() {
        LocalDate d = LocalDate.of(2031, 7, 1);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(300_000, 0); // nothing in the bank account: every deduction fails
        Credit.enrol(u, p);
        for (int i = 0; i < 3; i++) {
            assertThat(postBill("CBO" + Long.toHexString(System.nanoTime()).toUpperCase(), p.cardNo(), 1_000).path("status").asString())
                    .isEqualTo("SUCCEEDED");
        }

        day(d.plusDays(1), 0, 5);
        runJobs();
        JsonNode account = Credit.account(u, p.cardNo());
        assertThat(account.path("bills").findValuesAsString("status")).containsOnly("UNPAID");
        assertThat(account.path("bills").findValuesAsString("dueDate")).containsOnly(d.plusDays(7).toString());
        assertThat(account.path("usedFen").asLong()).as("owed: still on the line").isEqualTo(3_000);

        day(d.plusDays(4), 9, 0);
        assertThat(runJobs().path("remindersSent").asLong()).as("not before day 5").isZero();
        day(d.plusDays(5), 9, 0);
        assertThat(runJobs().path("remindersSent").asLong()).isEqualTo(3);
        assertThat(runJobs().path("remindersSent").asLong()).as("once").isZero();
        Family.awaitMessage(u.subject(), m -> m.kind().equals("CREDIT_REMINDER"), "the day-5 reminder");
        assertThat(messages(u.subject(), "CREDIT_REMINDER")).isEqualTo(3);

        day(d.plusDays(7), 9, 0);
        assertThat(runJobs().path("remindersSent").asLong()).isEqualTo(3);
        assertThat(messages(u.subject(), "CREDIT_DUE_TODAY")).isEqualTo(3);
        assertThat(Credit.account(u, p.cardNo()).path("status").asString()).as("due today is not overdue").isEqualTo("ACTIVE");

        day(d.plusDays(8), 9, 0);
        assertThat(runJobs().path("blacklisted").asLong()).isEqualTo(1);
        runJobs();
        JsonNode black = Credit.account(u, p.cardNo());
        assertThat(black.path("status").asString()).isEqualTo("BLACKLISTED");
        assertThat(black.path("overdueCount").asInt()).as("each bill counted once").isEqualTo(3);
        assertThat(black.path("availableFen").asLong()).isZero();
        Family.awaitMessage(u.subject(), m -> m.kind().equals("CREDIT_SUSPENDED"), "the suspension message");

        var atWindow = window.postWithKey("/api/v1/payments", """
                {"billNo":"CBOW%s","cardNo":"%s","medType":"OUTPATIENT","items":[{"code":"D1","name":"药","category":"DRUG","quantity":1,"priceFen":100,"amountFen":100}],
                 "totalFen":100}""".formatted(Long.toHexString(System.nanoTime()), p.cardNo()), java.util.UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(atWindow.getStatus().value()).isEqualTo(422);
        assertThat(Family.JSON.readTree(atWindow.getResponseBody()).path("error").path("code").asString()).isEqualTo("CREDIT_BLACKLISTED");
        assertThat(u.refused(HttpMethod.POST, "/api/v1/mini/credit/accounts/" + p.cardNo() + "/code", null, 422)).isEqualTo("CREDIT_BLACKLISTED");

        // The debt is still collected: money arrives, the next batch's retry deducts it.
        Credit.deposit(p.customerNo(), 10_000);
        day(d.plusDays(9), 0, 5);
        runJobs();
        JsonNode collected = Credit.account(u, p.cardNo());
        assertThat(collected.path("bills").findValuesAsString("status")).containsOnly("REPAID");
        assertThat(collected.path("usedFen").asLong()).isZero();
        assertThat(collected.path("status").asString()).isEqualTo("BLACKLISTED");
        assertThat(Credit.bankBalance(p.customerNo())).isEqualTo(7_000);

        var lifted = finance.post("/api/v1/credit/cards/" + p.cardNo() + "/lift", "{\"reason\":\"repaid in full, hardship case\"}")
                .expectBody(String.class).returnResult();
        assertThat(lifted.getStatus().value()).as(lifted.getResponseBody()).isEqualTo(200);
        assertThat(Credit.account(u, p.cardNo()).path("status").asString()).isEqualTo("ACTIVE");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'CREDIT_LIFT' AND resource_id IS NOT NULL "
                + "AND outcome LIKE 'LIFTED: repaid in full%' AND terminal_id = '" + FINANCE_ID + "'")).isEqualTo(1);
    }
}
