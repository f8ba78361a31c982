package org.hospay.gateway.invoice;

import java.net.URI;
import java.time.Clock;
import org.hospay.channels.invoice.EInvoiceConfig;
import org.hospay.channels.invoice.EInvoicePlatform;
import org.hospay.channels.invoice.HttpEInvoicePlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The e-invoice platform's adapter, when invoices are on ({@code hospay.invoice.enabled}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({InvoiceProperties.class, EInvoiceChannelProperties.class})
class InvoiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InvoiceConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = "hospay.invoice.enabled", havingValue = "true")
    EInvoicePlatform eInvoicePlatform(EInvoiceChannelProperties p, @Value("${hospay.channels.simulator-url}") String simulatorUrl, Clock clock) {
        URI base = URI.create(p.baseUrl() == null || p.baseUrl().isBlank() ? simulatorUrl : p.baseUrl());
        EInvoiceConfig config;
        if (p.demoKeys()) {
            log.warn("e-invoice: DEMO partner in use (hospay.channels.einvoice.demo-keys=true); never against a real platform");
            config = EInvoiceConfig.demo(base);
        } else {
            if (p.partnerId() == null || p.secret() == null)
                throw new IllegalStateException("hospay.channels.einvoice.partner-id and .secret are required when demo-keys is false");
            config = new EInvoiceConfig(base, p.partnerId(), p.secret(), p.connectTimeout(), p.responseTimeout());
        }
        // The relay's backoff protects the platform (one call per due receipt per pass), so no breaker sits in front of it.
        return new HttpEInvoicePlatform(new EInvoiceConfig(config.baseUrl(), config.partnerId(), config.secret(),
                p.connectTimeout(), p.responseTimeout()), clock);
    }
}
