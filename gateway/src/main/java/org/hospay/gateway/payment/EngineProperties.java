package org.hospay.gateway.payment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the payment engine runs. Unknown outcomes are resolved on each channel's schedule (query
 * every {@code interval} until {@code maxWait}, then reverse), defaults from the vendors' own
 * guidance (docs/architecture.md §5.1, channels/docs): WeChat query from 5 s up to 30 s; Alipay 5 s x 5; UnionPay
 * and insurance a few seconds. {@code maxInFlight} bounds the new payments this instance runs at once:
 * past it a payment is refused with 503 before anything is written, instead of every payment waiting
 * for database connections until all of them time out.
 */
@Validated
@ConfigurationProperties("hospay.engine")
public record EngineProperties(
        @NotNull Mode mode,
        @NotNull Duration answerWithin,
        @NotNull Duration lease,
        @NotNull Duration recoveryInterval,
        @NotNull Duration recoveryIdle,
        @NotNull Duration awaitingCodeTtl,
        @NotNull Duration compensationBackoff,
        @jakarta.validation.constraints.Min(1) int maxInFlight,
        @Valid @NotNull Map<String, Schedule> schedules) {

    /** CONCURRENT is the product; SEQUENTIAL (settle, then charge) exists only as the load test's baseline. */
    public enum Mode { CONCURRENT, SEQUENTIAL }

    public record Schedule(@NotNull Duration firstQueryAfter, @NotNull Duration interval, @NotNull Duration maxWait) {}

    public Schedule schedule(String channel) {
        Schedule s = schedules.get(channel);
        if (s == null) s = schedules.get("DEFAULT");
        if (s == null) throw new IllegalStateException("no hospay.engine.schedules." + channel + " and no DEFAULT");
        return s;
    }
}
