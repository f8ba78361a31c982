package org.hospay.simulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.CodePayment;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Refunds;
import org.hospay.channels.Reversal;
import org.hospay.simulator.SimulatorApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The contract every payment-code channel (WeChat Pay, Alipay, UnionPay) keeps, run over HTTP: the
 * real adapter against the simulator started on a random port. Each channel's {@code *ContractIT}
 * extends this with its adapter, which has the {@link CodePayment} and {@link Refunds} capabilities;
 * vendor-specific cases (withholding, callbacks, signature tampering) live in that subclass.
 *
 * <p>The ground truth for "charged once" is the simulated wallet's balance and the simulator's ledger
 * ({@code GET /sim/ledger}): a charge books {@code CHARGE} under the order number, a refund
 * {@code REFUND} under the refund number (reference = the order number), a reversal {@code REVERSAL}
 * under the order number.
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sim.wallets.code-validity=10m")
public abstract class PaymentChannelContract<A extends CodePayment & Refunds> {

    /** The adapters under test answer Unknown after this; the simulator's SLOW and HANG wallets exceed it. */
    protected static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);

    @LocalServerPort
    protected int port;

    protected WebClient sim;
    protected A channel;

    /** The simulator's name of the channel under test: the adapter's {@link org.hospay.channels.Channel}. */
    protected final String channelName() {
        return channel.channel().name();
    }

    /** The adapter under test, pointed at {@code baseUrl}, answering Unknown after {@code responseTimeout}. */
    protected abstract A adapter(URI baseUrl, Duration responseTimeout);

    /** The vendor code the channel uses for a decline of this kind (for the audit trail); null to skip the check. */
    protected String vendorCodeFor(String declineCode) {
        return null;
    }

    protected record WalletView(String walletId, String channel, String accountId, String authCode, long balanceFen, String behavior) {}

    protected record Entry(long seq, String channel, String type, String requestId, String reference, long amountFen,
                           String state, String account, String receivedAt, String answeredAt) {}

    @BeforeEach
    void connect() {
        sim = WebClient.create("http://127.0.0.1:" + port);
        channel = adapter(URI.create("http://127.0.0.1:" + port), RESPONSE_TIMEOUT);
    }

    @AfterEach
    void clearFaults() {
        sim.delete().uri("/sim/faults/{c}", channelName()).retrieve().toBodilessEntity().block();
    }

    // ------------------------------------------------------------------ helpers

    protected WalletView wallet(String behavior, long balanceFen, Map<String, Object> script) {
        var body = new java.util.HashMap<String, Object>(script);
        body.put("channel", channelName());
        body.put("balanceFen", balanceFen);
        body.put("behavior", behavior);
        return sim.post().uri("/sim/wallets").bodyValue(body).retrieve().bodyToMono(WalletView.class).block();
    }

    protected WalletView wallet(String behavior) {
        return wallet(behavior, 100_000, Map.of());
    }

    protected long balance(WalletView w) {
        return sim.get().uri("/sim/wallets/{id}", w.walletId()).retrieve().bodyToMono(WalletView.class).block().balanceFen();
    }

    protected List<Entry> ledger(String requestId) {
        List<Entry> all = sim.get().uri("/sim/ledger?channel={c}", channelName()).retrieve()
                .bodyToMono(new ParameterizedTypeReference<List<Entry>>() {}).block();
        return all.stream().filter(e -> requestId.equals(e.requestId()) || requestId.equals(e.reference())).toList();
    }

    protected List<Entry> ledger(String requestId, String type) {
        return ledger(requestId).stream().filter(e -> e.type().equals(type)).toList();
    }

    protected void fault(Map<String, Object> fault) {
        sim.put().uri("/sim/faults/{c}", channelName()).bodyValue(fault).retrieve().toBodilessEntity().block();
    }

    protected static String orderNo() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    protected ChargeRequest charge(String orderNo, WalletView w, long fen) {
        return new ChargeRequest(orderNo, w.authCode(), Money.ofFen(fen), "门诊缴费 contract test", "it-window-01");
    }

    protected <T> Outcome<T> await(reactor.core.publisher.Mono<Outcome<T>> call) {
        return call.block(Duration.ofSeconds(30));
    }

    protected static <T> T succeeded(Outcome<T> outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        return ((Outcome.Succeeded<T>) outcome).value();
    }

    protected void assertDeclined(Outcome<?> outcome, String code) {
        assertThat(outcome).isInstanceOf(Outcome.Declined.class);
        Outcome.Declined<?> d = (Outcome.Declined<?>) outcome;
        assertThat(d.code()).isEqualTo(code);
        String vendor = vendorCodeFor(code);
        if (vendor != null) assertThat(d.vendorCode()).isEqualTo(vendor);
    }

    /** Queries until the outcome is no longer Pending (at most {@code queries} times). */
    protected Outcome<Charge> queryUntilSettled(String orderNo, int queries) {
        Outcome<Charge> last = null;
        for (int i = 0; i < queries; i++) {
            last = await(channel.query(orderNo));
            if (!(last instanceof Outcome.Pending)) return last;
        }
        return last;
    }

    // ------------------------------------------------------------------ charge

    @Test
    void aCodeWithFundsIsPaidAtOnceAndDebitedOnce() {
        WalletView w = wallet("OK");
        String order = orderNo();

        Charge c = succeeded(await(channel.charge(charge(order, w, 2350))));

        assertThat(c.amount()).isEqualTo(Money.ofFen(2350));
        assertThat(c.channelTradeNo()).isNotBlank();
        assertThat(balance(w)).isEqualTo(100_000 - 2350);
        assertThat(ledger(order, "CHARGE")).singleElement().satisfies(e -> {
            assertThat(e.amountFen()).isEqualTo(2350);
            assertThat(e.state()).isEqualTo("SUCCESS");
        });
        assertThat(succeeded(await(channel.query(order))).channelTradeNo()).isEqualTo(c.channelTradeNo());
    }

    @Test
    void theSameOrderChargedTwiceDebitsOnce() {
        WalletView w = wallet("OK");
        String order = orderNo();

        Outcome<Charge> first = await(channel.charge(charge(order, w, 1000)));
        Outcome<Charge> again = await(channel.charge(charge(order, w, 1000)));

        succeeded(first);
        assertThat(again).isNotInstanceOf(Outcome.Declined.class);
        assertThat(balance(w)).isEqualTo(100_000 - 1000);
        assertThat(ledger(order, "CHARGE")).hasSize(1);
    }

    @Test
    void insufficientFundsIsDeclinedAndNothingIsTaken() {
        WalletView w = wallet("OK", 500, Map.of());
        String order = orderNo();

        assertDeclined(await(channel.charge(charge(order, w, 2350))), DeclineCodes.INSUFFICIENT_FUNDS);
        assertThat(balance(w)).isEqualTo(500);
    }

    @Test
    void aScriptedInsufficientWalletIsDeclined() {
        assertDeclined(await(channel.charge(charge(orderNo(), wallet("INSUFFICIENT"), 100))), DeclineCodes.INSUFFICIENT_FUNDS);
    }

    @Test
    void anExpiredCodeIsDeclined() {
        assertDeclined(await(channel.charge(charge(orderNo(), wallet("EXPIRED"), 100))), DeclineCodes.CODE_EXPIRED);
    }

    @Test
    void aCodeAlreadyUsedForAnotherOrderIsDeclined() {
        WalletView w = wallet("OK");
        succeeded(await(channel.charge(charge(orderNo(), w, 100))));

        assertDeclined(await(channel.charge(charge(orderNo(), w, 100))), DeclineCodes.CODE_USED);
        assertThat(balance(w)).isEqualTo(100_000 - 100);
    }

    @Test
    void aCodeTheVendorNeverIssuedIsDeclinedAsInvalid() {
        WalletView w = wallet("OK");
        String forged = w.authCode().substring(0, w.authCode().length() - 6) + "000000";
        var request = new ChargeRequest(orderNo(), forged, Money.ofFen(100), "门诊缴费", "it-window-01");

        assertDeclined(await(channel.charge(request)), DeclineCodes.CODE_INVALID);
    }

    // ------------------------------------------------------------------ pending and unknown

    @Test
    void aPasswordPaymentIsPendingThenPaidAfterTheScriptedQueries() {
        WalletView w = wallet("PASSWORD_REQUIRED", 100_000, Map.of("queriesUntilPaid", 2));
        String order = orderNo();

        assertThat(await(channel.charge(charge(order, w, 800)))).isInstanceOf(Outcome.Pending.class);
        assertThat(await(channel.query(order))).isInstanceOf(Outcome.Pending.class);
        assertThat(await(channel.query(order))).isInstanceOf(Outcome.Pending.class);

        assertThat(succeeded(await(channel.query(order))).amount()).isEqualTo(Money.ofFen(800));
        assertThat(balance(w)).isEqualTo(100_000 - 800);
    }

    @Test
    void aCustomerWhoNeverConfirmsIsReversedAndTheOrderCanNoLongerPay() {
        WalletView w = wallet("PASSWORD_NEVER");
        String order = orderNo();
        assertThat(await(channel.charge(charge(order, w, 800)))).isInstanceOf(Outcome.Pending.class);
        assertThat(queryUntilSettled(order, 3)).isInstanceOf(Outcome.Pending.class);

        Reversal r = reverseUntilDone(order);

        assertThat(r.moneyReturned()).isFalse();
        assertThat(await(channel.query(order))).isInstanceOf(Outcome.Declined.class);
        assertThat(balance(w)).isEqualTo(100_000);
        assertThat(ledger(order, "REVERSAL")).hasSize(1);
    }

    @Test
    void aSystemErrorIsUnknownAndTheQueryFindsItPaid() {
        WalletView w = wallet("ERROR", 100_000, Map.of("thenState", "SUCCESS"));
        String order = orderNo();

        assertThat(await(channel.charge(charge(order, w, 1200)))).isInstanceOf(Outcome.Unknown.class);

        assertThat(succeeded(queryUntilSettled(order, 3)).amount()).isEqualTo(Money.ofFen(1200));
        assertThat(balance(w)).isEqualTo(100_000 - 1200);
    }

    @Test
    void aSystemErrorThatFailedIsDeclinedOnQuery() {
        WalletView w = wallet("ERROR", 100_000, Map.of("thenState", "FAILED"));
        String order = orderNo();

        assertThat(await(channel.charge(charge(order, w, 1200)))).isInstanceOf(Outcome.Unknown.class);

        assertThat(queryUntilSettled(order, 3)).isInstanceOf(Outcome.Declined.class);
        assertThat(balance(w)).isEqualTo(100_000);
    }

    @Test
    void aChargeThatNeverAnswersIsUnknownAndTheQueryFindsItPaid() {
        WalletView w = wallet("HANG", 100_000, Map.of("thenState", "SUCCESS"));
        String order = orderNo();

        assertThat(await(channel.charge(charge(order, w, 700)))).isInstanceOf(Outcome.Unknown.class);

        succeeded(queryUntilSettled(order, 3));
        assertThat(ledger(order, "CHARGE")).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("SUCCESS"));
    }

    @Test
    void aSlowAnswerPastTheTimeoutIsUnknownNotDeclined() {
        WalletView w = wallet("SLOW", 100_000, Map.of("slowMs", 2500));
        String order = orderNo();

        assertThat(await(channel.charge(charge(order, w, 700)))).isInstanceOf(Outcome.Unknown.class);
        assertThat(queryUntilSettled(order, 5)).isNotInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void aServerErrorIsUnknown() {
        WalletView w = wallet("SERVER_ERROR", 100_000, Map.of("thenState", "FAILED"));
        String order = orderNo();

        assertThat(await(channel.charge(charge(order, w, 700)))).isInstanceOf(Outcome.Unknown.class);
        assertThat(queryUntilSettled(order, 3)).isInstanceOf(Outcome.Declined.class);
    }

    @Test
    void injectedErrorsAndTimeoutsAreUnknown() {
        WalletView w = wallet("OK");
        fault(Map.of("errorRate", 1.0));
        assertThat(await(channel.charge(charge(orderNo(), w, 100)))).isInstanceOf(Outcome.Unknown.class);

        fault(Map.of("timeoutRate", 1.0));
        assertThat(await(channel.query(orderNo()))).isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void aChannelThatCannotBeReachedIsDeclinedBecauseNothingWasSent() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        A unreachable = adapter(URI.create("http://127.0.0.1:" + dead), RESPONSE_TIMEOUT);

        assertDeclined(await(unreachable.charge(charge(orderNo(), wallet("OK"), 100))), DeclineCodes.CHANNEL_UNAVAILABLE);
    }

    @Test
    void anOrderTheVendorNeverSawIsNotFound() {
        assertDeclined(await(channel.query(orderNo())), DeclineCodes.ORDER_NOT_FOUND);
    }

    // ------------------------------------------------------------------ reverse and refund

    @Test
    void aReversalAfterPaymentReturnsTheMoney() {
        WalletView w = wallet("OK");
        String order = orderNo();
        succeeded(await(channel.charge(charge(order, w, 1500))));

        reverseUntilDone(order);

        assertThat(balance(w)).isEqualTo(100_000);
        assertThat(await(channel.query(order))).isInstanceOf(Outcome.Declined.class);
        assertThat(ledger(order, "REVERSAL")).singleElement().satisfies(e -> assertThat(e.amountFen()).isEqualTo(1500));
    }

    @Test
    void fullAndPartialRefundsReturnExactlyWhatWasAsked() {
        WalletView w = wallet("OK");
        String order = orderNo();
        succeeded(await(channel.charge(charge(order, w, 5000))));

        Refund part = succeeded(await(channel.refund(new RefundRequest(order, order + "R1", Money.ofFen(1200), Money.ofFen(5000)))));
        Refund rest = succeeded(await(channel.refund(new RefundRequest(order, order + "R2", Money.ofFen(3800), Money.ofFen(5000)))));

        assertThat(part.amount()).isEqualTo(Money.ofFen(1200));
        assertThat(rest.amount()).isEqualTo(Money.ofFen(3800));
        assertThat(balance(w)).isEqualTo(100_000);
        assertThat(succeeded(await(channel.queryRefund(order, order + "R1"))).amount()).isEqualTo(Money.ofFen(1200));
    }

    @Test
    void aRefundRetriedWithTheSameNumberRefundsOnce() {
        WalletView w = wallet("OK");
        String order = orderNo();
        succeeded(await(channel.charge(charge(order, w, 5000))));
        var request = new RefundRequest(order, order + "R1", Money.ofFen(1000), Money.ofFen(5000));

        succeeded(await(channel.refund(request)));
        assertThat(await(channel.refund(request))).isNotInstanceOf(Outcome.Declined.class);

        assertThat(balance(w)).isEqualTo(100_000 - 4000);
        assertThat(ledger(order, "REFUND")).hasSize(1);
    }

    @Test
    void refundsBeyondWhatWasPaidAreDeclined() {
        WalletView w = wallet("OK");
        String order = orderNo();
        succeeded(await(channel.charge(charge(order, w, 5000))));
        succeeded(await(channel.refund(new RefundRequest(order, order + "R1", Money.ofFen(4000), Money.ofFen(5000)))));

        assertDeclined(await(channel.refund(new RefundRequest(order, order + "R2", Money.ofFen(1001), Money.ofFen(5000)))),
                DeclineCodes.REFUND_EXCEEDS_PAID);
        assertThat(balance(w)).isEqualTo(100_000 - 1000);
    }

    @Test
    void aRefundOfAnUnpaidOrderIsDeclined() {
        WalletView w = wallet("PASSWORD_NEVER");
        String order = orderNo();
        await(channel.charge(charge(order, w, 800)));

        Outcome<Refund> refund = await(channel.refund(new RefundRequest(order, order + "R1", Money.ofFen(800), Money.ofFen(800))));

        assertThat(refund).isInstanceOf(Outcome.Declined.class);
        assertThat(balance(w)).isEqualTo(100_000);
    }

    protected Reversal reverseUntilDone(String order) {
        for (int i = 0; i < 5; i++) {
            Outcome<Reversal> r = await(channel.reverse(order));
            if (r instanceof Outcome.Succeeded<Reversal> s && !s.value().retry()) return s.value();
        }
        throw new AssertionError("reversal of " + order + " did not finish in 5 calls");
    }
}
