package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Reversal;
import org.hospay.channels.WithholdRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link WechatPayMapping} over the recorded answers: one fixture per HTTP status, trade_state, refund
 * status and error code mapped, each carrying the outcome it must give.
 */
class WechatPayMappingTest {

    private static final String MCHID = "1900000109";
    private static final String ORDER = "1217752501201407033233368018";
    private static final ChargeRequest CHARGE = new ChargeRequest(ORDER, "134567890123456789", Money.ofFen(2350), "门诊缴费", "window-01");
    private static final RefundRequest REFUND = new RefundRequest(ORDER, ORDER + "R1", Money.ofFen(1200), Money.ofFen(2350));
    private static final WithholdRequest WITHHOLD = new WithholdRequest("Wx15463511252015071056489715", ORDER, Money.ofFen(2350), "亲情代付");

    static Stream<Fixtures.Fixture> answers() {
        return Fixtures.answers();
    }

    private static Outcome<?> map(Fixtures.Fixture f) {
        return switch (WechatPayMapping.Operation.valueOf(f.operation())) {
            case CHARGE -> WechatPayMapping.charge(MCHID, CHARGE, f.status(), f.body());
            case QUERY -> WechatPayMapping.query(MCHID, ORDER, f.status(), f.body());
            case REVERSE -> WechatPayMapping.reversal(ORDER, f.status(), f.body());
            case REFUND -> WechatPayMapping.refund(REFUND, f.status(), f.body());
            case REFUND_QUERY -> WechatPayMapping.refundQuery(ORDER, ORDER + "R1", f.status(), f.body());
            case WITHHOLD -> WechatPayMapping.withholdAccepted(WITHHOLD, f.status(), f.body());
            case CONTRACT -> WechatPayMapping.contract(MCHID, 12535, "wxwtdk20200910100000", f.status(), f.body());
            case BILL -> WechatPayMapping.billLink(f.status(), f.body());
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachRecordedAnswerMapsToItsOutcome(Fixtures.Fixture f) {
        Outcome<?> outcome = map(f);

        assertThat(outcome.getClass().getSimpleName()).as(f.name() + " gave " + outcome).isEqualTo(f.expectOutcome());
        switch (outcome) {
            case Outcome.Declined<?> d -> {
                assertThat(d.code()).isEqualTo(f.expectCode());
                assertThat(d.vendorCode()).isEqualTo(f.expectVendorCode());
            }
            case Outcome.Pending<?> p -> assertThat(p.vendorCode()).isEqualTo(f.expectVendorCode());
            case Outcome.Succeeded<?> s -> assertThat(s.value()).isNotNull();
            case Outcome.Unknown<?> u -> assertThat(u.cause()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachRecordedAnswerCarriesAValidWechatPaySignature(Fixtures.Fixture f) {
        var verifier = new WechatPaySignatures.Verifier("PUB_KEY_ID_DEMO_ONLY_00000000000001",
                org.hospay.channels.demo.DemoKeys.wechatPlatform().publicKey(), Fixtures.SIGNED_AT);
        var h = f.headers();
        assertThat(verifier.refusal(h.get("Wechatpay-Serial"), h.get("Wechatpay-Timestamp"), h.get("Wechatpay-Nonce"),
                h.get("Wechatpay-Signature"), f.body())).isNull();
    }

    @Test
    void everyErrorCodeTradeStateAndRefundStatusHasARecordedAnswer() {
        Set<String> codes = Fixtures.answers().map(f -> WechatPayMapping.parse(f.body())).filter(n -> n != null)
                .map(n -> n.path("code").asString("")).collect(Collectors.toSet());
        Set<String> states = Fixtures.answers().filter(f -> Set.of("CHARGE", "QUERY").contains(f.operation()))
                .map(f -> WechatPayMapping.parse(f.body())).filter(n -> n != null).map(n -> n.path("trade_state").asString(""))
                .collect(Collectors.toSet());
        Set<String> refundStatuses = Fixtures.answers().filter(f -> f.operation().startsWith("REFUND"))
                .map(f -> WechatPayMapping.parse(f.body())).filter(n -> n != null).map(n -> n.path("status").asString(""))
                .collect(Collectors.toSet());

        assertThat(codes).containsAll(names(WechatPayErrorCode.values()));
        assertThat(states).containsAll(names(WechatPayTradeState.values()));
        assertThat(refundStatuses).containsAll(names(WechatPayRefundStatus.values()));
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).filter(n -> !n.equals("UNRECOGNIZED")).collect(Collectors.toSet());
    }

    @Test
    void aPaidCodepayAnswerCarriesTheTransactionIdAmountAndPaymentTime() {
        Fixtures.Fixture f = Fixtures.named("codepay-200-success");

        Charge c = ((Outcome.Succeeded<Charge>) WechatPayMapping.charge(MCHID, CHARGE, f.status(), f.body())).value();

        assertThat(c.channelTradeNo()).isEqualTo("4200000985202611241234567890");
        assertThat(c.amount()).isEqualTo(Money.ofFen(2350));
        assertThat(c.paidAt()).isEqualTo(Instant.parse("2026-11-24T01:59:41Z"));
    }

    @Test
    void aSuccessfulRefundCarriesTheRefundIdAndAmount() {
        Fixtures.Fixture f = Fixtures.named("refund-200-SUCCESS");

        Refund r = ((Outcome.Succeeded<Refund>) WechatPayMapping.refund(REFUND, f.status(), f.body())).value();

        assertThat(r.channelRefundNo()).isEqualTo("50300908092026112412345678901");
        assertThat(r.amount()).isEqualTo(Money.ofFen(1200));
        assertThat(r.outRefundNo()).isEqualTo(ORDER + "R1");
    }

    @Test
    void aV3ReversalCannotSayWhetherMoneyHadMoved() {
        Outcome<Reversal> r = WechatPayMapping.reversal(ORDER, 200, Fixtures.named("reverse-200").body());

        assertThat(((Outcome.Succeeded<Reversal>) r).value().effect()).isEqualTo(Reversal.Effect.REVERSED);
        assertThat(((Outcome.Succeeded<Reversal>) r).value().retry()).isFalse();
    }

    @Test
    void aTerminatedContractSaysWhoEndedIt() {
        Fixtures.Fixture f = Fixtures.named("contract-200-TERMINATED");

        WechatPayContract c = ((Outcome.Succeeded<WechatPayContract>) WechatPayMapping.contract(MCHID, 12535,
                "wxwtdk20200910100000", f.status(), f.body())).value();

        assertThat(c.state()).isEqualTo(WechatPayContractState.TERMINATED);
        assertThat(c.state().deductible()).isFalse();
        assertThat(c.terminationMode()).isEqualTo("USER");
        assertThat(c.terminatedAt()).isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
    }

    @Test
    void aDayWithoutTradesIsAnAnswerNotARefusal() {
        Fixtures.Fixture f = Fixtures.named("bill-400-NO_STATEMENT_EXIST");

        assertThat(WechatPayMapping.billLink(f.status(), f.body())).isEqualTo(Outcome.succeeded(WechatPayMapping.NO_BILL));
    }

    @Test
    void theCodepayRequestCarriesTheCodeAndFenAmount() {
        JsonNode body = JsonMapper.builder().build().readTree(WechatPayMapping.codepayRequest(CHARGE, "wxdemo0000000001", MCHID));

        assertThat(body.path("payer").path("auth_code").asString()).isEqualTo("134567890123456789");
        assertThat(body.path("amount").path("total").asLong()).isEqualTo(2350);
        assertThat(body.path("amount").path("currency").asString()).isEqualTo("CNY");
        assertThat(body.path("out_trade_no").asString()).isEqualTo(ORDER);
        assertThat(body.path("scene_info").path("device_id").asString()).isEqualTo("window-01");
    }

    @Test
    void theWithholdRequestNamesTheContractAndTheNotifyUrl() {
        JsonNode body = JsonMapper.builder().build().readTree(WechatPayMapping.withholdRequest(WITHHOLD, "wxdemo0000000001", MCHID,
                URI.create("https://hospital.example/callbacks/wechat-pay")));

        assertThat(body.path("contract_id").asString()).isEqualTo("Wx15463511252015071056489715");
        assertThat(body.path("transaction_notify_url").asString()).isEqualTo("https://hospital.example/callbacks/wechat-pay");
        assertThat(body.path("amount").path("total").asLong()).isEqualTo(2350);
    }

    @Test
    void orderNumbersArePercentEncodedTheSameWayTheyAreSigned() {
        assertThat(WechatPayMapping.queryPath(MCHID, "A|B*C@1")).isEqualTo("/v3/pay/transactions/out-trade-no/A%7CB%2AC%401?mchid=1900000109");
    }
}
