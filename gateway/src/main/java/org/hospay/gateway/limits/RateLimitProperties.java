package org.hospay.gateway.limits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hospay.rate-limits.*} (docs/api.md §4): token buckets in Redis, shared by every instance. Each limit is
 * {@code capacity} requests, refilled evenly over {@code period}. Every setting has a default here, so none is
 * needed in application.yml.
 *
 * <p>Defaults: a mini-program user verifies (or binds) at most 5 patients a minute, and a hospital card is
 * tried at most 10 times a minute by everyone together; a terminal id and a source address may fail
 * authentication 10 and 60 times a minute; a terminal creates at most 600 payments a second. That last one
 * is a brake on a stolen or runaway key, not a model of a cashier: the load test drives all its payments
 * through one window terminal at up to 200 a second (loadtest/, {@code peak.rate}, {@code capacity.*}).
 *
 * @param enabled      false turns every limit off
 * @param redisTimeout how long a limit waits for Redis; past it, or with Redis down, the request is let
 *                     through (fail open) and a warning is logged
 */
@Validated
@ConfigurationProperties("hospay.rate-limits")
public record RateLimitProperties(
        Boolean enabled,
        Duration redisTimeout,
        @Valid Limit verificationPerUser,
        @Valid Limit verificationPerCard,
        @Valid Limit authFailuresPerTerminal,
        @Valid Limit authFailuresPerAddress,
        @Valid Limit paymentsPerTerminal) {

    public RateLimitProperties {
        if (enabled == null) enabled = true;
        if (redisTimeout == null) redisTimeout = Duration.ofMillis(500);
        if (verificationPerUser == null) verificationPerUser = new Limit(5, Duration.ofMinutes(1));
        if (verificationPerCard == null) verificationPerCard = new Limit(10, Duration.ofMinutes(1));
        if (authFailuresPerTerminal == null) authFailuresPerTerminal = new Limit(10, Duration.ofMinutes(1));
        if (authFailuresPerAddress == null) authFailuresPerAddress = new Limit(60, Duration.ofMinutes(1));
        if (paymentsPerTerminal == null) paymentsPerTerminal = new Limit(600, Duration.ofSeconds(1));
    }

    /** At most {@code capacity} at once, refilled evenly: {@code capacity} per {@code period}. */
    public record Limit(@Min(1) long capacity, @NotNull Duration period) {}
}
