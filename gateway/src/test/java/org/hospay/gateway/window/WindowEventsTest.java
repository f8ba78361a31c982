package org.hospay.gateway.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.payment.PaymentRow;
import org.hospay.gateway.payment.PaymentStatus;
import org.hospay.gateway.payment.Plan;
import org.hospay.gateway.payment.Stage;
import org.junit.jupiter.api.Test;

class WindowEventsTest {

    private static PaymentRow row(Plan plan, PaymentStatus status, Stage stage, Long fund, Long account, Long self, String method) {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");
        return new PaymentRow(UUID.fromString("00000000-0000-0000-0000-000000000001"), "h1", "t1", "W01", "B1", "OUTPATIENT", "[]",
                5350, "AGGREGATED_CODE", "HSA1:****", plan, status, stage, null, null, null, null, null, null,
                fund, account, self, method, null, null, 0, null, now, now, null, null, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> legsOf(Map<String, Object> data) {
        return (Map<String, Object>) data.get("legs");
    }

    @Test
    void aPaymentWaitingForACodeCarriesItsInsurancePartsAndTheOpenSelfPayAmount() {
        Map<String, Object> data = WindowEvents.paymentData(row(Plan.INSURANCE_THEN_CODE, PaymentStatus.PENDING, Stage.AWAITING_CODE,
                1200L, 1000L, 3150L, null), "waiting");
        assertThat(data).containsEntry("status", "PENDING").containsEntry("awaitingPaymentCode", true);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> legs = (Map<String, Map<String, Object>>) data.get("legs");
        assertThat(legs.get("insurance")).containsEntry("fundPayFen", 1200L).containsEntry("accountPayFen", 1000L);
        assertThat(legs.get("selfPay")).containsEntry("amountFen", 3150L).containsEntry("method", null);
    }

    @Test
    void aSelfPayPatientHasNoInsuranceLeg() {
        Map<String, Object> data = WindowEvents.paymentData(row(Plan.CHANNEL_ONLY, PaymentStatus.SUCCEEDED, Stage.DONE, 0L, 0L, 5350L, "WECHAT"), null);
        assertThat(legsOf(data)).containsOnlyKeys("selfPay");
        assertThat(data).containsEntry("awaitingPaymentCode", false).containsEntry("selfPayMethod", "WECHAT");
    }

    @Test
    void aPaymentFullyCoveredByInsuranceHasNoSelfPayLeg() {
        Map<String, Object> data = WindowEvents.paymentData(row(Plan.INSURANCE_AND_CHANNEL, PaymentStatus.SUCCEEDED, Stage.DONE, 4350L, 1000L, 0L, null), null);
        assertThat(legsOf(data)).containsOnlyKeys("insurance");
    }

    @Test
    void theWindowSeesTheCommercialPartAndWhyThePatientPaidItWhenTheInsurerWasUnavailable() {
        PaymentRow p = row(Plan.INSURANCE_AND_CHANNEL, PaymentStatus.SUCCEEDED, Stage.DONE, 1200L, 1000L, 3150L, "WECHAT");
        PaymentRow unavailable = new PaymentRow(p.paymentId(), p.hospitalId(), p.terminalId(), p.windowId(), p.billNo(), p.medType(),
                p.itemsJson(), p.totalFen(), p.sourceKind(), p.sourceMasked(), p.plan(), p.status(), p.stage(), null, null, null, null, null,
                null, p.fundPayFen(), p.accountPayFen(), p.selfPayFen(), p.selfPayMethod(), null, null, 0, null, p.createdAt(), p.updatedAt(),
                null, new PaymentRow.Commercial("DEMO-HIC", PaymentRow.CommercialStatus.UNAVAILABLE, 0, null), null);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> legs = (Map<String, Map<String, Object>>) WindowEvents.paymentData(unavailable, null).get("legs");
        assertThat(legs.get("commercial")).containsEntry("insurer", "DEMO-HIC").containsEntry("amountFen", 0L)
                .containsEntry("status", "UNAVAILABLE");
        assertThat(legsOf(WindowEvents.paymentData(p, null))).doesNotContainKey("commercial");
    }

    @Test
    void theSseEventNameIsTheTypeWrittenFirstInTheJson() {
        assertThat(WindowStream.typeOf("{\"type\":\"payment.succeeded\",\"windowId\":\"W01\"}")).isEqualTo("payment.succeeded");
        assertThat(WindowStream.typeOf("{\"windowId\":\"W01\"}")).isEqualTo("message");
        assertThat(WindowStream.typeOf("{\"type\":\"unterminated")).isEqualTo("message");
    }

    @Test
    void badWindowSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new WindowProperties(Duration.ZERO, 1000, Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofMinutes(30)))
                .hasMessageContaining("hospay.windows.pending-bill-ttl").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new WindowProperties(Duration.ofMinutes(1), 1000, Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofMinutes(30)))
                .hasMessageContaining("heartbeat (PT30M) must be shorter than max-connection (PT30M)");
    }
}
