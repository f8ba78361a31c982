package org.hospay.gateway.credit;

import java.net.URI;
import java.time.Clock;
import org.hospay.channels.bank.BankConfig;
import org.hospay.channels.bank.CreditBank;
import org.hospay.channels.bank.HttpCreditBank;
import org.hospay.gateway.channel.ChannelsProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Credit care's counterparties: the bank (pay-after batch, customer standing) and the patient message box. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CreditProperties.class)
class CreditConfiguration {

    @Bean
    CreditClock creditClock(Clock clock) {
        return new CreditClock(clock);
    }

    /**
     * Signature timestamps use the gateway's real clock (the bank checks them against its own); business
     * dates come from {@link CreditClock}. Without merchant credentials (and outside demo mode) the bank
     * is built with none and every call is refused before sending.
     */
    @Bean
    CreditBank creditBank(CreditProperties props, ChannelsProperties channels, Clock clock) {
        CreditProperties.Bank b = props.bank();
        URI base = b.baseUrl() == null || b.baseUrl().toString().isBlank() ? channels.simulatorUrl() : b.baseUrl();
        BankConfig config = b.demoKeys() ? new BankConfig(base, "HOSPAY-DEMO-BANK", org.hospay.channels.demo.DemoKeys.bankSecret(), b.connectTimeout(), b.responseTimeout())
                : b.merchantNo() == null || b.merchantNo().isBlank() || b.secret() == null
                ? null
                : new BankConfig(base, b.merchantNo(), b.secret(), b.connectTimeout(), b.responseTimeout());
        return config == null ? new UnconfiguredBank() : new HttpCreditBank(config, clock);
    }

    /** The hospital's patient index: the one family proxy asks (hospay.family.hospital-records-url), else the simulator's. */
    @Bean
    CardRegister cardRegister(ChannelsProperties channels, org.springframework.core.env.Environment env) {
        String url = env.getProperty("hospay.family.hospital-records-url", "");
        return new CardRegister(url.isBlank() ? channels.simulatorUrl() : URI.create(url));
    }

    @Bean
    PatientNotifier patientNotifier(CreditProperties props, ChannelsProperties channels) {
        URI url = props.notifierUrl() == null || props.notifierUrl().toString().isBlank() ? channels.simulatorUrl() : props.notifierUrl();
        return new PatientNotifier(url);
    }
}
