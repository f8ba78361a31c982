package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md §13: a stay's deposits are payments on their own channels; the discharge settles the self-pay part against
 * them, refunding the difference newest deposit first across channels (each refund recorded) or collecting the
 * shortfall at the bedside; a refund the channel cannot confirm is retried until it succeeds; settlement cancel reopens.
 */
class InpatientIT extends GatewayIntegrationTest {

    private SignedClient bedside;

    @BeforeEach
    void bedsideTerminal() {
        terminals.upsert(new Terminal("it-bedside-01", Terminal.Kind.BEDSIDE, "it-hospital", "5A"), "it-bedside-01-secret").block();
        bedside = new SignedClient(http, "it-bedside-01", "it-bedside-01-secret");
    }

    @AfterEach
    void clearFaults() {
        Sim.clearFault("ALIPAY");
    }

    @Test
    void twoDepositsOnTwoChannelsAndADischargeRefundsTheDifferenceNewestDepositFirst() {
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Sim.Wallet alipay = Sim.wallet("ALIPAY", 1_000_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);
        assertThat(stay.status()).isEqualTo("ADMITTED");
        assertThat(stay.ward()).isEqualTo("5A");
        assertThat(stay.patient()).isEqualTo("王*英");

        Inpatients.DepositAnswer first = Inpatients.deposit(window, stay.stayId(), 50_000, wechat.authCode());
        Inpatients.DepositAnswer second = Inpatients.deposit(bedside, stay.stayId(), 30_000, alipay.authCode());
        assertThat(first.payment().selfPay().method()).isEqualTo("WECHAT");
        assertThat(second.payment().selfPay().method()).isEqualTo("ALIPAY");
        assertThat(second.balanceFen()).isEqualTo(80_000);
        assertThat(Inpatients.fees(window, stay.stayId(), "F1", 12_000).status()).isEqualTo(200);
        assertThat(Inpatients.fees(window, stay.stayId(), "F2", 8_000).status()).isEqualTo(200);

        Inpatients.Reply r = Inpatients.discharge(bedside, stay.stayId());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Inpatients.Stay done = r.as(Inpatients.Stay.class);
        assertThat(done.status()).isEqualTo("DISCHARGED");
        assertThat(done.settlement()).isEqualTo(new Inpatients.Settlement(20_000, 0, 0, 20_000, 80_000, 60_000, 0));
        // newest first: the Alipay deposit back whole, the rest from the WeChat one
        assertThat(done.refunds()).extracting(Inpatients.Refund::paymentId, Inpatients.Refund::amountFen, Inpatients.Refund::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(second.payment().paymentId(), 30_000L, "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple(first.payment().paymentId(), 30_000L, "SUCCEEDED"));
        assertThat(done.balanceFen()).isZero();
        assertThat(done.refundedFen() + done.settlement().selfPayFen()).isEqualTo(done.depositsFen());
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000);
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(1_000_000 - 20_000);
        assertThat(Books.net("WECHAT", Payments.outTradeNo(first.payment().paymentId()))).isEqualTo(20_000);
        assertThat(Books.net("ALIPAY", Payments.outTradeNo(second.payment().paymentId()))).isZero();
    }

    @Test
    void aShortfallAtDischargeIsCollectedByACodeScannedAtTheBedside() {
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Sim.Wallet unionpay = Sim.wallet("UNIONPAY", 1_000_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.deposit(bedside, stay.stayId(), 10_000, wechat.authCode());
        Inpatients.fees(bedside, stay.stayId(), "F1", 15_000);

        Inpatients.Reply r = Inpatients.discharge(bedside, stay.stayId());

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        Inpatients.Stay collecting = r.as(Inpatients.Stay.class);
        assertThat(collecting.stage()).isEqualTo("COLLECTING");
        assertThat(collecting.settlement().shortfallFen()).isEqualTo(5_000);
        assertThat(collecting.balanceFen()).isEqualTo(-5_000);
        Inpatients.Reply paid = Inpatients.call(bedside, "/api/v1/inpatient/stays/" + stay.stayId() + "/discharge/payments",
                "{\"scannedCode\":\"" + unionpay.authCode() + "\"}", UUID.randomUUID().toString());
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        assertThat(paid.as(Inpatients.DepositAnswer.class).amountFen()).isEqualTo(5_000);
        Inpatients.Stay done = Inpatients.get(bedside, stay.stayId());
        assertThat(done.status()).isEqualTo("DISCHARGED");
        assertThat(done.balanceFen()).isZero();
        assertThat(done.refunds()).isEmpty();
        assertThat(Sim.balance(unionpay.walletId())).isEqualTo(1_000_000 - 5_000);
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(1_000_000 - 10_000);
    }

    @Test
    void aDepositRefundTheChannelCannotConfirmIsRetriedUntilItSucceedsOnce() {
        Sim.Wallet alipay = Sim.wallet("ALIPAY", 1_000_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.DepositAnswer d = Inpatients.deposit(bedside, stay.stayId(), 40_000, alipay.authCode());
        Inpatients.fees(bedside, stay.stayId(), "F1", 10_000);
        Sim.fault("ALIPAY", Map.of("errorRate", 1.0, "operations", Set.of("alipay.trade.refund")));

        Inpatients.Reply r = Inpatients.discharge(bedside, stay.stayId());

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        Inpatients.Stay refunding = r.as(Inpatients.Stay.class);
        assertThat(refunding.stage()).isEqualTo("REFUNDING");
        assertThat(refunding.refunds()).singleElement().satisfies(x -> assertThat(x.status()).isEqualTo("PENDING"));
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000 - 40_000);
        Sim.clearFault("ALIPAY");

        Inpatients.Stay done = Inpatients.await(bedside, stay.stayId(), s -> s.status().equals("DISCHARGED"), Duration.ofSeconds(30));

        assertThat(done.status()).isEqualTo("DISCHARGED");
        assertThat(done.refunds()).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo("SUCCEEDED");
            assertThat(x.amountFen()).isEqualTo(30_000);
        });
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000 - 10_000);
        assertThat(Books.net("ALIPAY", Payments.outTradeNo(d.payment().paymentId()))).isEqualTo(10_000);
    }

    @Test
    void aCancelledSettlementReopensTheStayWithWhatItsDepositsStillHold() {
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.deposit(bedside, stay.stayId(), 30_000, wechat.authCode());
        Inpatients.fees(bedside, stay.stayId(), "F1", 10_000);
        assertThat(Inpatients.discharge(bedside, stay.stayId()).status()).isEqualTo(200);

        Inpatients.Reply cancelled = Inpatients.call(window, "/api/v1/inpatient/stays/" + stay.stayId() + "/discharge/cancel", "", null);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        Inpatients.Stay reopened = cancelled.as(Inpatients.Stay.class);
        assertThat(reopened.status()).isEqualTo("ADMITTED");
        assertThat(reopened.settlement()).isNull();
        assertThat(reopened.balanceFen()).isEqualTo(10_000); // 30,000 paid, 20,000 already refunded
        // the forgotten fees, then the discharge again: the shortfall is the fees beyond what is held
        Inpatients.fees(bedside, stay.stayId(), "F2", 5_000);
        Inpatients.Reply again = Inpatients.discharge(bedside, stay.stayId());
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(again.as(Inpatients.Stay.class).settlement().shortfallFen()).isEqualTo(5_000);
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(1_000_000 - 10_000);
    }

    @Test
    void aWithdrawalDuringTheStayComesFromTheNewestDepositsAndNeverExceedsThem() {
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Sim.Wallet alipay = Sim.wallet("ALIPAY", 1_000_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.deposit(bedside, stay.stayId(), 20_000, wechat.authCode());
        Inpatients.deposit(bedside, stay.stayId(), 10_000, alipay.authCode());
        String path = "/api/v1/inpatient/stays/" + stay.stayId() + "/deposit-refunds";

        Inpatients.Reply tooMuch = Inpatients.call(bedside, path, "{\"amountFen\":30001}", UUID.randomUUID().toString());
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.body()).contains("REFUND_EXCEEDS_DEPOSITS");
        assertThat(Inpatients.get(bedside, stay.stayId()).refunds()).isEmpty();

        String key = UUID.randomUUID().toString();
        Inpatients.Reply ok = Inpatients.call(bedside, path, "{\"amountFen\":15000}", key);
        Inpatients.Reply replay = Inpatients.call(bedside, path, "{\"amountFen\":15000}", key);

        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(200);
        Inpatients.Stay after = Inpatients.get(bedside, stay.stayId());
        assertThat(after.refunds()).extracting(Inpatients.Refund::amountFen).containsExactly(10_000L, 5_000L);
        assertThat(after.balanceFen()).isEqualTo(15_000);
        assertThat(Sim.balance(alipay.walletId())).isEqualTo(1_000_000);
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(1_000_000 - 15_000);
    }

    @Test
    void aDepositByATappedAggregatedCodeChargesItsPaymentAuthorisationAndSettlesNoInsurance() {
        terminals.upsert(new Terminal("it-reader-w09", Terminal.Kind.NFC_READER, "it-hospital", "W09"), "it-reader-w09-secret").block();
        terminals.upsert(new Terminal("it-window-09", Terminal.Kind.WINDOW, "it-hospital", "W09"), "it-window-09-secret").block();
        SignedClient reader = new SignedClient(http, "it-reader-w09", "it-reader-w09-secret");
        SignedClient window09 = new SignedClient(http, "it-window-09", "it-window-09-secret");
        Sim.Voucher voucher = Sim.voucher(Sim.employee(2_000), "WECHAT");
        long before = Sim.balance(voucher.walletId());
        Inpatients.Stay stay = Inpatients.admit(window09);
        Windows.TapAnswer tap = Windows.tapOk(reader, "W09", voucher.code());

        Inpatients.Reply r = Inpatients.call(window09, "/api/v1/inpatient/stays/" + stay.stayId() + "/deposits",
                "{\"amountFen\":20000,\"nfcSessionId\":\"" + tap.sessionId() + "\"}", UUID.randomUUID().toString());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Inpatients.DepositAnswer d = r.as(Inpatients.DepositAnswer.class);
        assertThat(d.status()).isEqualTo("SUCCEEDED");
        assertThat(d.payment().insurance()).isNull();
        assertThat(d.payment().selfPay().method()).isEqualTo("WECHAT");
        assertThat(d.payment().selfPay().amountFen()).isEqualTo(20_000);
        assertThat(Sim.balance(voucher.walletId())).isEqualTo(before - 20_000);
        assertThat(d.balanceFen()).isEqualTo(20_000);
    }

    @Test
    void badInputIsRefusedWithASpecificCodeAndWritesNothing() {
        Sim.Wallet wechat = Sim.wallet("WECHAT", 1_000_000);
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.DepositAnswer d = Inpatients.deposit(bedside, stay.stayId(), 10_000, wechat.authCode());

        // unknown stay
        Inpatients.Reply unknown = Inpatients.discharge(bedside, UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("STAY_NOT_FOUND");
        assertThat(Inpatients.call(bedside, "/api/v1/inpatient/stays/not-a-uuid/discharge", "", null).status()).isEqualTo(404);
        // a deposit payment is refunded through its stay, not at a window
        Inpatients.Reply direct = Inpatients.call(window, "/api/v1/payments/" + d.payment().paymentId() + "/refunds", "{}",
                UUID.randomUUID().toString());
        assertThat(direct.status()).isEqualTo(409);
        assertThat(direct.body()).contains("INPATIENT_DEPOSIT");
        // fee batches: a replay changes nothing, other content under the same number is refused
        assertThat(Inpatients.fees(bedside, stay.stayId(), "F1", 4_000).status()).isEqualTo(200);
        assertThat(Inpatients.fees(bedside, stay.stayId(), "F1", 4_000).body()).contains("\"replayed\":true");
        Inpatients.Reply conflict = Inpatients.fees(bedside, stay.stayId(), "F1", 5_000);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).contains("FEE_BATCH_CONFLICT");
        assertThat(Inpatients.get(bedside, stay.stayId()).feesFen()).isEqualTo(4_000);
        // bad amounts and no source
        String deposits = "/api/v1/inpatient/stays/" + stay.stayId() + "/deposits";
        assertThat(Inpatients.call(bedside, deposits, "{\"amountFen\":1.5,\"scannedCode\":\"" + wechat.authCode() + "\"}",
                UUID.randomUUID().toString()).body()).contains("INVALID_AMOUNT");
        assertThat(Inpatients.call(bedside, deposits, "{\"amountFen\":100}", UUID.randomUUID().toString()).body())
                .contains("PAYMENT_SOURCE_REQUIRED");
        assertThat(Inpatients.call(bedside, deposits, "{\"amountFen\":100,\"scannedCode\":\"" + wechat.authCode() + "\"}", null).body())
                .contains("IDEMPOTENCY_KEY_REQUIRED");

        assertThat(Inpatients.discharge(bedside, stay.stayId()).status()).isEqualTo(200);
        // discharge twice
        Inpatients.Reply twice = Inpatients.discharge(bedside, stay.stayId());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("STAY_ALREADY_DISCHARGED");
        // a deposit on a discharged stay: refused before any money moves
        long before = Sim.balance(wechat.walletId());
        Inpatients.Reply late = Inpatients.call(bedside, deposits, "{\"amountFen\":100,\"scannedCode\":\"" + wechat.authCode() + "\"}",
                UUID.randomUUID().toString());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("STAY_NOT_ADMITTED");
        assertThat(Sim.balance(wechat.walletId())).isEqualTo(before);
        Inpatients.Stay after = Inpatients.get(bedside, stay.stayId());
        assertThat(after.deposits()).hasSize(1);
        assertThat(after.refunds()).hasSize(1);
        // only the finance office reads the review list
        bedside.get("/api/v1/inpatient/deposit-refunds").expectStatus().isForbidden();
    }
}
