package org.hospay.gateway.channel;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The channels' circuit breakers record every call's outcome on Netty's event loops. Their default sliding window
 * takes a ReentrantLock, and two loops recording at once park one of them (BlockHound caught it in RedisOutageIT:
 * the error it raised inside the breaker was dropped and that payment's run never ended). The lock-free window
 * never parks. Set on the {@code default} config, which every channel's instance takes as its base.
 */
@Configuration(proxyBeanMethods = false)
class BreakerWindows {

    @Bean
    CircuitBreakerConfigCustomizer lockFreeBreakerWindows() {
        return CircuitBreakerConfigCustomizer.of("default", b -> b.slidingWindowSynchronizationStrategy(SlidingWindowSynchronizationStrategy.LOCK_FREE));
    }
}
