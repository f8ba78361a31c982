package org.hospay.gateway.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce queues commands while it is disconnected and sends them once it reconnects. For the gateway a command
 * that cannot be sent now must fail now: the caller then answers from PostgreSQL (support.RedisSwitch) instead of
 * waiting out the command timeout, and no nonce or lock written minutes late lands in Redis after the fact.
 * Reconnect attempts back off to at most two seconds (Lettuce's default grows to 30 s), so a Redis that returns is
 * used again within a few seconds.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientOptions {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClientResourcesBuilderCustomizer reconnectWithinTwoSeconds() {
        return builder -> builder.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
    }
}
