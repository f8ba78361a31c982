package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Calls to the payment API as a window makes them, and its answers as records. */
public final class Payments {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Payments() {}

    public record Insurance(long fundPayFen, long accountPayFen, String settlementId, Pooling pooling) {}

    /** docs/api.md §6.1 insurance.pooling. */
    public record Pooling(String eligibility, String hospitalLevel, Integer ratioPercent, Long inScopeFen, Long notReimbursableFen,
                          Long deductibleFen, Long deductibleAppliedFen, Long deductibleRemainingFen,
                          Long annualCapFen, Long annualCapUsedFen, Long annualCapRemainingFen,
                          String signing, String hospitalSpecialty, String platformNote) {}

    public record SelfPay(String method, long amountFen, String channelTradeNo) {}

    public record Failure(String code, String message) {}

    public record Commercial(String insurer, String claimNo, long amountFen, String status) {}

    public record View(UUID paymentId, String billNo, String status, long totalFen, Insurance insurance, SelfPay selfPay,
                       Commercial commercial,
                       Failure failure, String source, String sourceKind, String windowId, boolean awaitingPaymentCode,
                       long refundedFen, String createdAt, String completedAt) {}

    public record Answer(int status, View view, String location) {}

    /** POST /api/v1/payments; the HTTP status and the payment. */
    public static Answer post(SignedClient window, String bill, String key) {
        var result = window.postWithKey("/api/v1/payments", bill, key).expectBody(String.class).returnResult();
        int status = result.getStatus().value();
        assertThat(status).as("payment answer: %s", result.getResponseBody()).isIn(200, 202);
        return new Answer(status, JSON.readValue(result.getResponseBody(), View.class), result.getResponseHeaders().getFirst("Location"));
    }

    /** Pays and, if the answer is 202, polls until the payment is final. */
    public static View pay(SignedClient window, String bill) {
        Answer a = post(window, bill, UUID.randomUUID().toString());
        return a.status() == 200 ? a.view() : awaitFinal(window, a.view().paymentId(), Duration.ofSeconds(30));
    }

    public static View presentCode(SignedClient window, UUID paymentId, String code) {
        var result = window.postWithKey("/api/v1/payments/" + paymentId + "/codes", "{\"scannedCode\":\"" + code + "\"}",
                UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(result.getStatus().value()).as("code answer: %s", result.getResponseBody()).isIn(200, 202);
        View v = JSON.readValue(result.getResponseBody(), View.class);
        return result.getStatus().value() == 200 ? v : awaitFinal(window, paymentId, Duration.ofSeconds(30));
    }

    public static View get(SignedClient window, UUID paymentId) {
        return JSON.readValue(window.get("/api/v1/payments/" + paymentId).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody(), View.class);
    }

    public static List<View> byBill(SignedClient window, String billNo) {
        return List.of(JSON.readValue(window.get("/api/v1/payments?billNo=" + billNo).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody(), View[].class));
    }

    /** Polls GET until the payment leaves PENDING (bounded), the way a window follows a 202. */
    public static View awaitFinal(SignedClient window, UUID paymentId, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        View v = get(window, paymentId);
        while (v.status().equals("PENDING") && System.nanoTime() < deadline) {
            pause(200);
            v = get(window, paymentId);
        }
        return v;
    }

    /** The order number the engine uses for a payment's charge (PaymentEngine.outTradeNo). */
    public static String outTradeNo(UUID paymentId) {
        return "P" + paymentId.toString().replace("-", "").substring(1);
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
