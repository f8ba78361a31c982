package org.hospay.gateway.limits;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.RedisSwitch;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The gateway's rate limits ({@link RateLimitProperties}): each one takes a token from a bucket per subject and
 * answers whether that was still allowed. Keys are hashed (a card number or an address never sits in Redis in
 * clear) and start with the gateway's Redis prefix.
 *
 * <p>Redis down or slow degrades to this instance's own buckets ({@link LocalBuckets}): a limit that cannot be asked
 * in {@code redis-timeout} is counted in memory, and the log says so (at most once per {@link #WARN_EVERY}). Refusing
 * every patient because the shared limiter is away would be worse than limiting per instance for a while; should
 * even the local count fail, the request is let through.
 */
@Component
public class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    static final Duration WARN_EVERY = Duration.ofSeconds(10);

    private final Buckets buckets;
    private final Buckets local;
    private final RateLimitProperties props;
    private final String prefix;
    /** True while Redis is known to be away: then the local buckets are asked without waiting for Redis first. */
    private java.util.function.BooleanSupplier redisAway = () -> false;
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

    @org.springframework.beans.factory.annotation.Autowired
    RateLimits(Buckets buckets, RateLimitProperties props, GatewayProperties gateway, RedisSwitch redisSwitch) {
        this(buckets, props, gateway.redis().keyPrefix());
        this.redisAway = redisSwitch::degraded;
    }

    RateLimits(Buckets buckets, RateLimitProperties props, String redisPrefix) {
        this.buckets = buckets;
        this.local = new LocalBuckets(java.util.stream.Stream.of(props.verificationPerUser(), props.verificationPerCard(),
                        props.authFailuresPerTerminal(), props.authFailuresPerAddress(), props.paymentsPerTerminal())
                .map(RateLimitProperties.Limit::period).max(Duration::compareTo).orElse(Duration.ofMinutes(1)));
        this.props = props;
        this.prefix = redisPrefix + ":rl:";
    }

    /**
     * A patient verification or binding (each asks the hospital's records and the insurance platform): per
     * mini-program user and per hospital card. Errors with 429 {@code RATE_LIMITED} when either is spent.
     */
    public Mono<Void> verification(String userId, String cardNo) {
        return take("verify-user", props.verificationPerUser(), userId)
                .flatMap(user -> user.isPresent() ? Mono.just(user) : take("verify-card", props.verificationPerCard(), cardNo))
                .flatMap(refused -> refused.isPresent()
                        ? Mono.<Void>error(ApiException.rateLimited("too many patient verifications; try again later", refused.get()))
                        : Mono.<Void>empty());
    }

    /** A new payment (or HIS bill) by a terminal. Errors with 429 {@code RATE_LIMITED} when spent. */
    public Mono<Void> newPayment(String terminalId) {
        return take("pay", props.paymentsPerTerminal(), terminalId)
                .flatMap(refused -> refused.isPresent()
                        ? Mono.<Void>error(ApiException.rateLimited("too many new payments from this terminal; try again later", refused.get()))
                        : Mono.<Void>empty());
    }

    /**
     * Counts one failed terminal authentication against the terminal id it claimed and the address it came from
     * (either may be null). Answers when to come back if either budget was already spent, else empty.
     * Only failures are counted, so an attacker spending a terminal's budget never locks that terminal out.
     */
    public Mono<Optional<Duration>> authFailure(String terminalId, String address) {
        Mono<Optional<Duration>> byTerminal = terminalId == null ? Mono.just(Optional.empty())
                : take("auth-terminal", props.authFailuresPerTerminal(), terminalId);
        Mono<Optional<Duration>> byAddress = address == null ? Mono.just(Optional.empty())
                : take("auth-address", props.authFailuresPerAddress(), address);
        return Mono.zip(byTerminal, byAddress, RateLimits::longer);
    }

    private Mono<Optional<Duration>> take(String name, RateLimitProperties.Limit limit, String subject) {
        if (!props.enabled()) return Mono.just(Optional.empty());
        String key = prefix + name + ":" + hashed(subject);
        return (redisAway.getAsBoolean() ? local.tryConsume(key, limit) : buckets.tryConsume(key, limit))
                .timeout(props.redisTimeout())
                .onErrorResume(e -> {
                    warnLocal(name, e);
                    return local.tryConsume(key, limit);
                })
                .map(p -> p.consumed() ? Optional.<Duration>empty() : Optional.of(p.retryAfter()))
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(e -> Mono.just(Optional.empty()));
    }

    private void warnLocal(String name, Throwable e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY.toNanos()) && lastWarning.compareAndSet(last, now)) {
            log.warn("rate limit {} counted by this instance alone (Redis did not answer: {}); further such warnings muted for {}",
                    name, e.toString(), WARN_EVERY);
        }
    }

    static String hashed(String subject) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(subject.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a.get().compareTo(b.get()) >= 0 ? a : b;
    }
}
