package org.hospay.channels.bank;

import static org.assertj.core.api.Assertions.assertThat;

import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.bank.CreditBank.BatchReceipt;
import org.hospay.channels.bank.CreditBank.BatchResult;
import org.hospay.channels.bank.CreditBank.CustomerState;
import org.hospay.channels.bank.CreditBank.CustomerStatus;
import org.hospay.channels.commercial.HmacSigning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@link BankMapping} and the X-Bank signatures against exchanges recorded from the bank simulator. */
class BankMappingTest {

    static <T> Outcome<T> json(String fixture, java.util.function.Function<JsonNode, T> map) {
        return BankMapping.outcome(BankMapping.JSON.readTree(BankFixtures.body(BankFixtures.exchange(fixture))), map);
    }

    static Outcome<BatchResult> result(String fixture) {
        JsonNode e = BankFixtures.exchange(fixture);
        return BankMapping.result(e.path("status").asInt(), e.path("headers").path("content-type").asString(), BankFixtures.body(e));
    }

    @Test
    void anActiveCustomerWithTheirLine() {
        Outcome<CustomerStatus> o = json("customer-active", BankMapping::customer);

        assertThat(o).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            CustomerStatus c = (CustomerStatus) s.value();
            assertThat(c.state()).isEqualTo(CustomerState.ACTIVE);
            assertThat(c.creditLine()).isEqualTo(Money.ofFen(500_000));
            assertThat(c.available()).isEqualTo(Money.ofFen(500_000));
        });
    }

    @Test
    void aReceiptCountsTheFile() {
        Outcome<BatchReceipt> o = json("batch-accepted", BankMapping::receipt);

        assertThat(o).isEqualTo(Outcome.succeeded(new BatchReceipt("B20261123-0001", 4, Money.ofFen(29_250))));
    }

    @Test
    void theResultFileIsTheBatchResultAndProcessingIsPending() {
        assertThat(result("result-file")).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(((BatchResult) s.value()).deducted()).isEqualTo(Money.ofFen(23_450)));
        assertThat(result("result-processing.handmade")).isEqualTo(Outcome.pending("PROCESSING"));
    }

    @ParameterizedTest
    @CsvSource({"customer-not-found, NO_SUCH_CUSTOMER", "batch-duplicate, DUPLICATE_BATCH", "batch-not-found, BATCH_NOT_FOUND"})
    void refusalsAreDeclinesWithTheBanksCode(String fixture, String code) {
        assertThat(json(fixture, d -> d)).isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"system-error", "unknown-code.handmade"})
    void aSystemErrorOrAnUnknownCodeIsUnknown(String fixture) {
        assertThat(json(fixture, d -> d)).isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void aResultFileThatDoesNotAddUpIsUnknownSoItIsFetchedAgain() {
        JsonNode e = BankFixtures.exchange("result-file");
        byte[] broken = e.path("body").asString().replace("T00000004", "T00000005").getBytes();

        assertThat(BankMapping.result(200, "text/plain", broken)).isInstanceOf(Outcome.Unknown.class);
    }

    // ------------------------------------------------------------------ X-Bank signatures, both ways

    /** One ASCII character near the middle replaced by another. */
    static String oneByteChanged(String s) {
        int i = s.length() / 2;
        while (s.charAt(i) > 0x7e) i++;
        return s.substring(0, i) + (s.charAt(i) == 'x' ? 'y' : 'x') + s.substring(i + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer-active", "batch-accepted", "result-file", "system-error"})
    void aRecordedAnswerIsSignedByTheBankAndOneChangedByteBreaksIt(String fixture) {
        JsonNode e = BankFixtures.exchange(fixture);
        JsonNode h = e.path("headers");
        String body = e.path("body").asString();
        int status = e.path("status").asInt();

        String expected = HmacSigning.answer(org.hospay.channels.demo.DemoKeys.bankSecret(), status, h.path("x-bank-timestamp").asString(),
                h.path("x-bank-nonce").asString(), body.getBytes());
        String tampered = HmacSigning.answer(org.hospay.channels.demo.DemoKeys.bankSecret(), status, h.path("x-bank-timestamp").asString(),
                h.path("x-bank-nonce").asString(), oneByteChanged(body).getBytes());

        assertThat(HmacSigning.matches(expected, h.path("x-bank-signature").asString())).isTrue();
        assertThat(HmacSigning.matches(tampered, h.path("x-bank-signature").asString())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer-active", "batch-accepted", "result-file"})
    void aRecordedRequestIsSignedByUsAndOneChangedByteBreaksIt(String fixture) {
        JsonNode e = BankFixtures.exchange(fixture + ".request");
        JsonNode h = e.path("headers");
        String body = e.path("body").asString();

        String expected = HmacSigning.request(org.hospay.channels.demo.DemoKeys.bankSecret(), e.path("method").asString(), e.path("path").asString(),
                h.path("x-bank-timestamp").asString(), h.path("x-bank-nonce").asString(), body.getBytes());

        assertThat(HmacSigning.matches(expected, h.path("x-bank-signature").asString())).isTrue();
        if (!body.isEmpty()) {
            String tampered = HmacSigning.request(org.hospay.channels.demo.DemoKeys.bankSecret(), e.path("method").asString(), e.path("path").asString(),
                    h.path("x-bank-timestamp").asString(), h.path("x-bank-nonce").asString(), oneByteChanged(body).getBytes());
            assertThat(HmacSigning.matches(tampered, h.path("x-bank-signature").asString())).isFalse();
        }
    }
}
