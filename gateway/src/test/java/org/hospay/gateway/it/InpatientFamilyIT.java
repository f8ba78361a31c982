package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md §13.2 and §13.7 with family proxy (on the family ITs' clock, inside the withholding hours): a payer
 * bound to the patient's hospital card pays a deposit, and the ward's "deposit low" reminder from the HIS reaches the
 * patient and the card's payers.
 */
class InpatientFamilyIT extends FamilyIntegrationTest {

    private SignedClient bedside;

    @BeforeEach
    void bedsideTerminal() {
        terminals.upsert(new Terminal("it-bedside-01", Terminal.Kind.BEDSIDE, "it-hospital", "5A"), "it-bedside-01-secret").block();
        bedside = new SignedClient(http, "it-bedside-01", "it-bedside-01-secret");
    }

    @Test
    void aFamilyProxyPayerPaysADepositByThePatientsHospitalCard() {
        Family.Person patient = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, patient, "WECHAT", 1_000_000, 100_000, 200_000, 500_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);

        Inpatients.Reply r = Inpatients.call(bedside, "/api/v1/inpatient/stays/" + stay.stayId() + "/deposits",
                "{\"amountFen\":50000,\"cardNo\":\"" + patient.cardNo() + "\"}", UUID.randomUUID().toString());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Inpatients.DepositAnswer d = r.as(Inpatients.DepositAnswer.class);
        assertThat(d.status()).isEqualTo("SUCCEEDED");
        assertThat(d.payment().selfPay().method()).isEqualTo("FAMILY_PROXY");
        assertThat(d.balanceFen()).isEqualTo(50_000);
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(1_000_000 - 50_000);
        Family.awaitMessage(payer.user().subject(), Family.kind("DEDUCTED", d.payment().billNo()), "the deduction message");
        // and it is a deposit like any other: a withdrawal gives it back to the payer's wallet
        Inpatients.Reply back = Inpatients.call(bedside, "/api/v1/inpatient/stays/" + stay.stayId() + "/deposit-refunds",
                "{\"amountFen\":20000}", UUID.randomUUID().toString());
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(Inpatients.await(bedside, stay.stayId(), s -> s.refundedFen() == 20_000, Duration.ofSeconds(20)).balanceFen())
                .isEqualTo(30_000);
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(1_000_000 - 30_000);
    }

    @Test
    void theWardsDepositLowReminderFromTheHisShowsOnTheStayAndTellsThePatientAndThePayersOfTheirCard() {
        Family.Person patient = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, patient, "ALIPAY", 100_000, 100_000, 200_000, 500_000);
        Family.User self = Family.patient(http, patient);
        self.ok(org.springframework.http.HttpMethod.PUT, "/api/v1/mini/me",
                "{\"name\":\"%s\",\"idNo\":\"%s\"}".formatted(patient.name(), patient.idNo()));
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.deposit(bedside, stay.stayId(), 10_000, Sim.wallet("WECHAT", 1_000_000).authCode());
        String reminder = "{\"reminderNo\":\"R1\",\"admissionNo\":\"" + stay.admissionNo() + "\",\"cardNo\":\"" + patient.cardNo()
                + "\",\"suggestedFen\":50000}";

        Inpatients.Reply r = Inpatients.call(his, "/api/v1/his/deposit-reminders", reminder, null);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Inpatients.ReminderAnswer a = r.as(Inpatients.ReminderAnswer.class);
        assertThat(a.stayId()).isEqualTo(stay.stayId());
        assertThat(a.balanceFen()).isEqualTo(10_000);
        assertThat(a.notified()).isEqualTo(2); // the patient and the one payer
        assertThat(a.replayed()).isFalse();
        java.util.function.Predicate<Family.Message> lowR1 = m -> m.kind().equals("DEPOSIT_LOW") && "R1".equals(m.payload().get("reminderNo"))
                && stay.admissionNo().equals(m.payload().get("admissionNo"));
        Family.Message toPayer = Family.awaitMessage(payer.user().subject(), lowR1, "the deposit-low reminder");
        Family.Message toPatient = Family.awaitMessage(self.subject(), lowR1, "the deposit-low reminder");
        assertThat(toPayer.payload()).containsEntry("to", "PAYER").containsEntry("suggestedFen", 50000);
        assertThat(toPatient.payload()).containsEntry("to", "PATIENT");
        assertThat(toPatient.payload().toString()).doesNotContain(patient.idNo()).doesNotContain(patient.cardNo());
        // the HIS posting it again tells nobody twice
        Inpatients.Reply again = Inpatients.call(his, "/api/v1/his/deposit-reminders", reminder, null);
        assertThat(again.as(Inpatients.ReminderAnswer.class).replayed()).isTrue();
        assertThat(again.as(Inpatients.ReminderAnswer.class).notified()).isEqualTo(2);
        Payments.pause(1_500);
        assertThat(Family.messages(payer.user().subject()).stream().filter(lowR1)).hasSize(1);
        // the stay shows it
        assertThat(Inpatients.get(bedside, stay.stayId()).reminders()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo("DEPOSIT_LOW");
            assertThat(x.suggestedFen()).isEqualTo(50_000);
            assertThat(x.balanceFen()).isEqualTo(10_000);
            assertThat(x.card()).doesNotContain(patient.cardNo());
        });
        // only the HIS posts it; an unknown admission is 404, nothing written
        assertThat(Inpatients.call(bedside, "/api/v1/his/deposit-reminders", reminder, null).status()).isEqualTo(403);
        Inpatients.Reply unknown = Inpatients.call(his, "/api/v1/his/deposit-reminders", reminder.replace(stay.admissionNo(), "ZY-NONE-1"), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("STAY_NOT_FOUND");
    }
}
