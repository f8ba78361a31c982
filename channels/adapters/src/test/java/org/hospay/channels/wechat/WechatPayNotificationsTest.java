package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.hospay.channels.Charge;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;

/** Callbacks: verified over the exact bytes, decrypted with the APIv3 key, typed; anything else rejected. */
class WechatPayNotificationsTest {

    private final WechatPayNotifications notifications =
            new WechatPayNotifications(WechatPayConfig.demo(URI.create("http://127.0.0.1:9090")), Fixtures.SIGNED_AT);

    private WechatPayNotifications.Verdict read(Fixtures.Fixture f) {
        return notifications.read(f.headers(), f.body().getBytes(StandardCharsets.UTF_8));
    }

    private static WechatPayEvent accepted(WechatPayNotifications.Verdict v) {
        assertThat(v).isInstanceOf(WechatPayNotifications.Verdict.Accepted.class);
        return ((WechatPayNotifications.Verdict.Accepted) v).event();
    }

    private static String rejected(WechatPayNotifications.Verdict v) {
        assertThat(v).isInstanceOf(WechatPayNotifications.Verdict.Rejected.class);
        return ((WechatPayNotifications.Verdict.Rejected) v).reason();
    }

    @Test
    void aSigningCallbackBecomesTheSignedContract() {
        WechatPayEvent e = accepted(read(Fixtures.named("callback-PAPAY.SIGN")));

        assertThat(e).isInstanceOfSatisfying(WechatPayEvent.ContractSigned.class, s -> {
            assertThat(s.id()).isEqualTo("EV-20261124100000000001");
            assertThat(s.contract().contractId()).isEqualTo("Wx15463511252015071056489715");
            assertThat(s.contract().planId()).isEqualTo(12535);
            assertThat(s.contract().outContractCode()).isEqualTo("wxwtdk20200910100000");
            assertThat(s.contract().openid()).isEqualTo("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
            assertThat(s.contract().state()).isEqualTo(WechatPayContractState.SIGNED);
        });
    }

    @Test
    void aTerminationCallbackSaysWhoEndedTheContract() {
        WechatPayEvent e = accepted(read(Fixtures.named("callback-PAPAY.TERMINATE")));

        assertThat(e).isInstanceOfSatisfying(WechatPayEvent.ContractTerminated.class, t -> {
            assertThat(t.contract().state()).isEqualTo(WechatPayContractState.TERMINATED);
            assertThat(t.contract().terminationMode()).isEqualTo("MERCHANT_API");
        });
    }

    @Test
    void aDeductionCallbackCarriesItsOutcome() {
        WechatPayEvent e = accepted(read(Fixtures.named("callback-TRANSACTION.SUCCESS")));

        assertThat(e).isInstanceOfSatisfying(WechatPayEvent.TransactionResult.class, t -> {
            assertThat(t.tradeType()).isEqualTo("PAP");
            assertThat(t.contractId()).isEqualTo("Wx15463511252015071056489715");
            assertThat(((Outcome.Succeeded<Charge>) t.outcome()).value().amount()).isEqualTo(Money.ofFen(2350));
        });
    }

    @Test
    void anAuthenticEventOfAnotherKindIsAcceptedAsUnrecognized() {
        assertThat(accepted(read(Fixtures.named("callback-UNKNOWN.EVENT")))).isInstanceOfSatisfying(WechatPayEvent.Unrecognized.class,
                u -> assertThat(u.eventType()).isEqualTo("MARKETING.COUPON.USED"));
    }

    @Test
    void oneChangedByteInTheBodyIsRejected() {
        Fixtures.Fixture f = Fixtures.named("callback-PAPAY.SIGN");
        byte[] body = f.body().getBytes(StandardCharsets.UTF_8);
        body[body.length / 2] ^= 1;

        assertThat(rejected(notifications.read(f.headers(), body))).contains("signature");
    }

    @Test
    void aCallbackSignedWithAnotherKeyIdIsRejected() {
        Fixtures.Fixture f = Fixtures.named("callback-PAPAY.SIGN");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(f.headers());
        headers.put("Wechatpay-Serial", "PUB_KEY_ID_SOMEONE_ELSE");

        assertThat(rejected(notifications.read(headers, f.body().getBytes(StandardCharsets.UTF_8)))).contains("PUB_KEY_ID_SOMEONE_ELSE");
    }

    @Test
    void aReplayedCallbackOutsideFiveMinutesIsRejected() {
        Fixtures.Fixture f = Fixtures.named("callback-PAPAY.SIGN");
        var later = new WechatPayNotifications(WechatPayConfig.demo(URI.create("http://127.0.0.1:9090")),
                Clock.offset(Fixtures.SIGNED_AT, Duration.ofMinutes(6)));

        assertThat(rejected(later.read(f.headers(), f.body().getBytes(StandardCharsets.UTF_8)))).contains("replay");
    }

    @Test
    void aCallbackForAnotherMerchantIsRejected() {
        assertThat(rejected(read(Fixtures.named("callback-other-merchant")))).contains("1900000999");
    }

    @Test
    void aCallbackWithoutSignatureHeadersIsRejected() {
        Fixtures.Fixture f = Fixtures.named("callback-PAPAY.SIGN");

        assertThat(rejected(notifications.read(Map.of(), f.body().getBytes(StandardCharsets.UTF_8)))).contains("not signed");
    }
}
