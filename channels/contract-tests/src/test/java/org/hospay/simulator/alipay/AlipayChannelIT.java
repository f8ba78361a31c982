package org.hospay.simulator.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Reversal;
import org.hospay.channels.alipay.AlipayAdapter;
import org.hospay.channels.alipay.AlipayBill;
import org.hospay.channels.alipay.AlipayConfig;
import org.hospay.channels.alipay.AlipayProtocol;
import org.hospay.simulator.SimulatorApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Alipay behaviour beyond the shared contract: cancel's retry_flag, the bill, exact yuan, and signatures both ways. */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sim.wallets.code-validity=10m")
class AlipayChannelIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private SimClient sim;
    private AlipayAdapter alipay;

    @BeforeEach
    void connect() {
        sim = new SimClient(port, "ALIPAY");
        alipay = adapter(port);
    }

    private static AlipayAdapter adapter(int port) {
        return new AlipayAdapter(AlipayConfig.demo(URI.create("http://127.0.0.1:" + port)), Clock.systemUTC());
    }

    private static ChargeRequest charge(String order, SimClient.WalletView w, long fen) {
        return new ChargeRequest(order, w.authCode(), Money.ofFen(fen), "门诊缴费", "window-07");
    }

    @Test
    void aPaymentWaitingForThePasswordIsCancelledOnlyAfterAlipayAsksToCallAgain() {
        SimClient.WalletView w = sim.wallet("PASSWORD_REQUIRED", 100_000, Map.of("queriesUntilPaid", 5));
        String order = SimClient.orderNo();
        assertThat(alipay.charge(charge(order, w, 800)).block(WAIT)).isEqualTo(Outcome.pending("10003"));

        assertThat(alipay.reverse(order).block(WAIT)).isEqualTo(Outcome.succeeded(new Reversal(Reversal.Effect.CALL_AGAIN)));
        assertThat(alipay.reverse(order).block(WAIT)).isEqualTo(Outcome.succeeded(new Reversal(Reversal.Effect.CLOSED)));
        assertThat(alipay.reverse(order).block(WAIT)).isEqualTo(Outcome.succeeded(new Reversal(Reversal.Effect.CLOSED)));

        assertThat(alipay.query(order).block(WAIT))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.ORDER_CLOSED));
        assertThat(sim.balance(w)).isEqualTo(100_000);
        assertThat(sim.ledger(order, "REVERSAL")).singleElement().satisfies(e -> assertThat(e.amountFen()).isZero());
    }

    @Test
    void aCancelAfterPaymentSaysTheMoneyWentBack() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        assertThat(alipay.charge(charge(order, w, 1_500)).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);

        assertThat(alipay.reverse(order).block(WAIT)).isEqualTo(Outcome.succeeded(new Reversal(Reversal.Effect.MONEY_RETURNED)));

        assertThat(sim.balance(w)).isEqualTo(100_000);
    }

    @ParameterizedTest(name = "{0} fen")
    @ValueSource(longs = {1, 10, 999_999_999})
    void amountsTravelAsExactYuanStringsBothWays(long fen) {
        SimClient.WalletView w = sim.wallet("OK", 1_000_000_000, Map.of());
        String order = SimClient.orderNo();

        Outcome<Charge> paid = alipay.charge(charge(order, w, fen)).block(WAIT);

        assertThat(paid).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((Charge) s.value()).amount()).isEqualTo(Money.ofFen(fen)));
        assertThat(sim.ledger(order, "CHARGE")).singleElement().satisfies(e -> assertThat(e.amountFen()).isEqualTo(fen));
        assertThat(sim.balance(w)).isEqualTo(1_000_000_000 - fen);
    }

    @Test
    void theDaysBillListsItsChargesAndRefundsWithExactAmounts() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String first = SimClient.orderNo();
        String second = SimClient.orderNo();
        assertThat(alipay.charge(charge(first, w, 2_350)).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        SimClient.WalletView w2 = sim.wallet("OK", 100_000, Map.of());
        assertThat(alipay.charge(charge(second, w2, 1)).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(alipay.refund(new RefundRequest(first, first + "R1", Money.ofFen(1_200), Money.ofFen(2_350))).block(WAIT))
                .isInstanceOf(Outcome.Succeeded.class);

        Outcome<Optional<URI>> url = alipay.billDownloadUrl(LocalDate.now(AlipayProtocol.BEIJING)).block(WAIT);
        URI location = ((Outcome.Succeeded<Optional<URI>>) url).value().orElseThrow();
        AlipayBill bill = ((Outcome.Succeeded<AlipayBill>) alipay.downloadBill(location).block(WAIT)).value();

        assertThat(bill.trades()).filteredOn(l -> l.outTradeNo().equals(first)).singleElement()
                .satisfies(l -> assertThat(l.amount()).isEqualTo(Money.ofFen(2_350)));
        assertThat(bill.trades()).filteredOn(l -> l.outTradeNo().equals(second)).singleElement()
                .satisfies(l -> assertThat(l.amount()).isEqualTo(Money.ofFen(1)));
        assertThat(bill.refunds()).filteredOn(l -> l.outTradeNo().equals(first)).singleElement().satisfies(l -> {
            assertThat(l.amount()).isEqualTo(Money.ofFen(1_200));
            assertThat(l.refundRequestNo()).isEqualTo(first + "R1");
        });
    }

    @Test
    void theStatementStreamsTheZippedBillLineByLine() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        assertThat(alipay.charge(charge(order, w, 3_210)).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(alipay.refund(new RefundRequest(order, order + "R1", Money.ofFen(210), Money.ofFen(3_210))).block(WAIT))
                .isInstanceOf(Outcome.Succeeded.class);

        var lines = alipay.statement(LocalDate.now(AlipayProtocol.BEIJING)).collectList().block(WAIT);

        assertThat(lines).filteredOn(l -> order.equals(l.outTradeNo()))
                .extracting(org.hospay.channels.Statement.Line::kind, org.hospay.channels.Statement.Line::outRefundNo,
                        org.hospay.channels.Statement.Line::amount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(org.hospay.channels.Statement.Kind.PAYMENT, null, Money.ofFen(3_210)),
                        org.assertj.core.groups.Tuple.tuple(org.hospay.channels.Statement.Kind.REFUND, order + "R1", Money.ofFen(210)));
    }

    @Test
    void aBillForADayNotYetOverIsNotThere() {
        assertThat(alipay.billDownloadUrl(LocalDate.now(AlipayProtocol.BEIJING).plusDays(2)).block(WAIT))
                .isEqualTo(Outcome.succeeded(Optional.empty()));
    }

    @Test
    void aRequestWithOneChangedByteIsRefusedByAlipayAndNothingIsCharged() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        try (TamperingProxy proxy = new TamperingProxy(port).inRequests("23.50", "23.51")) {
            Outcome<Charge> outcome = adapter(proxy.port()).charge(charge(order, w, 2_350)).block(WAIT);

            assertThat(proxy.tampered()).isEqualTo(1);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
                assertThat(d.code()).isEqualTo(DeclineCodes.SIGNATURE_REJECTED);
                assertThat(d.vendorCode()).isEqualTo("isv.invalid-signature");
            });
        }
        assertThat(sim.balance(w)).isEqualTo(100_000);
        assertThat(sim.ledger(order, "CHARGE")).isEmpty();
    }

    @Test
    void anAnswerWithOneChangedByteIsNotBelievedTheChargeIsUnknownUntilQueried() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        try (TamperingProxy proxy = new TamperingProxy(port).inAnswers("\"total_amount\":\"23.50\"", "\"total_amount\":\"03.50\"")) {
            Outcome<Charge> outcome = adapter(proxy.port()).charge(charge(order, w, 2_350)).block(WAIT);

            assertThat(proxy.tampered()).isEqualTo(1);
            assertThat(outcome).isInstanceOf(Outcome.Unknown.class);
        }
        assertThat(alipay.query(order).block(WAIT)).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((Charge) s.value()).amount()).isEqualTo(Money.ofFen(2_350)));
    }

    @Test
    void aForgedDeclineInTheAnswerIsNotBelievedEither() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        try (TamperingProxy proxy = new TamperingProxy(port).inAnswers("\"code\":\"10000\"", "\"code\":\"40000\"")) {
            assertThat(adapter(proxy.port()).charge(charge(order, w, 2_350)).block(WAIT)).isInstanceOf(Outcome.Unknown.class);
            assertThat(proxy.tampered()).isEqualTo(1);
        }
        assertThat(sim.balance(w)).isEqualTo(100_000 - 2_350);
    }
}
