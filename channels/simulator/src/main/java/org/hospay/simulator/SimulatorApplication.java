package org.hospay.simulator;

import java.time.Clock;
import org.hospay.simulator.clock.AdjustableClock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The vendor side of every channel the gateway talks to, for tests, demos and load tests. Port 9090 (env SIM_PORT). */
@SpringBootApplication
@EnableConfigurationProperties(SigningProperties.class)
public class SimulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(SimulatorApplication.class, args);
    }

    /** Real time unless a test moved it ({@code PUT /sim/clock}); every simulator's business rules read this. */
    @Bean
    AdjustableClock clock() {
        return new AdjustableClock(Clock.systemDefaultZone());
    }
}
