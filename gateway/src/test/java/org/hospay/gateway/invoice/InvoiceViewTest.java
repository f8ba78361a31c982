package org.hospay.gateway.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoiceViewTest {

    private static final UUID PAYMENT = UUID.randomUUID();

    private static InvoiceStore.Row row(String kind, String status, long fen, UUID refund) {
        return new InvoiceStore.Row(UUID.randomUUID(), PAYMENT, kind, "E1", fen, 0, 0, "RED".equals(kind) ? UUID.randomUUID() : null, refund, status,
                "ISSUED".equals(status) || "RED_FLUSHED".equals(status) ? "37260001" : null, "0000000001", "ABC", "http://pdf", "http://verify",
                Instant.now(), 0, null, Instant.now(), "B1", "[]");
    }

    @Test
    void theCurrentReceiptIsTheLastOneIssuedAndNotRedFlushed() {
        UUID refund = UUID.randomUUID();
        var v = InvoiceController.view(PAYMENT, List.of(row("BLUE", "RED_FLUSHED", 5350, null), row("RED", "ISSUED", 5350, refund),
                row("BLUE", "ISSUED", 4350, refund)));
        assertThat(v.status()).isEqualTo("ISSUED");
        assertThat(v.current().amountFen()).isEqualTo(4350);
        assertThat(v.history()).hasSize(3);
    }

    @Test
    void aReceiptWaitingForThePlatformIsPendingAndAFullyRefundedPaymentHasNoneStanding() {
        assertThat(InvoiceController.view(PAYMENT, List.of(row("BLUE", "PENDING", 5350, null))).status()).isEqualTo("PENDING");
        var flushed = InvoiceController.view(PAYMENT, List.of(row("BLUE", "RED_FLUSHED", 5350, null), row("RED", "ISSUED", 5350, UUID.randomUUID())));
        assertThat(flushed.status()).isEqualTo("RED_FLUSHED");
        assertThat(flushed.current()).isNull();
    }
}
