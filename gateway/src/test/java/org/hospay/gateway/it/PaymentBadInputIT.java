package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bad-input refusals of docs/api.md §6.1: each malformed payment gets its documented 4xx and writes nothing. */
class PaymentBadInputIT extends GatewayIntegrationTest {

    private long paymentsBefore;
    private String wechatCode;

    @BeforeEach
    void countAndCode() {
        paymentsBefore = count("payment");
        wechatCode = Sim.wallet("WECHAT", 100_000).authCode();
    }

    private long count(String table) {
        return db.sql("SELECT count(*) AS n FROM " + table).map(r -> r.get("n", Long.class)).one().block();
    }

    static Stream<Arguments> malformed() {
        String items = """
                "items":[{"code":"X001","name":"药","category":"DRUG","quantity":2,"priceFen":1175,"amountFen":2350}]""";
        return Stream.of(
                Arguments.of("not JSON", "{\"billNo\":", "MALFORMED_REQUEST"),
                Arguments.of("a JSON array", "[]", "MALFORMED_REQUEST"),
                Arguments.of("no bill number", "{\"scannedCode\":\"CODE\"," + items + ",\"totalFen\":2350}", "INVALID_BILL_NO"),
                Arguments.of("total does not add up", "{\"billNo\":\"B1\",\"scannedCode\":\"CODE\"," + items + ",\"totalFen\":2351}", "AMOUNT_MISMATCH"),
                Arguments.of("negative total", "{\"billNo\":\"B1\",\"scannedCode\":\"CODE\"," + items + ",\"totalFen\":-2350}", "INVALID_AMOUNT"),
                Arguments.of("fractional fen", "{\"billNo\":\"B1\",\"scannedCode\":\"CODE\"," + items + ",\"totalFen\":2350.5}", "INVALID_AMOUNT"),
                Arguments.of("amount as a string", "{\"billNo\":\"B1\",\"scannedCode\":\"CODE\"," + items + ",\"totalFen\":\"2350\"}", "MALFORMED_REQUEST"),
                Arguments.of("line amount is not quantity x price", "{\"billNo\":\"B1\",\"scannedCode\":\"CODE\",\"items\":[{\"code\":\"X\",\"name\":\"药\",\"category\":\"DRUG\",\"quantity\":2,\"priceFen\":1175,\"amountFen\":2000}],\"totalFen\":2000}", "AMOUNT_MISMATCH"),
                Arguments.of("unknown category", "{\"billNo\":\"B1\",\"scannedCode\":\"CODE\",\"items\":[{\"code\":\"X\",\"name\":\"药\",\"category\":\"FOOD\",\"quantity\":1,\"priceFen\":100,\"amountFen\":100}],\"totalFen\":100}", "INVALID_CATEGORY"),
                Arguments.of("no items", "{\"billNo\":\"B1\",\"scannedCode\":\"CODE\",\"items\":[],\"totalFen\":100}", "INVALID_ITEMS"),
                Arguments.of("no code, session or card", "{\"billNo\":\"B1\"," + items + ",\"totalFen\":2350}", "PAYMENT_SOURCE_REQUIRED"),
                Arguments.of("garbage code", "{\"billNo\":\"B1\",\"scannedCode\":\"hello\"," + items + ",\"totalFen\":2350}", "INVALID_CODE"),
                Arguments.of("ID number with a bad check digit", "{\"billNo\":\"B1\",\"scannedCode\":\"11010519491231003X\"," + items + ",\"totalFen\":2350}", "INVALID_CODE"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("malformed")
    void aMalformedPaymentIsRefusedWithItsCodeAndWritesNothing(String why, String body, String code) {
        window.postWithKey("/api/v1/payments", body.replace("CODE", wechatCode), UUID.randomUUID().toString())
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo(code).jsonPath("$.error.message").isNotEmpty();
        assertThat(count("payment")).isEqualTo(paymentsBefore);
    }

    @Test
    void aMissingIdempotencyKeyIsRefused() {
        window.post("/api/v1/payments", Bills.bill(Bills.newBillNo(), wechatCode))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(count("payment")).isEqualTo(paymentsBefore);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeAnyHandler() {
        String huge = Bills.bill(Bills.newBillNo(), wechatCode).replace("阿莫西林胶囊", "药".repeat(40_000));
        window.postWithKey("/api/v1/payments", huge, UUID.randomUUID().toString())
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.error.code").isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(count("payment")).isEqualTo(paymentsBefore);
    }

    @Test
    void anExpiredCodeIsRefused() {
        Sim.Person p = Sim.employee(0);
        String code = Sim.voucher(p, "WECHAT", java.util.Map.of("validitySeconds", 1)).code();
        await(1500);
        window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), code), UUID.randomUUID().toString())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("CODE_EXPIRED");
        assertThat(count("payment")).isEqualTo(paymentsBefore);
    }

    @Test
    void aTamperedCodeIsRefused() {
        String code = Sim.voucher(Sim.employee(0), null).code();
        String tampered = Sim.tamperSignature(code);
        window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), tampered), UUID.randomUUID().toString())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("INVALID_CODE");
        assertThat(count("payment")).isEqualTo(paymentsBefore);
    }

    @Test
    void aCodeUsedForOneBillIsRefusedForAnother() {
        Sim.Person p = Sim.employee(100_000);
        String code = Sim.voucher(p, null).code();
        window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), code), UUID.randomUUID().toString())
                .expectStatus().is2xxSuccessful();
        long after = count("payment");

        window.postWithKey("/api/v1/payments", Bills.bill(Bills.newBillNo(), code), UUID.randomUUID().toString())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("CODE_REPLAYED");
        assertThat(count("payment")).isEqualTo(after);
    }

    private static void await(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
