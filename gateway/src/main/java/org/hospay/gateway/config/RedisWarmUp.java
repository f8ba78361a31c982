package org.hospay.gateway.config;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Spring Data Redis opens its shared Lettuce connection lazily with a blocking wait on first use,
 * which would land on a Netty event loop with the first request. Opening it here, after the
 * connection factory has started and before the web server accepts traffic, keeps the event loops
 * non-blocking; Lettuce reconnects that connection by itself later. If Redis is down at start the
 * gateway still starts (health reports DOWN) and connects on use.
 */
@Component
class RedisWarmUp implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisWarmUp.class);
    private final ReactiveRedisConnectionFactory factory;
    private volatile boolean running;

    RedisWarmUp(ReactiveRedisConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void start() {
        running = true;
        try {
            factory.getReactiveConnection().ping().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("Redis not reachable at start-up ({}); the gateway starts and reports DOWN until it is", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the connection factory (phase 0), before the web server (phase near Integer.MAX_VALUE). */
    @Override
    public int getPhase() {
        return 100;
    }
}
