package org.hospay.channels.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hospay.channels.Money;
import org.hospay.channels.alipay.AlipayNotifications.Notification;
import org.hospay.channels.demo.DemoKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Notifications as recorded in {@code fixtures/alipay/notify/} (form bodies signed with the DEMO platform key). */
class AlipayNotificationsTest {

    private final AlipayNotifications notifications = new AlipayNotifications(DemoKeys.alipayPlatform().publicKey(),
            DemoKeys.ALIPAY_APP_ID);

    private static Map<String, String> form(String fixture) {
        return AlipayNotifications.formFields(Fixtures.text("notify/" + fixture));
    }

    @Test
    void aSignedAgreementNotificationIsReadWithItsAgreement() {
        Notification n = notifications.read(form("dut_user_sign.form"));

        assertThat(n).isInstanceOf(Notification.AgreementSigned.class);
        AlipayAgreement a = ((Notification.AgreementSigned) n).agreement();
        assertThat(a.agreementNo()).isEqualTo("20265900000000000001");
        assertThat(a.externalAgreementNo()).isEqualTo("FAM-0001");
        assertThat(a.alipayUserId()).isEqualTo("2088000000000001");
        assertThat(a.usable()).isTrue();
        assertThat(a.signTime()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    }

    @Test
    void anUnsignNotificationEndsTheAgreement() {
        Notification n = notifications.read(form("dut_user_unsign.form"));

        assertThat(n).isInstanceOf(Notification.AgreementUnsigned.class);
        assertThat(((Notification.AgreementUnsigned) n).agreement().status()).isEqualTo(AlipayCodes.AgreementStatus.UNSIGN);
    }

    @Test
    void aTradeNotificationCarriesTheExactAmount() {
        Notification n = notifications.read(form("trade_status_sync.form"));

        assertThat(n).isInstanceOf(Notification.TradeStatusChanged.class);
        var t = (Notification.TradeStatusChanged) n;
        assertThat(t.status()).isEqualTo(AlipayCodes.TradeStatus.TRADE_SUCCESS);
        assertThat(t.totalAmount()).isEqualTo(Money.ofFen(2350));
        assertThat(t.outTradeNo()).isEqualTo("T20261122093000000001");
    }

    @ParameterizedTest(name = "a changed byte in {0} is refused")
    @ValueSource(strings = {"agreement_no", "external_agreement_no", "alipay_user_id", "status", "notify_type"})
    void oneChangedByteInAnyFieldIsRejected(String field) {
        Map<String, String> p = new LinkedHashMap<>(form("dut_user_sign.form"));
        String v = p.get(field);
        p.put(field, v.substring(0, v.length() - 1) + (char) (v.charAt(v.length() - 1) ^ 1));

        assertThat(notifications.read(p)).isInstanceOf(Notification.Rejected.class);
    }

    @Test
    void anAddedFieldIsRejectedBecauseItIsPartOfTheSignedString() {
        Map<String, String> p = new LinkedHashMap<>(form("dut_user_sign.form"));
        p.put("single_quota", "100000.00");

        assertThat(notifications.read(p)).isInstanceOf(Notification.Rejected.class);
    }

    @Test
    void aNotificationForAnotherAppUnsignedOrDowngradedOrNotUnderstoodIsRejected() {
        Map<String, String> unsigned = new LinkedHashMap<>(form("dut_user_sign.form"));
        unsigned.remove("sign");
        Map<String, String> rsa1 = new LinkedHashMap<>(form("dut_user_sign.form"));
        rsa1.put("sign_type", "RSA");

        assertThat(notifications.read(form("other-app.form"))).isInstanceOf(Notification.Rejected.class);
        assertThat(notifications.read(form("unknown-type.form"))).isInstanceOf(Notification.Rejected.class);
        assertThat(notifications.read(unsigned)).isInstanceOf(Notification.Rejected.class);
        assertThat(notifications.read(rsa1)).isInstanceOf(Notification.Rejected.class);
    }
}
