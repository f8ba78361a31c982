package org.hospay.simulator.unionpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.unionpay.UnionPayAdapter;
import org.hospay.channels.unionpay.UnionPayConfig;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.alipay.SimClient;
import org.hospay.simulator.alipay.TamperingProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * UnionPay behaviour beyond the shared contract: signatures both ways, duplicates. (It has no withholding:
 * {@link UnionPayAdapter} does not implement {@code Withholding}, so no such call can be made.)
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sim.wallets.code-validity=10m")
class UnionPayChannelIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private SimClient sim;
    private UnionPayAdapter unionpay;

    @BeforeEach
    void connect() {
        sim = new SimClient(port, "UNIONPAY");
        unionpay = adapter(port);
    }

    private static UnionPayAdapter adapter(int port) {
        return new UnionPayAdapter(UnionPayConfig.demo(URI.create("http://127.0.0.1:" + port)), Clock.systemUTC());
    }

    private static ChargeRequest charge(String order, SimClient.WalletView w, long fen) {
        return new ChargeRequest(order, w.authCode(), Money.ofFen(fen), "门诊缴费", "window-07");
    }

    @Test
    void aRequestWithOneChangedByteIsRefusedByUnionPayAndNothingIsCharged() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        try (TamperingProxy proxy = new TamperingProxy(port).inRequests("\"txnAmt\":\"2350\"", "\"txnAmt\":\"2351\"")) {
            Outcome<Charge> outcome = adapter(proxy.port()).charge(charge(order, w, 2_350)).block(WAIT);

            assertThat(proxy.tampered()).isEqualTo(1);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
                assertThat(d.code()).isEqualTo(DeclineCodes.SIGNATURE_REJECTED);
                assertThat(d.vendorCode()).isEqualTo("11");
            });
        }
        assertThat(sim.balance(w)).isEqualTo(100_000);
        assertThat(sim.ledger(order, "CHARGE")).isEmpty();
    }

    @Test
    void anAnswerWithOneChangedByteIsNotBelievedTheChargeIsUnknownUntilQueried() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        try (TamperingProxy proxy = new TamperingProxy(port).inAnswers("\"txnAmt\":\"2350\"", "\"txnAmt\":\"2050\"")) {
            Outcome<Charge> outcome = adapter(proxy.port()).charge(charge(order, w, 2_350)).block(WAIT);

            assertThat(proxy.tampered()).isEqualTo(1);
            assertThat(outcome).isInstanceOf(Outcome.Unknown.class);
        }
        assertThat(unionpay.query(order).block(WAIT)).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((Charge) s.value()).amount()).isEqualTo(Money.ofFen(2_350)));
    }

    @Test
    void aForgedDeclineInTheAnswerIsNotBelievedEither() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        try (TamperingProxy proxy = new TamperingProxy(port).inAnswers("\"respCode\":\"00\"", "\"respCode\":\"60\"")) {
            assertThat(adapter(proxy.port()).charge(charge(order, w, 2_350)).block(WAIT)).isInstanceOf(Outcome.Unknown.class);
            assertThat(proxy.tampered()).isEqualTo(1);
        }
        assertThat(sim.balance(w)).isEqualTo(100_000 - 2_350);
    }

    @Test
    void anOrderNumberReusedForAnotherPaymentIsRefusedAndChargesNothingMore() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        assertThat(unionpay.charge(charge(order, w, 1_000)).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);

        SimClient.WalletView other = sim.wallet("OK", 100_000, Map.of());
        assertThat(unionpay.charge(charge(order, other, 1_000)).block(WAIT))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.ORDER_NUMBER_REUSED));
        assertThat(sim.balance(other)).isEqualTo(100_000);
    }

    @Test
    void aRefundRetriedIsUnknownAndItsQueryShowsTheOneRefund() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        assertThat(unionpay.charge(charge(order, w, 5_000)).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        var refund = new RefundRequest(order, order + "R1", Money.ofFen(1_000), Money.ofFen(5_000));

        assertThat(unionpay.refund(refund).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(unionpay.refund(refund).block(WAIT)).isInstanceOf(Outcome.Unknown.class);

        assertThat(unionpay.queryRefund(order, order + "R1").block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(unionpay.query(order).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(sim.balance(w)).isEqualTo(100_000 - 4_000);
    }

    @Test
    void theDailyFileListsTheDaysPaymentAndRefundAsTheyStream() {
        SimClient.WalletView w = sim.wallet("OK", 100_000, Map.of());
        String order = SimClient.orderNo();
        assertThat(unionpay.charge(charge(order, w, 5_000)).block(WAIT)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(unionpay.refund(new RefundRequest(order, order + "R1", Money.ofFen(1_000), Money.ofFen(5_000))).block(WAIT))
                .isInstanceOf(Outcome.Succeeded.class);

        var lines = unionpay.statement(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))).collectList().block(WAIT);

        assertThat(lines).filteredOn(l -> order.equals(l.outTradeNo()))
                .extracting(org.hospay.channels.Statement.Line::kind, org.hospay.channels.Statement.Line::outRefundNo, l -> l.amount().fen())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(org.hospay.channels.Statement.Kind.PAYMENT, null, 5_000L),
                        org.assertj.core.groups.Tuple.tuple(org.hospay.channels.Statement.Kind.REFUND, order + "R1", 1_000L));
    }
}
