package org.hospay.simulator.insurance;

import org.hospay.channels.insurance.Sm2Keys;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({PoolingPolicy.class, InsuranceSimProperties.class})
class InsuranceSimConfiguration {

    /** DEMO ONLY placeholder platform key, until the shared demo keys are wired in. */
    private static final String DEMO_ONLY_PLATFORM_PRIVATE = "6716ba9f5a52aba58c486689f8d0f036588b3219cebb0f0435f3e9e10554820e";
    private static final String DEMO_ONLY_PLATFORM_PUBLIC =
            "04bd2967aed85393443629cff2f287330b3cd67961f6dc6615c5fda43ce01478e3f3152d517e6049b311e80d2b9f7381c18c2ebd4bb5227cfffdcc0c2d3c084a8f";

    @Bean
    HospitalProfile hospitalProfile(InsuranceSimProperties props) {
        return new HospitalProfile(props.hospitalLevel(), props.hospitalType());
    }

    @Bean
    InsuranceKeys insuranceKeys(InsuranceSimProperties props) {
        return InsuranceKeys.of(props, "demo-2026", Sm2Keys.privateKey(DEMO_ONLY_PLATFORM_PRIVATE), Sm2Keys.publicKey(DEMO_ONLY_PLATFORM_PUBLIC));
    }
}
