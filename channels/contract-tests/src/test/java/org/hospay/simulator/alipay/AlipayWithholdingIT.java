package org.hospay.simulator.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hospay.channels.Charge;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.alipay.AlipayAdapter;
import org.hospay.channels.alipay.AlipayAgreement;
import org.hospay.channels.alipay.AlipayConfig;
import org.hospay.channels.alipay.AlipayNotifications;
import org.hospay.channels.alipay.AlipayNotifications.Notification;
import org.hospay.simulator.SimulatorApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Family proxy payment over Alipay agreement withholding (代扣), end to end over HTTP: the payer signs
 * in the (simulated) Alipay app, the signed notification reaches our notify_url and is verified, then
 * deductions run without anyone present, until the agreement ends.
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sim.wallets.code-validity=10m")
class AlipayWithholdingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private SimClient sim;
    private AlipayAdapter alipay;
    private AlipayNotifications notifications;
    private NotificationReceiver receiver;

    @BeforeEach
    void connect() {
        sim = new SimClient(port, "ALIPAY");
        AlipayConfig config = AlipayConfig.demo(URI.create("http://127.0.0.1:" + port));
        alipay = new AlipayAdapter(config, Clock.systemUTC());
        notifications = AlipayNotifications.of(config);
        receiver = new NotificationReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private record Signed(String agreementNo, Map<String, String> notification) {}

    private Signed sign(SimClient.WalletView payer, Long singleLimitFen) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("walletId", payer.walletId());
        body.put("externalAgreementNo", "FAM" + SimClient.orderNo().substring(1, 20));
        body.put("notifyUrl", receiver.url());
        if (singleLimitFen != null) body.put("singleLimitFen", singleLimitFen);
        Map<?, ?> answer = sim.web().post().uri("/sim/alipay/agreements/sign").bodyValue(body).retrieve().bodyToMono(Map.class).block(WAIT);
        assertThat(answer.get("notified")).isEqualTo(true);
        return new Signed((String) answer.get("agreementNo"), AlipayNotifications.formFields(receiver.next(WAIT)));
    }

    private Outcome<Charge> withhold(String agreementNo, String order, long fen) {
        return alipay.withhold(new WithholdRequest(agreementNo, order, Money.ofFen(fen), "住院预交金 亲情代付")).block(WAIT);
    }

    @Test
    void aSignedAgreementIsNotifiedVerifiedAndThenDeductsWithoutAnyoneAtTheWindow() throws InterruptedException {
        SimClient.WalletView payer = sim.wallet("OK", 100_000, Map.of());
        Signed signed = sign(payer, null);

        Notification n = notifications.read(signed.notification());
        assertThat(n).isInstanceOf(Notification.AgreementSigned.class);
        AlipayAgreement agreement = ((Notification.AgreementSigned) n).agreement();
        assertThat(agreement.agreementNo()).isEqualTo(signed.agreementNo());
        assertThat(agreement.alipayUserId()).isEqualTo(payer.accountId());
        assertThat(agreement.usable()).isTrue();

        String order = SimClient.orderNo();
        Outcome<Charge> deducted = withhold(agreement.agreementNo(), order, 8_800);

        assertThat(deducted).isInstanceOf(Outcome.Succeeded.class);
        assertThat(((Outcome.Succeeded<Charge>) deducted).value().amount()).isEqualTo(Money.ofFen(8_800));
        assertThat(sim.balance(payer)).isEqualTo(100_000 - 8_800);
        assertThat(sim.ledger(order, "WITHHOLD")).singleElement().satisfies(e -> {
            assertThat(e.amountFen()).isEqualTo(8_800);
            assertThat(e.state()).isEqualTo("SUCCESS");
            assertThat(e.account()).isEqualTo(payer.accountId());
        });
        assertThat(alipay.agreement(agreement.agreementNo()).block(WAIT))
                .isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(((AlipayAgreement) s.value()).usable()).isTrue());
    }

    @Test
    void aDeductionRetriedUnderTheSameOrderNumberTakesTheMoneyOnce() throws InterruptedException {
        SimClient.WalletView payer = sim.wallet("OK", 100_000, Map.of());
        String agreementNo = sign(payer, null).agreementNo();
        String order = SimClient.orderNo();

        assertThat(withhold(agreementNo, order, 1_000)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(withhold(agreementNo, order, 1_000)).isInstanceOf(Outcome.Succeeded.class);

        assertThat(sim.balance(payer)).isEqualTo(100_000 - 1_000);
        assertThat(sim.ledger(order, "WITHHOLD")).hasSize(1);
    }

    @Test
    void anAgreementThePayerEndedInTheAppIsNotifiedAndNoLongerDeducts() throws InterruptedException {
        SimClient.WalletView payer = sim.wallet("OK", 100_000, Map.of());
        String agreementNo = sign(payer, null).agreementNo();

        sim.web().post().uri("/sim/alipay/agreements/{no}/unsign", agreementNo).retrieve().toBodilessEntity().block(WAIT);

        Notification n = notifications.read(AlipayNotifications.formFields(receiver.next(WAIT)));
        assertThat(n).isInstanceOf(Notification.AgreementUnsigned.class);
        assertThat(((Notification.AgreementUnsigned) n).agreement().agreementNo()).isEqualTo(agreementNo);
        Outcome<Charge> deducted = withhold(agreementNo, SimClient.orderNo(), 1_000);
        assertThat(deducted).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
            assertThat(d.code()).isEqualTo(DeclineCodes.AGREEMENT_INVALID);
            assertThat(d.vendorCode()).isEqualTo("ACQ.AGREEMENT_NOT_EXIST");
        });
        assertThat(sim.balance(payer)).isEqualTo(100_000);
    }

    @Test
    void anAgreementTheHospitalUnsignsIsGoneForQueriesAndDeductions() throws InterruptedException {
        String agreementNo = sign(sim.wallet("OK", 100_000, Map.of()), null).agreementNo();

        assertThat(alipay.unsignAgreement(agreementNo).block(WAIT)).isEqualTo(Outcome.succeeded(agreementNo));
        assertThat(alipay.unsignAgreement(agreementNo).block(WAIT)).isEqualTo(Outcome.succeeded(agreementNo));

        assertThat(alipay.agreement(agreementNo).block(WAIT))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.AGREEMENT_INVALID));
        assertThat(withhold(agreementNo, SimClient.orderNo(), 1_000))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.AGREEMENT_INVALID));
        assertThat(notifications.read(AlipayNotifications.formFields(receiver.next(WAIT)))).isInstanceOf(Notification.AgreementUnsigned.class);
    }

    @Test
    void anAgreementNoAlipayIssuedIsInvalid() {
        assertThat(withhold("20269999999999999999", SimClient.orderNo(), 1_000))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.AGREEMENT_INVALID));
    }

    @Test
    void aDeductionAboveThePayersLimitOrBalanceIsDeclinedAndTakesNothing() throws InterruptedException {
        SimClient.WalletView payer = sim.wallet("OK", 5_000, Map.of());
        String agreementNo = sign(payer, 3_000L).agreementNo();

        assertThat(withhold(agreementNo, SimClient.orderNo(), 3_001))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.AGREEMENT_LIMIT));
        assertThat(withhold(agreementNo, SimClient.orderNo(), 3_000)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(withhold(agreementNo, SimClient.orderNo(), 3_000))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.INSUFFICIENT_FUNDS));
        assertThat(sim.balance(payer)).isEqualTo(2_000);
    }

    @Test
    void aNotificationWithOneChangedByteIsRefused() throws InterruptedException {
        Map<String, String> fields = sign(sim.wallet("OK", 100_000, Map.of()), null).notification();
        assertThat(notifications.read(fields)).isInstanceOf(Notification.AgreementSigned.class);

        Map<String, String> tampered = new LinkedHashMap<>(fields);
        String no = tampered.get("agreement_no");
        tampered.put("agreement_no", no.substring(0, no.length() - 1) + (no.endsWith("1") ? "2" : "1"));

        assertThat(notifications.read(tampered)).isInstanceOf(Notification.Rejected.class);
    }
}
