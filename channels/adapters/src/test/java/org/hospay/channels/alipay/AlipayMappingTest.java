package org.hospay.channels.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Every Alipay code, sub_code and status the adapter maps, pinned by a recorded answer in
 * {@code fixtures/alipay/}: the expected column is SUCCEEDED, PENDING, UNKNOWN, ALREADY_PAID or the
 * stable decline code. The completeness tests below fail when a mapped constant has no fixture.
 */
class AlipayMappingTest {

    private static final String ORDER = "T20261122093000000001";
    private static final RefundRequest REFUND = new RefundRequest(ORDER, ORDER + "R1", Money.ofFen(1200), Money.ofFen(2350));

    // ------------------------------------------------------------------ pay

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-success.json                                         | SUCCEEDED
            10000-about-another-order.json                             | UNKNOWN
            10000-without-trade_no.json                                | UNKNOWN
            10003-paying.json                                          | PENDING
            20000-isp.unknow-error.json                                | UNKNOWN
            20001-insufficient-authority.json                          | CHANNEL_REJECTED
            40001-missing-arguments.json                               | CHANNEL_REJECTED
            40006-forbidden.json                                       | CHANNEL_REJECTED
            99999-unrecognised-code.json                               | UNKNOWN
            40002-isv.invalid-signature.json                           | SIGNATURE_REJECTED
            40002-isv.invalid-signature-type.json                      | CHANNEL_REJECTED
            40002-isv.missing-signature.json                           | CHANNEL_REJECTED
            40002-isv.invalid-app-id.json                              | CHANNEL_REJECTED
            40002-isv.invalid-method.json                              | CHANNEL_REJECTED
            40002-isv.invalid-timestamp.json                           | CHANNEL_REJECTED
            40002-isv.invalid-parameter.json                           | CHANNEL_REJECTED
            40002-isv.invalid-encrypt.json                             | CHANNEL_REJECTED
            40004-ACQ.SYSTEM_ERROR.json                                | UNKNOWN
            40004-ACQ.INVALID_PARAMETER.json                           | CHANNEL_REJECTED
            40004-ACQ.ACCESS_FORBIDDEN.json                            | CHANNEL_REJECTED
            40004-ACQ.TOTAL_FEE_EXCEED.json                            | CHANNEL_REJECTED
            40004-ACQ.INVALID_STORE_ID.json                            | CHANNEL_REJECTED
            40004-ACQ.CONTEXT_INCONSISTENT.json                        | ORDER_NUMBER_REUSED
            40004-ACQ.TRADE_HAS_SUCCESS.json                           | ALREADY_PAID
            40004-ACQ.TRADE_HAS_CLOSE.json                             | ORDER_CLOSED
            40004-ACQ.TRADE_BUYER_NOT_MATCH.json                       | ORDER_NUMBER_REUSED
            40004-ACQ.BUYER_BALANCE_NOT_ENOUGH.json                    | INSUFFICIENT_FUNDS
            40004-ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH.json           | INSUFFICIENT_FUNDS
            40004-ACQ.ERROR_BALANCE_PAYMENT_DISABLE.json               | CARD_NOT_SUPPORTED
            40004-ACQ.NO_PAYMENT_INSTRUMENTS_AVAILABLE.json            | CARD_NOT_SUPPORTED
            40004-ACQ.PAYMENT_FAIL.json                                | PAYMENT_FAILED
            40004-ACQ.PAYMENT_REQUEST_HAS_RISK.json                    | RISK_REJECTED
            40004-ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR.json        | RISK_REJECTED
            40004-ACQ.BEYOND_PAY_RESTRICTION.json                      | RISK_REJECTED
            40004-ACQ.AGREEMENT_NOT_EXIST.json                         | AGREEMENT_INVALID
            40004-ACQ.AGREEMENT_INVALID.json                           | AGREEMENT_INVALID
            40004-ACQ.AGREEMENT_STATUS_NOT_NORMAL.json                 | AGREEMENT_INVALID
            40004-ACQ.AGREEMENT_ERROR.json                             | AGREEMENT_INVALID
            40004-ACQ.CYCLE_PAY_SINGLE_FEE_EXCEED.json                 | AGREEMENT_LIMIT
            40004-ACQ.CYCLE_PAY_TOTAL_FEE_EXCEED.json                  | AGREEMENT_LIMIT
            40004-ACQ.CYCLE_PAY_TOTAL_TIMES_EXCEED.json                | AGREEMENT_LIMIT
            40004-ACQ.CYCLE_PAY_DATE_NOT_MATCH.json                    | AGREEMENT_LIMIT
            40004-ACQ.SOMETHING_NEW.json                               | UNKNOWN
            40004-ACQ.PAYMENT_AUTH_CODE_INVALID-SOUNDWAVE_PARSER_FAIL.json | CODE_INVALID
            40004-ACQ.PAYMENT_AUTH_CODE_INVALID-AUTH_CODE_EXPIRED.json | CODE_EXPIRED
            40004-ACQ.PAYMENT_AUTH_CODE_INVALID-AUTH_CODE_USED.json    | CODE_USED
            40004-ACQ.PAYMENT_AUTH_CODE_INVALID-no-reason.json         | CODE_INVALID
            """)
    void payAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("pay/" + fixture, AlipayMapping.PAY);
        switch (AlipayMapping.pay(r, ORDER)) {
            case AlipayMapping.PayResult.AlreadyPaid a -> assertThat(expected).isEqualTo("ALREADY_PAID");
            case AlipayMapping.PayResult.Done d -> assertOutcome(d.outcome(), expected, r);
        }
    }

    @Test
    void aPaidAnswerCarriesTheTradeTheExactAmountAndTheBeijingPaymentTime() {
        var done = (AlipayMapping.PayResult.Done) AlipayMapping.pay(Fixtures.answer("pay/10000-success.json", AlipayMapping.PAY), ORDER);
        Charge c = ((Outcome.Succeeded<Charge>) done.outcome()).value();

        assertThat(c.channelTradeNo()).isEqualTo("2026112222001000000000000001");
        assertThat(c.amount()).isEqualTo(Money.ofFen(2350));
        assertThat(c.paidAt()).isEqualTo(Instant.parse("2026-11-22T01:30:05Z"));
    }

    // ------------------------------------------------------------------ query

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-TRADE_SUCCESS.json            | SUCCEEDED
            10000-TRADE_FINISHED.json           | SUCCEEDED
            10000-WAIT_BUYER_PAY.json           | PENDING
            10000-TRADE_CLOSED.json             | ORDER_CLOSED
            10000-unrecognised-status.json      | UNKNOWN
            40004-ACQ.TRADE_NOT_EXIST.json      | ORDER_NOT_FOUND
            40004-ACQ.SYSTEM_ERROR.json         | UNKNOWN
            40004-ACQ.INVALID_PARAMETER.json    | CHANNEL_REJECTED
            40004-ACQ.SOMETHING_NEW.json        | UNKNOWN
            """)
    void queryAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("query/" + fixture, AlipayMapping.QUERY);
        assertOutcome(AlipayMapping.query(r, ORDER), expected, r);
    }

    // ------------------------------------------------------------------ cancel

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-action-close.json                   | CLOSED
            10000-action-refund.json                  | MONEY_RETURNED
            10000-action-unrecognised.json            | REVERSED
            40004-retry_flag-Y.json                   | CALL_AGAIN
            20000-retry_flag-Y.json                   | CALL_AGAIN
            20000-isp.unknow-error.json               | UNKNOWN
            40004-ACQ.SYSTEM_ERROR.json               | UNKNOWN
            40004-ACQ.INVALID_PARAMETER.json          | CHANNEL_REJECTED
            40004-ACQ.TRADE_NOT_EXIST.json            | ORDER_NOT_FOUND
            40004-ACQ.SELLER_BALANCE_NOT_ENOUGH.json  | REFUND_REFUSED
            40004-ACQ.REASON_TRADE_BEEN_FREEZEN.json  | REFUND_REFUSED
            40004-ACQ.TRADE_CANCEL_TIME_OUT.json      | REVERSE_EXPIRED
            40004-ACQ.REASON_TRADE_REFUND_FEE_ERR.json | CHANNEL_REJECTED
            40004-ACQ.CANCEL_NOT_ALLOWED.json         | CHANNEL_REJECTED
            40004-ACQ.SOMETHING_NEW.json              | UNKNOWN
            """)
    void cancelAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("cancel/" + fixture, AlipayMapping.CANCEL);
        Outcome<Reversal> o = AlipayMapping.cancel(r);
        if (o instanceof Outcome.Succeeded<Reversal> s) assertThat(s.value().effect().name()).isEqualTo(expected);
        else assertOutcome(o, expected, r);
    }

    // ------------------------------------------------------------------ refund

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-success.json                         | SUCCEEDED
            10000-repeat-fund_change-N.json            | SUCCEEDED
            10000-without-gmt_refund_pay.json          | UNKNOWN
            40004-ACQ.SYSTEM_ERROR.json                | UNKNOWN
            40004-ACQ.INVALID_PARAMETER.json           | CHANNEL_REJECTED
            40004-ACQ.TRADE_NOT_EXIST.json             | ORDER_NOT_FOUND
            40004-ACQ.TRADE_STATUS_ERROR.json          | ORDER_NOT_PAID
            40004-ACQ.TRADE_HAS_CLOSE.json             | ORDER_CLOSED
            40004-ACQ.REFUND_AMT_NOT_EQUAL_TOTAL.json  | REFUND_EXCEEDS_PAID
            40004-ACQ.DISCORDANT_REPEAT_REQUEST.json   | ORDER_NUMBER_REUSED
            40004-ACQ.SELLER_BALANCE_NOT_ENOUGH.json   | REFUND_REFUSED
            40004-ACQ.REASON_TRADE_BEEN_FREEZEN.json   | REFUND_REFUSED
            40004-ACQ.TRADE_NOT_ALLOW_REFUND.json      | REFUND_REFUSED
            40004-ACQ.REFUND_FEE_ERROR.json            | CHANNEL_REJECTED
            40004-ACQ.SOMETHING_NEW.json               | UNKNOWN
            """)
    void refundAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("refund/" + fixture, AlipayMapping.REFUND);
        assertOutcome(AlipayMapping.refund(r, REFUND), expected, r);
    }

    @Test
    void aRefundIsForWhatWasAskedNotTheOrdersCumulativeRefundFee() {
        Refund refund = ((Outcome.Succeeded<Refund>) AlipayMapping.refund(
                Fixtures.answer("refund/10000-success.json", AlipayMapping.REFUND),
                new RefundRequest(ORDER, ORDER + "R2", Money.ofFen(700), Money.ofFen(2350)))).value();

        assertThat(refund.amount()).isEqualTo(Money.ofFen(700));
        assertThat(refund.outRefundNo()).isEqualTo(ORDER + "R2");
        assertThat(refund.channelRefundNo()).isEqualTo("2026112222001000000000000001");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-REFUND_SUCCESS.json          | SUCCEEDED
            10000-absent.json                  | REFUND_NOT_FOUND
            10000-unrecognised-status.json     | UNKNOWN
            40004-ACQ.TRADE_NOT_EXIST.json     | REFUND_NOT_FOUND
            40004-ACQ.SYSTEM_ERROR.json        | UNKNOWN
            40004-ACQ.INVALID_PARAMETER.json   | CHANNEL_REJECTED
            40004-ACQ.SOMETHING_NEW.json       | UNKNOWN
            """)
    void refundQueryAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("refund_query/" + fixture, AlipayMapping.REFUND_QUERY);
        Outcome<Refund> o = AlipayMapping.refundQuery(r, ORDER + "R1");
        assertOutcome(o, expected, r);
        if (o instanceof Outcome.Succeeded<Refund> s) assertThat(s.value().amount()).isEqualTo(Money.ofFen(1200));
    }

    // ------------------------------------------------------------------ agreements and bills

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-NORMAL.json                        | SUCCEEDED
            10000-STOP.json                          | SUCCEEDED
            10000-TEMP.json                          | SUCCEEDED
            10000-UNSIGN.json                        | SUCCEEDED
            10000-unrecognised-status.json           | SUCCEEDED
            40004-USER_AGREEMENT_NOT_EXIST.json      | AGREEMENT_INVALID
            40004-AGREEMENT_HAS_UNSIGNED.json        | AGREEMENT_INVALID
            40004-SYSTEM_ERROR.json                  | UNKNOWN
            40004-INVALID_PARAMETER.json             | CHANNEL_REJECTED
            40004-SOMETHING_NEW.json                 | UNKNOWN
            """)
    void agreementQueryAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("agreement_query/" + fixture, AlipayMapping.AGREEMENT_QUERY);
        Outcome<AlipayAgreement> o = AlipayMapping.agreement(r);
        assertOutcome(o, expected, r);
        if (o instanceof Outcome.Succeeded<AlipayAgreement> s) {
            String status = fixture.substring("10000-".length(), fixture.length() - ".json".length());
            assertThat(s.value().status()).isEqualTo(AlipayCodes.AgreementStatus.of(status));
            assertThat(s.value().usable()).isEqualTo(status.equals("NORMAL"));
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-success.json                       | SUCCEEDED
            40004-AGREEMENT_HAS_UNSIGNED.json        | SUCCEEDED
            40004-USER_AGREEMENT_NOT_EXIST.json      | AGREEMENT_INVALID
            40004-SYSTEM_ERROR.json                  | UNKNOWN
            40004-INVALID_PARAMETER.json             | CHANNEL_REJECTED
            40004-SOMETHING_NEW.json                 | UNKNOWN
            """)
    void agreementUnsignAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("agreement_unsign/" + fixture, AlipayMapping.AGREEMENT_UNSIGN);
        assertOutcome(AlipayMapping.unsign(r, "20265900000000000001"), expected, r);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000-url.json                      | SUCCEEDED
            40004-isp.bill_not_exist.json       | SUCCEEDED
            40004-isv.invalid-parameter.json    | CHANNEL_REJECTED
            40004-isp.something_new.json        | UNKNOWN
            """)
    void billAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = Fixtures.answer("bill/" + fixture, AlipayMapping.BILL_URL);
        Outcome<Optional<URI>> o = AlipayMapping.billUrl(r);
        assertOutcome(o, expected, r);
        if (o instanceof Outcome.Succeeded<Optional<URI>> s)
            assertThat(s.value().isPresent()).isEqualTo(fixture.startsWith("10000"));
    }

    // ------------------------------------------------------------------ requests and yuan

    @ParameterizedTest(name = "{0} fen is \"{1}\"")
    @CsvSource({"1, 0.01", "10, 0.10", "100, 1.00", "2350, 23.50", "999999999, 9999999.99", "10000000000, 100000000.00"})
    void amountsGoOutAsExactYuanStrings(long fen, String yuan) {
        var charge = new ChargeRequest(ORDER, "281234567890123456", Money.ofFen(fen), "门诊缴费", "window-01");
        var withhold = new WithholdRequest("20265900000000000001", ORDER, Money.ofFen(fen), "门诊缴费");

        assertThat(AlipayMapping.payBiz(charge).get("total_amount").isString()).isTrue();
        assertThat(AlipayMapping.payBiz(charge).get("total_amount").asString()).isEqualTo(yuan);
        assertThat(AlipayMapping.withholdBiz(withhold).get("total_amount").asString()).isEqualTo(yuan);
        assertThat(Money.ofYuan(yuan)).isEqualTo(Money.ofFen(fen));
    }

    @ParameterizedTest(name = "\"{0}\" is not an amount")
    @CsvSource({"23.505", "-1.00", "abc", "''", "0.001"})
    void anAnswerWithAnAmountThatIsNotExactFenIsUnknownNotRounded(String amount) {
        JsonNode r = AlipayProtocol.JSON.createObjectNode().put("code", "10000").put("msg", "Success")
                .put("out_trade_no", ORDER).put("trade_no", "2026112222001000000000000001")
                .put("total_amount", amount).put("gmt_payment", "2026-11-22 09:30:05");

        assertThat(((AlipayMapping.PayResult.Done) AlipayMapping.pay(r, ORDER)).outcome()).isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void aWithholdingRequestQuotesTheAgreementAndTheMerchantDeductionProduct() {
        JsonNode biz = AlipayMapping.withholdBiz(new WithholdRequest("20265900000000000001", ORDER, Money.ofFen(2350), "门诊缴费"));

        assertThat(biz.get("product_code").asString()).isEqualTo("GENERAL_WITHHOLDING");
        assertThat(biz.path("agreement_params").path("agreement_no").asString()).isEqualTo("20265900000000000001");
        assertThat(biz.has("auth_code")).isFalse();
        assertThat(AlipayMapping.billBiz(LocalDate.of(2026, 11, 21)).get("bill_date").asString()).isEqualTo("2026-11-21");
    }

    // ------------------------------------------------------------------ completeness: a fixture per mapped constant

    @Test
    void everyMappedCodeHasARecordedAnswer() {
        assertEveryConstantHasAFixture("pay", EnumSet.complementOf(EnumSet.of(AlipayCodes.Code.UNRECOGNISED)), c -> c.wire() + "-");
        assertEveryConstantHasAFixture("pay", EnumSet.complementOf(EnumSet.of(AlipayCodes.GatewaySubCode.UNRECOGNISED)),
                c -> "40002-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("pay", EnumSet.complementOf(EnumSet.of(AlipayCodes.PaySubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire());
        assertEveryConstantHasAFixture("pay", EnumSet.complementOf(EnumSet.of(AlipayCodes.AuthCodeProblem.UNRECOGNISED)),
                c -> "40004-ACQ.PAYMENT_AUTH_CODE_INVALID-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("query", EnumSet.complementOf(EnumSet.of(AlipayCodes.TradeStatus.UNRECOGNISED)),
                c -> "10000-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("query", EnumSet.complementOf(EnumSet.of(AlipayCodes.QuerySubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("cancel", EnumSet.complementOf(EnumSet.of(AlipayCodes.CancelSubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("cancel", EnumSet.complementOf(EnumSet.of(AlipayCodes.CancelAction.UNRECOGNISED)),
                c -> "10000-action-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("refund", EnumSet.complementOf(EnumSet.of(AlipayCodes.RefundSubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("refund_query", EnumSet.complementOf(EnumSet.of(AlipayCodes.RefundQuerySubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("refund_query", EnumSet.of(AlipayCodes.RefundStatus.REFUND_SUCCESS), c -> "10000-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("agreement_query", EnumSet.complementOf(EnumSet.of(AlipayCodes.AgreementSubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("agreement_unsign", EnumSet.complementOf(EnumSet.of(AlipayCodes.AgreementSubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("agreement_query", EnumSet.complementOf(EnumSet.of(AlipayCodes.AgreementStatus.UNRECOGNISED)),
                c -> "10000-" + c.wire() + ".json");
        assertEveryConstantHasAFixture("bill", EnumSet.complementOf(EnumSet.of(AlipayCodes.BillSubCode.UNRECOGNISED)),
                c -> "40004-" + c.wire() + ".json");
    }

    private static <E extends Enum<E> & AlipayCodes.Wire> void assertEveryConstantHasAFixture(
            String dir, Set<E> constants, Function<E, String> namePrefix) {
        List<String> names = Fixtures.names(dir);
        for (E c : constants) {
            assertThat(names).as("a fixture in %s for %s", dir, c).anySatisfy(n -> assertThat(n).startsWith(namePrefix.apply(c)));
        }
    }

    // ------------------------------------------------------------------ helpers

    static void assertOutcome(Outcome<?> outcome, String expected, JsonNode answer) {
        switch (expected) {
            case "SUCCEEDED" -> assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
            case "PENDING" -> assertThat(outcome).isInstanceOf(Outcome.Pending.class);
            case "UNKNOWN" -> assertThat(outcome).isInstanceOf(Outcome.Unknown.class);
            default -> {
                assertThat(outcome).isInstanceOf(Outcome.Declined.class);
                Outcome.Declined<?> d = (Outcome.Declined<?>) outcome;
                assertThat(d.code()).isEqualTo(expected);
                String subCode = answer.path("sub_code").asString("");
                if (!subCode.isEmpty()) assertThat(d.vendorCode()).isEqualTo(subCode);
                assertThat(d.message()).isNotBlank();
            }
        }
    }
}
