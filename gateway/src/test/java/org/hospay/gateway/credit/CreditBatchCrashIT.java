package org.hospay.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.hospay.gateway.it.Credit;
import org.hospay.gateway.it.CreditIntegrationTest;
import org.hospay.gateway.it.Family;
import org.hospay.gateway.it.Sim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A batch interrupted mid-way is finished by the next run without counting anything twice: after the file was
 * written (the instance stopped before sending it), and after the bank took it but its answer was lost; and
 * while another instance holds the jobs' lease, this one runs none of them.
 */
class CreditBatchCrashIT extends CreditIntegrationTest {

    @Autowired
    CreditBatches batches;

    @AfterEach
    void bankHealthy() {
        Sim.clearFault("BANK");
    }

    @Test
    void aBatchWrittenButNeverSentIsSentByTheNextRun() {
        LocalDate d = LocalDate.of(2031, 9, 3);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        String c = consumptionOf(postBill("CBX" + Long.toHexString(System.nanoTime()), p.cardNo(), 4_000).path("paymentId").asString());

        day(d.plusDays(1), 0, 1);
        batches.prepare(d).block(); // the instance stops here: file written, lines BATCHED, nothing sent
        JsonNode written = batch(d);
        assertThat(written.path("status").asString()).isEqualTo("CREATED");
        assertThat(Credit.deductions(c)).isEmpty();

        runJobs();
        JsonNode done = batch(d);
        assertThat(done.path("status").asString()).isEqualTo("APPLIED");
        assertThat(done.path("fileSha256").asString()).isEqualTo(written.path("fileSha256").asString());
        assertThat(Credit.deductions(c)).hasSize(1);
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isZero();
    }

    @Test
    void aSubmissionWhoseAnswerWasLostIsSentAgainAndDeductedOnce() {
        LocalDate d = LocalDate.of(2031, 9, 13);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        String c = consumptionOf(postBill("CBY" + Long.toHexString(System.nanoTime()), p.cardNo(), 4_500).path("paymentId").asString());

        day(d.plusDays(1), 0, 1);
        Sim.fault("BANK", Map.of("timeoutRate", 1.0)); // the bank processes the file and never answers
        runJobs();
        JsonNode lost = batch(d);
        assertThat(lost.path("status").asString()).isEqualTo("CREATED");
        assertThat(lost.path("lastError").asString()).contains("unanswered");
        assertThat(Credit.deductions(c)).as("the bank did deduct").hasSize(1);

        Sim.clearFault("BANK");
        runJobs();
        assertThat(batch(d).path("status").asString()).isEqualTo("APPLIED");
        assertThat(Credit.deductions(c)).hasSize(1);
        assertThat(Credit.bankBalance(p.customerNo())).as("deducted once").isEqualTo(1_000_000 - 4_500);
        assertThat(Credit.account(u, p.cardNo()).path("usedFen").asLong()).isZero();
    }

    @Test
    void whileAnotherInstanceHoldsTheLeaseThisOneRunsNothingAndTakesOverWhenItLapses() {
        LocalDate d = LocalDate.of(2031, 9, 23);
        day(d, 9, 0);
        Family.User u = Family.user(http, Family.subject("credit"));
        Credit.Patient p = Credit.patient(200_000, 1_000_000);
        Credit.enrol(u, p);
        String c = consumptionOf(postBill("CBL" + Long.toHexString(System.nanoTime()), p.cardNo(), 3_000).path("paymentId").asString());
        db.sql("""
                INSERT INTO credit_lease (name, owner, lease_until) VALUES ('credit-jobs', 'another-instance', now() + interval '5 minutes')
                ON CONFLICT (name) DO UPDATE SET owner = 'another-instance', lease_until = now() + interval '5 minutes'""").then().block();

        day(d.plusDays(1), 0, 1);
        var refused = finance.post("/api/v1/credit/jobs/run", "").expectBody(String.class).returnResult();
        assertThat(refused.getStatus().value()).as(refused.getResponseBody()).isEqualTo(409);
        assertThat(count("SELECT count(*) FROM credit_batch WHERE batch_date = '" + d + "'")).as("the other instance's job").isZero();
        assertThat(Credit.deductions(c)).isEmpty();

        db.sql("UPDATE credit_lease SET lease_until = now() - interval '1 second' WHERE name = 'credit-jobs'").then().block();
        runJobs();
        assertThat(batch(d).path("status").asString()).isEqualTo("APPLIED");
        assertThat(Credit.deductions(c)).hasSize(1);
    }
}
