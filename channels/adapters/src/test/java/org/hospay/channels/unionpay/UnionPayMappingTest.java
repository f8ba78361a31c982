package org.hospay.channels.unionpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Reversal;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.demo.DemoKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every respCode and origRespCode the adapter maps, pinned by an answer recorded in the partner
 * platform's shape under {@code fixtures/unionpay/} and signed with the DEMO platform key. The
 * expected column is SUCCEEDED, PENDING, UNKNOWN, a Reversal effect, or the stable decline code.
 */
class UnionPayMappingTest {

    private static final String ORDER = "U20261122093000000001";
    private static final RsaVerifier PLATFORM = new RsaVerifier(DemoKeys.unionpayPlatform().publicKey());
    private static final UnionPayMapping.Merchant MERCHANT = new UnionPayMapping.Merchant("DEMOISV00000001", "898000000000001");

    private static JsonNode answer(String path) {
        try (InputStream in = UnionPayMappingTest.class.getClassLoader().getResourceAsStream("fixtures/unionpay/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            JsonNode r = UnionPayProtocol.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(UnionPayProtocol.verify(r, PLATFORM)).as("signature of fixture %s", path).isTrue();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "micropay {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            00.json                       | SUCCEEDED
            00-about-another-order.json   | UNKNOWN
            00-without-transIndex.json    | UNKNOWN
            01.json | PAYMENT_FAILED
            02.json | PENDING
            03.json | UNKNOWN
            04.json | UNKNOWN
            05.json | PENDING
            06.json | UNKNOWN
            10.json | CHANNEL_REJECTED
            11.json | SIGNATURE_REJECTED
            12.json | UNKNOWN
            13.json | CHANNEL_REJECTED
            30.json | PAYMENT_FAILED
            31.json | CHANNEL_REJECTED
            32.json | CHANNEL_REJECTED
            33.json | RISK_REJECTED
            34.json | UNKNOWN
            35.json | UNKNOWN
            36.json | ORDER_NUMBER_REUSED
            37.json | CHANNEL_BUSY
            38.json | RISK_REJECTED
            39.json | CHANNEL_REJECTED
            43.json | CHANNEL_REJECTED
            45.json | ORDER_REVERSED
            60.json | PAYMENT_FAILED
            61.json | CODE_INVALID
            62.json | CARD_NOT_SUPPORTED
            63.json | CODE_USED
            64.json | INSUFFICIENT_FUNDS
            65.json | PAYMENT_FAILED
            67.json | PAYMENT_FAILED
            68.json | CARD_NOT_SUPPORTED
            78.json | RISK_REJECTED
            80.json | CODE_EXPIRED
            81.json | RISK_REJECTED
            83.json | PENDING
            99.json | UNKNOWN
            A7.json | UNKNOWN
            """)
    void micropayAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = answer("micropay/" + fixture);
        assertOutcome(UnionPayMapping.micropay(r, ORDER), expected, r.path("respCode").asString());
    }

    @Test
    void aPaidAnswerCarriesTheTransactionTheFenAndTheBeijingPaymentTime() {
        Charge c = ((Outcome.Succeeded<Charge>) UnionPayMapping.micropay(answer("micropay/00.json"), ORDER)).value();

        assertThat(c.channelTradeNo()).isEqualTo("20261122093005000000000001");
        assertThat(c.amount()).isEqualTo(Money.ofFen(2350));
        assertThat(c.paidAt()).isEqualTo(Instant.parse("2026-11-22T01:30:05Z"));
    }

    @ParameterizedTest(name = "queryOrder {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            00-orig-00.json | SUCCEEDED
            00-orig-01.json | SUCCEEDED
            00-orig-02.json | PENDING
            00-orig-03.json | ORDER_CLOSED
            00-orig-04.json | ORDER_REVERSED
            00-orig-05.json | PENDING
            00-orig-06.json | PAYMENT_FAILED
            00-orig-09.json | UNKNOWN
            34.json         | ORDER_NOT_FOUND
            11.json         | SIGNATURE_REJECTED
            37.json         | CHANNEL_BUSY
            99.json         | UNKNOWN
            64.json         | UNKNOWN
            """)
    void queryAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = answer("queryOrder/" + fixture);
        String vendor = r.has("origRespCode") ? "orig:" + r.path("origRespCode").asString() : r.path("respCode").asString();
        assertOutcome(UnionPayMapping.query(r, ORDER), expected, vendor);
    }

    @ParameterizedTest(name = "reverse {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            00.json | REVERSED
            34.json | ORDER_NOT_FOUND
            35.json | CHANNEL_REJECTED
            39.json | REVERSE_EXPIRED
            45.json | ORDER_REVERSED
            11.json | SIGNATURE_REJECTED
            12.json | UNKNOWN
            99.json | UNKNOWN
            """)
    void reverseAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = answer("reverse/" + fixture);
        Outcome<Reversal> o = UnionPayMapping.reverse(r);
        if (o instanceof Outcome.Succeeded<Reversal> s) assertThat(s.value().effect().name()).isEqualTo(expected);
        else assertOutcome(o, expected, r.path("respCode").asString());
    }

    @ParameterizedTest(name = "refund {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            00.json | SUCCEEDED
            02.json | PENDING
            12.json | UNKNOWN
            33.json | REFUND_EXCEEDS_PAID
            34.json | ORDER_NOT_FOUND
            35.json | ORDER_NOT_PAID
            36.json | ORDER_NUMBER_REUSED
            39.json | REFUND_REFUSED
            45.json | ORDER_REVERSED
            01.json | REFUND_REFUSED
            11.json | SIGNATURE_REJECTED
            99.json | UNKNOWN
            """)
    void refundAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = answer("refund/" + fixture);
        var request = new RefundRequest(ORDER, ORDER + "R1", Money.ofFen(1200), Money.ofFen(2350));
        Outcome<Refund> o = UnionPayMapping.refund(r, request);
        assertOutcome(o, expected, r.path("respCode").asString());
        if (o instanceof Outcome.Succeeded<Refund> s) {
            assertThat(s.value().amount()).isEqualTo(Money.ofFen(1200));
            assertThat(s.value().channelRefundNo()).isEqualTo("20261122100000000000000002");
        }
    }

    @ParameterizedTest(name = "refundQuery {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            00-orig-00.json | SUCCEEDED
            00-orig-01.json | REFUND_FAILED
            00-orig-02.json | PENDING
            00-orig-09.json | UNKNOWN
            34.json         | REFUND_NOT_FOUND
            11.json         | SIGNATURE_REJECTED
            99.json         | UNKNOWN
            """)
    void refundQueryAnswersMapAsRecorded(String fixture, String expected) {
        JsonNode r = answer("refundQuery/" + fixture);
        String vendor = r.has("origRespCode") ? "orig:" + r.path("origRespCode").asString() : r.path("respCode").asString();
        assertOutcome(UnionPayMapping.refundQuery(r, ORDER + "R1"), expected, vendor);
    }

    @Test
    void everyMappedCodeHasARecordedAnswer() {
        List<String> micropay = names("micropay");
        for (UnionPayCodes.RespCode c : UnionPayCodes.RespCode.values()) {
            if (c != UnionPayCodes.RespCode.UNRECOGNISED) assertThat(micropay).as("micropay fixture for %s", c).contains(c.wire() + ".json");
        }
        List<String> query = names("queryOrder");
        for (UnionPayCodes.OrderState s : UnionPayCodes.OrderState.values()) {
            if (s != UnionPayCodes.OrderState.UNRECOGNISED) assertThat(query).as("queryOrder fixture for %s", s).contains("00-orig-" + s.wire() + ".json");
        }
        List<String> refundQuery = names("refundQuery");
        for (UnionPayCodes.RefundState s : UnionPayCodes.RefundState.values()) {
            if (s != UnionPayCodes.RefundState.UNRECOGNISED) assertThat(refundQuery).as("refundQuery fixture for %s", s).contains("00-orig-" + s.wire() + ".json");
        }
    }

    // ------------------------------------------------------------------ requests and signatures

    @Test
    void aMicropayRequestCarriesFenDigitsTheCurrencyAndTheScanningTerminal() {
        ObjectNode m = UnionPayMapping.micropay(MERCHANT,
                new ChargeRequest(ORDER, "6212345678901234567", Money.ofFen(1), "门诊缴费", "window-01"), Instant.parse("2026-11-22T01:30:00Z"));

        assertThat(m.get("txnAmt").asString()).isEqualTo("1");
        assertThat(m.get("currencyCode").asString()).isEqualTo("156");
        assertThat(m.get("orderType").asString()).isEqualTo("unionpay");
        assertThat(m.get("orderTime").asString()).isEqualTo("20261122093000");
        assertThat(m.get("termId").asString()).isEqualTo("window-01");
    }

    @Test
    void theSignatureCoversEveryNonEmptyFieldSortedAndAnyChangedByteBreaksIt() {
        ObjectNode m = UnionPayProtocol.JSON.createObjectNode().put("txnAmt", "2350").put("orderNo", "U1").put("empty", "")
                .put("authCode", "6212345678901234567");
        m.putObject("termInfo").put("ip", "10.0.0.1");
        assertThat(UnionPayProtocol.signContent(m)).isEqualTo("authCode=6212345678901234567&orderNo=U1&termInfo={\"ip\":\"10.0.0.1\"}&txnAmt=2350");

        RsaSigner merchant = new RsaSigner(DemoKeys.unionpayMerchant().privateKey());
        RsaVerifier verifier = new RsaVerifier(DemoKeys.unionpayMerchant().publicKey());
        UnionPayProtocol.sign(m, merchant);
        assertThat(UnionPayProtocol.verify(m, verifier)).isTrue();

        m.put("txnAmt", "2351");
        assertThat(UnionPayProtocol.verify(m, verifier)).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertOutcome(Outcome<?> outcome, String expected, String vendorCode) {
        switch (expected) {
            case "SUCCEEDED" -> assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
            case "PENDING" -> assertThat(outcome).isInstanceOf(Outcome.Pending.class);
            case "UNKNOWN" -> assertThat(outcome).isInstanceOf(Outcome.Unknown.class);
            default -> {
                assertThat(outcome).isInstanceOf(Outcome.Declined.class);
                Outcome.Declined<?> d = (Outcome.Declined<?>) outcome;
                assertThat(d.code()).isEqualTo(expected);
                assertThat(d.vendorCode()).isEqualTo(vendorCode);
                assertThat(d.message()).isNotBlank();
            }
        }
    }

    private static List<String> names(String dir) {
        try {
            Path p = Path.of(UnionPayMappingTest.class.getClassLoader().getResource("fixtures/unionpay/" + dir).toURI());
            try (Stream<Path> files = Files.list(p)) {
                return files.map(f -> f.getFileName().toString()).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dailyFileRowsBecomePaymentRefundAndReversalLinesInBeijingTime() {
        var pay = UnionPayMapping.fileLine("PAY,P1,,62200000000000000012,5350,20261205101403,SUCCESS");
        var refund = UnionPayMapping.fileLine("REFUND,R1,P1,62200000000000000013,1000,20261205110240,SUCCESS");
        var reversal = UnionPayMapping.fileLine("REVERSAL,P2,P2,62200000000000000009,700,20261205111502,SUCCESS");

        assertThat(pay).isEqualTo(new org.hospay.channels.Statement.Line(org.hospay.channels.Statement.Kind.PAYMENT, "P1",
                "62200000000000000012", null, Money.ofFen(5350), Instant.parse("2026-12-05T02:14:03Z")));
        assertThat(refund.kind()).isEqualTo(org.hospay.channels.Statement.Kind.REFUND);
        assertThat(refund.outTradeNo()).isEqualTo("P1");
        assertThat(refund.outRefundNo()).isEqualTo("R1");
        assertThat(reversal.kind()).isEqualTo(org.hospay.channels.Statement.Kind.REVERSAL);
        assertThat(UnionPayMapping.fileLine("PAY,P3,,6220,100,20261205101403,FAILED").kind()).isEqualTo(org.hospay.channels.Statement.Kind.OTHER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"PAY,P1,,622,53.50,20261205101403,SUCCESS", "PAY,P1,,622,5350,2026-12-05 10:14:03,SUCCESS", "PAY,P1,622,5350"})
    void aDailyFileRowOutOfShapeIsRefused(String row) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UnionPayMapping.fileLine(row)).isInstanceOf(IllegalArgumentException.class);
    }
}
