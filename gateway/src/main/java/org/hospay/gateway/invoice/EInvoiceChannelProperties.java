package org.hospay.gateway.invoice;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hospay.channels.einvoice.*}: the fiscal e-invoice platform (channels/docs/einvoice.md). {@code base-url}
 * empty: the simulator's ({@code hospay.channels.simulator-url}); {@code demo-keys} only in demo mode (DemoKeyGuard).
 */
@ConfigurationProperties("hospay.channels.einvoice")
public record EInvoiceChannelProperties(String baseUrl, String partnerId, String secret, Boolean demoKeys,
                                        Duration connectTimeout, Duration responseTimeout) {

    public EInvoiceChannelProperties {
        if (demoKeys == null) demoKeys = false;
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(1);
        if (responseTimeout == null) responseTimeout = Duration.ofSeconds(5);
    }
}
