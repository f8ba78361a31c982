package org.hospay.simulator.insurance;

import java.security.KeyPair;
import java.time.Clock;
import org.hospay.code.AggregatedCodeIssuer;
import org.hospay.code.DemoKeys;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({PoolingPolicy.class, InpatientPoolingPolicy.class, InsuranceSimProperties.class})
class InsuranceSimConfiguration {

    @Bean
    HospitalProfile hospitalProfile(InsuranceSimProperties props) {
        return new HospitalProfile(props.hospitalLevel(), props.hospitalType());
    }

    /**
     * DEMO ONLY: the simulated platform signs its answers and its codes with the published demo key
     * ({@link DemoKeys}), so a gateway configured with the demo public keys trusts both.
     */
    @Bean
    InsuranceKeys insuranceKeys(InsuranceSimProperties props) {
        KeyPair platform = DemoKeys.platformKeyPair(props.platformKeyId());
        return InsuranceKeys.of(props, props.platformKeyId(), platform.getPrivate(), platform.getPublic());
    }

    @Bean
    AggregatedCodeIssuer aggregatedCodeIssuer(InsuranceKeys keys, Clock clock) {
        return new AggregatedCodeIssuer(keys.platformKeyId(), keys.platformPrivate(), clock);
    }
}
