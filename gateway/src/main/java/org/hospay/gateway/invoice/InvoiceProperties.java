package org.hospay.gateway.invoice;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hospay.invoice.*}: whether receipts are issued (off unless the hospital has a fiscal e-invoice platform;
 * the demo profile turns it on against the simulator), how often the relay looks for work, how many receipts a
 * pass sends, how far back it looks for payments and refunds without one, and how often it looks that far back
 * (between those full sweeps it looks only at what completed since its last pass: SweepWindow).
 */
@ConfigurationProperties("hospay.invoice")
public record InvoiceProperties(Boolean enabled, Duration interval, Integer batch, Duration lookBack, Duration fullSweepEvery) {

    public InvoiceProperties {
        if (enabled == null) enabled = false;
        if (interval == null) interval = Duration.ofSeconds(1);
        if (batch == null) batch = 50;
        if (lookBack == null) lookBack = Duration.ofDays(3);
        if (fullSweepEvery == null) fullSweepEvery = Duration.ofMinutes(5);
    }
}
