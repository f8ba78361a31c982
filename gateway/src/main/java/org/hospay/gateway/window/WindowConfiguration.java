package org.hospay.gateway.window;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

@Configuration(proxyBeanMethods = false)
class WindowConfiguration {

    /** One pub/sub connection per instance, shared by every window stream it serves. */
    @Bean(destroyMethod = "destroy")
    ReactiveRedisMessageListenerContainer windowListeners(ReactiveRedisConnectionFactory factory) {
        return new ReactiveRedisMessageListenerContainer(factory);
    }
}
