package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Enrolment in credit care: the line by tier (the bank's score tier, the white list), refusals with nothing written. */
class CreditEnrolmentIT extends CreditIntegrationTest {

    private Family.User user() {
        return Family.user(http, Family.subject("credit"));
    }

    private long accounts(Credit.Patient p) {
        return count("SELECT count(*) FROM credit_account WHERE card_no = '" + p.cardNo() + "'");
    }

    @Test
    void theBanksTierOrTheInsuranceStandingDecidesTheLineWithinTheHospitalsBounds() {
        Family.User u = user();
        JsonNode middle = Credit.enrol(u, Credit.patient(300_000, 1_000_000));
        assertThat(middle.path("tier").asString()).isEqualTo("BANK_SCORE");
        assertThat(middle.path("lineFen").asLong()).isEqualTo(300_000);
        assertThat(middle.path("availableFen").asLong()).isEqualTo(300_000);
        assertThat(middle.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(middle.path("patient").asString()).as("identity masked").contains("*");

        JsonNode top = Credit.enrol(user(), Credit.patient(8_000_000, 1_000_000));
        assertThat(top.path("lineFen").asLong()).as("cut to the 50,000 CNY maximum").isEqualTo(5_000_000);

        Credit.Patient low = Credit.patient(50_000, 1_000_000);
        assertThat(user().refused(HttpMethod.POST, "/api/v1/mini/credit/enrolments", Credit.enrolBody(low.person(), true), 422))
                .isEqualTo("CREDIT_LINE_TOO_LOW");
        assertThat(accounts(low)).isZero();

        JsonNode insured = Credit.enrol(user(), Credit.insuredPatient(0, 100_000, 1_000_000));
        assertThat(insured.path("tier").asString()).as("an employee-insured patient's standing beats a low bank tier").isEqualTo("INSURANCE");
        assertThat(insured.path("lineFen").asLong()).isEqualTo(500_000);

        assertThat(u.ok(HttpMethod.GET, "/api/v1/mini/credit/accounts", null).size()).as("the user sees what they enrolled").isEqualTo(1);
    }

    @Test
    void thePersonalAccountBalanceTheInsurancePlatformReportsRaisesTheInsuranceTier() {
        JsonNode saver = Credit.enrol(user(), Credit.insuredPatient(500_000, 100_000, 1_000_000));
        assertThat(saver.path("tier").asString()).isEqualTo("INSURANCE");
        assertThat(saver.path("lineFen").asLong()).as("5,000 CNY in the personal account: the 3,000 CNY tier").isEqualTo(1_000_000);

        JsonNode richer = Credit.enrol(user(), Credit.insuredPatient(2_000_000, 100_000, 1_000_000));
        assertThat(richer.path("tier").asString()).isEqualTo("INSURANCE");
        assertThat(richer.path("lineFen").asLong()).as("20,000 CNY: the 10,000 CNY tier").isEqualTo(2_000_000);
    }

    @Test
    void aWhiteListedPatientGetsTheirLineWithoutScoringAndABlackListedOneIsRefusedWithTheReason() {
        Credit.Patient white = Credit.patient(50_000, 1_000_000); // the bank alone would be too low
        finance.post("/api/v1/credit/lists", """
                {"kind":"WHITE","idNo":"%s","reason":"hospital staff","lineFen":2000000}""".formatted(white.person().idNo()))
                .expectStatus().isOk();
        JsonNode a = Credit.enrol(user(), white);
        assertThat(a.path("tier").asString()).isEqualTo("WHITE_LIST");
        assertThat(a.path("lineFen").asLong()).isEqualTo(2_000_000);

        Credit.Patient black = Credit.patient(3_000_000, 1_000_000);
        finance.post("/api/v1/credit/lists", """
                {"kind":"BLACK","idNo":"%s","reason":"fraud case 2026-17"}""".formatted(black.person().idNo()))
                .expectStatus().isOk();
        JsonNode refusal = user().refusal(HttpMethod.POST, "/api/v1/mini/credit/enrolments", Credit.enrolBody(black.person(), true), 422);
        assertThat(refusal.path("code").asString()).isEqualTo("CREDIT_BLACKLISTED");
        assertThat(refusal.path("message").asString()).contains("fraud case 2026-17");
        assertThat(accounts(black)).isZero();
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'CREDIT_LIST_BLACK' AND terminal_id = '" + FINANCE_ID + "'"))
                .isPositive();
    }

    @Test
    void enrolmentIsRefusedWithoutConsentForAnotherPersonsCardOrWithoutABankAccountAndWritesNothing() {
        Credit.Patient p = Credit.patient(300_000, 1_000_000);
        Family.User u = user();
        assertThat(u.refused(HttpMethod.POST, "/api/v1/mini/credit/enrolments", Credit.enrolBody(p.person(), false), 400))
                .isEqualTo("CONSENT_REQUIRED");
        Family.Person other = Family.uninsuredPatient();
        Family.Person wrongCard = new Family.Person(p.person().name(), p.person().idNo(), other.cardNo());
        assertThat(u.refused(HttpMethod.POST, "/api/v1/mini/credit/enrolments", Credit.enrolBody(wrongCard, true), 422))
                .isEqualTo("CARD_NOT_VERIFIED");
        Family.Person noBank = Family.uninsuredPatient();
        assertThat(u.refused(HttpMethod.POST, "/api/v1/mini/credit/enrolments", Credit.enrolBody(noBank, true), 422))
                .isEqualTo("CREDIT_NO_BANK_ACCOUNT");
        Family.Person badId = new Family.Person(p.person().name(), "110101199001011230", p.cardNo());
        assertThat(u.refused(HttpMethod.POST, "/api/v1/mini/credit/enrolments", Credit.enrolBody(badId, true), 400))
                .isEqualTo("INVALID_ID_NUMBER");
        assertThat(accounts(p) + count("SELECT count(*) FROM credit_account WHERE card_no IN ('" + other.cardNo() + "','"
                + noBank.cardNo() + "')")).isZero();

        Credit.enrol(u, p);
        assertThat(u.refused(HttpMethod.POST, "/api/v1/mini/credit/enrolments", Credit.enrolBody(p.person(), true), 409))
                .isEqualTo("CREDIT_ALREADY_ENROLLED");
    }
}
