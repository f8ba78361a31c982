package org.hospay.gateway.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hospay.gateway.it.Bills;
import org.hospay.gateway.it.GatewayIntegrationTest;
import org.hospay.gateway.it.Payments;
import org.hospay.gateway.it.Sim;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every instance runs the invoice relay, so two can write the same refund's red-flush: the second one finds it
 * written (both derive the same out_no from the refund) and does nothing, instead of failing its whole pass.
 */
class InvoiceRelaysIT extends GatewayIntegrationTest {

    @Autowired
    InvoiceStore store;

    private List<String> receipts(UUID paymentId) {
        return db.sql("SELECT kind || ' ' || status || ' ' || amount_fen AS r FROM invoice WHERE payment_id = :p ORDER BY created_at, kind")
                .bind("p", paymentId).map(r -> r.get("r", String.class)).all().collectList().block(Duration.ofSeconds(5));
    }

    private List<String> awaitReceipts(UUID paymentId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> now = receipts(paymentId);
        while ((now.size() != count || now.stream().anyMatch(r -> r.contains("PENDING"))) && System.nanoTime() < deadline) {
            reactor.core.publisher.Mono.delay(Duration.ofMillis(200)).block();
            now = receipts(paymentId);
        }
        assertThat(now).as("receipts of %s", paymentId).hasSize(count).noneMatch(r -> r.contains("PENDING"));
        return now;
    }

    @Test
    void aRefundsRedFlushWrittenByAnotherInstanceIsLeftAsItIs() {
        Payments.View paid = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.voucher(Sim.employee(0), "WECHAT").code()));
        assertThat(paid.status()).isEqualTo("SUCCEEDED");
        awaitReceipts(paid.paymentId(), 1);
        var refund = window.postWithKey("/api/v1/payments/" + paid.paymentId() + "/refunds", "{\"amountFen\":1000,\"reason\":\"退费\"}",
                UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(refund.getStatus().value()).as(refund.getResponseBody()).isEqualTo(200);
        UUID refundId = UUID.fromString(refund.getResponseBody().replaceAll("(?s).*\"refundId\":\"([^\"]+)\".*", "$1"));
        List<String> flushed = awaitReceipts(paid.paymentId(), 3);

        // What another instance's relay does when it picked the same refund in the same pass.
        store.flushFor(new InvoiceStore.RefundToFlush(refundId, paid.paymentId(), Bills.TOTAL - 1000, false, 0, 0))
                .block(Duration.ofSeconds(5));

        assertThat(receipts(paid.paymentId())).isEqualTo(flushed);
    }
}
