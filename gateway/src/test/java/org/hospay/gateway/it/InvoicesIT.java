package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/finance.md §5: electronic receipts (医疗收费电子票据) through the simulator's fiscal e-invoice platform:
 * issued after a payment, issued later when the platform is down, red-flushed by a full refund, red-flushed and
 * re-issued by a partial one.
 */
class InvoicesIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Receipt(String kind, String status, long amountFen, String invoiceCode, String invoiceNo, String checkCode, String pdfUrl,
                   String verifyUrl, String issuedAt, String refundId) {}

    record Invoice(UUID paymentId, String status, Receipt current, List<Receipt> history) {}

    @AfterEach
    void platformBack() {
        Sim.clearFault("EINVOICE");
    }

    private Payments.View paid() {
        Sim.Person p = Sim.employee(0);
        Payments.View v = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(p, "WECHAT").code()));
        assertThat(v.status()).isEqualTo("SUCCEEDED");
        return v;
    }

    private Invoice invoice(UUID paymentId) {
        var r = window.get("/api/v1/payments/" + paymentId + "/invoice").expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(200);
        return JSON.readValue(r.getResponseBody(), Invoice.class);
    }

    /** Polls until the invoice's status is {@code status} and it has {@code receipts} receipts, all settled (bounded). */
    private Invoice awaitInvoice(UUID paymentId, String status, int receipts) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Invoice i = null;
        while (System.nanoTime() < deadline) {
            var r = window.get("/api/v1/payments/" + paymentId + "/invoice").expectBody(String.class).returnResult();
            if (r.getStatus().value() == 200) {
                i = JSON.readValue(r.getResponseBody(), Invoice.class);
                if (i.status().equals(status) && i.history().size() == receipts
                        && i.history().stream().noneMatch(x -> x.status().equals("PENDING"))) return i;
            }
            Payments.pause(200);
        }
        throw new AssertionError("invoice of " + paymentId + " not " + status + " with " + receipts + " receipts in 30 s: " + i);
    }

    private void refund(UUID paymentId, long fen) {
        var r = window.postWithKey("/api/v1/payments/" + paymentId + "/refunds", "{\"amountFen\":" + fen + ",\"reason\":\"退费\"}",
                UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(200);
        assertThat(r.getResponseBody()).contains("\"status\":\"SUCCEEDED\"");
    }

    @Test
    void aPaymentThatSucceededGetsAReceiptWithCodeNumberCheckCodePdfAndVerificationUrl() {
        Payments.View v = paid();

        Invoice i = awaitInvoice(v.paymentId(), "ISSUED", 1);

        assertThat(i.current().kind()).isEqualTo("BLUE");
        assertThat(i.current().amountFen()).isEqualTo(Bills.TOTAL);
        assertThat(i.current().invoiceCode()).matches("37\\d{8}");
        assertThat(i.current().invoiceNo()).matches("\\d{10}");
        assertThat(i.current().checkCode()).isNotBlank();
        byte[] pdf = WebClient.create().get().uri(i.current().pdfUrl()).retrieve().bodyToMono(byte[].class).block(Duration.ofSeconds(10));
        assertThat(new String(pdf, 0, 8)).startsWith("%PDF-1.");
        String page = WebClient.create().get().uri(i.current().verifyUrl()).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
        assertThat(page).contains(i.current().invoiceNo()).contains("有效");
        // Issued once, whatever the number of relay passes.
        Payments.pause(1500);
        assertThat(Sim.ledger("EINVOICE").stream().filter(e -> e.type().equals("ISSUE") && e.requestId().equals("E"
                + v.paymentId().toString().replace("-", "").substring(1)))).hasSize(1);
    }

    @Test
    void aReceiptTheplatformCouldNotIssueDuringAnOutageIsIssuedWhenItIsBack() {
        Sim.fault("EINVOICE", Map.of("errorRate", 1.0));
        Payments.View v = paid();
        Payments.pause(2500);

        Invoice during = invoice(v.paymentId());
        assertThat(during.status()).isEqualTo("PENDING");
        assertThat(during.current()).isNull();

        Sim.clearFault("EINVOICE");
        Invoice after = awaitInvoice(v.paymentId(), "ISSUED", 1);
        assertThat(after.current().amountFen()).isEqualTo(Bills.TOTAL);
    }

    @Test
    void aFullRefundRedFlushesTheReceipt() {
        Payments.View v = paid();
        Invoice first = awaitInvoice(v.paymentId(), "ISSUED", 1);

        refund(v.paymentId(), Bills.TOTAL);

        Invoice i = awaitInvoice(v.paymentId(), "RED_FLUSHED", 2);
        assertThat(i.current()).isNull();
        assertThat(i.history()).extracting(Receipt::kind, Receipt::status, Receipt::amountFen).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BLUE", "RED_FLUSHED", Bills.TOTAL), org.assertj.core.groups.Tuple.tuple("RED", "ISSUED", Bills.TOTAL));
        String page = WebClient.create().get().uri(first.current().verifyUrl()).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
        assertThat(page).contains("已冲红");
    }

    @Test
    void aPartialRefundRedFlushesTheReceiptAndReissuesOneForWhatStaysPaid() {
        Payments.View v = paid();
        awaitInvoice(v.paymentId(), "ISSUED", 1);

        refund(v.paymentId(), 1000);
        Invoice once = awaitInvoice(v.paymentId(), "ISSUED", 3);
        refund(v.paymentId(), 350);
        Invoice twice = awaitInvoice(v.paymentId(), "ISSUED", 5);

        assertThat(once.current().amountFen()).isEqualTo(Bills.TOTAL - 1000);
        assertThat(twice.current().amountFen()).isEqualTo(Bills.TOTAL - 1350);
        assertThat(twice.history()).extracting(Receipt::kind, Receipt::status, Receipt::amountFen).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BLUE", "RED_FLUSHED", Bills.TOTAL),
                org.assertj.core.groups.Tuple.tuple("RED", "ISSUED", Bills.TOTAL),
                org.assertj.core.groups.Tuple.tuple("BLUE", "RED_FLUSHED", Bills.TOTAL - 1000),
                org.assertj.core.groups.Tuple.tuple("RED", "ISSUED", Bills.TOTAL - 1000),
                org.assertj.core.groups.Tuple.tuple("BLUE", "ISSUED", Bills.TOTAL - 1350));
    }

    @Test
    void aPaymentOfAnotherHospitalOrThatNeverSucceededHasNoInvoiceToShow() {
        var r = window.get("/api/v1/payments/" + UUID.randomUUID() + "/invoice").expectBody(String.class).returnResult();
        assertThat(r.getStatus().value()).isEqualTo(404);
        assertThat(r.getResponseBody()).contains("PAYMENT_NOT_FOUND");
    }
}
