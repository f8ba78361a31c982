package org.hospay.gateway.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /** One clock for every time decision, so tests can inject a fixed or offset one. */
    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
