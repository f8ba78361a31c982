package org.hospay.gateway.family;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Family proxy deduction (亲情代付), bound and validated at start-up.
 *
 * @param hospitalId        the hospital whose cards the mini-program binds (the HIS terminal's hospital)
 * @param callbackBaseUrl   where WeChat Pay and Alipay reach this gateway ({@code /callbacks/...}); empty: the
 *                          scheme, host and port of the mini-program request that starts the signing
 * @param wechatPlanId      the papay deduction template (plan_id) the payer signs
 * @param wechatHours       WeChat accepts papay deductions only in this Beijing-time window
 * @param zone              the zone of calendar days for limits and the WeChat window (Beijing)
 * @param hospitalRecordsUrl the hospital's patient index (card → holder) used to verify patients; empty: the simulator
 * @param notifierUrl       where payer messages are delivered; empty: the simulator's message box
 * @param notifyInterval    how often the outbox relay looks for messages to deliver
 * @param tokens            who issues mini-program users' bearer tokens
 * @param demoHis           the DEMO HIS terminal provisioned with {@code hospay.demo.provision=true}
 */
@Validated
@ConfigurationProperties("hospay.family")
public record FamilyProperties(
        @NotBlank String hospitalId,
        URI callbackBaseUrl,
        @Positive long wechatPlanId,
        @Valid @NotNull Hours wechatHours,
        @NotNull ZoneId zone,
        URI hospitalRecordsUrl,
        URI notifierUrl,
        @NotNull Duration notifyInterval,
        @Min(1) @Max(500) int notifyBatch,
        @Valid @NotNull Tokens tokens,
        @Valid @NotNull DemoHis demoHis) {

    public record Hours(@NotNull LocalTime from, @NotNull LocalTime until) {
        public Hours {
            if (from != null && until != null && !from.isBefore(until))
                throw new IllegalArgumentException("hospay.family.wechat-hours: from " + from + " must be before until " + until);
        }

        boolean contain(LocalTime t) {
            return !t.isBefore(from) && t.isBefore(until);
        }
    }

    /**
     * Mini-program bearer tokens. A real deployment names its issuer's JWK set, the {@code iss} its tokens carry
     * and the {@code aud} they are minted for (both required with a JWK set); the tokens carry the user's verified
     * real-name claims (docs/security.md); with {@code hospay.demo.provision=true} and no JWK set, the gateway's DEMO issuer's HS256
     * tokens are accepted instead. With neither, every mini-program request is refused.
     */
    public record Tokens(URI jwkSetUri, String issuer, String audience, @NotNull Duration demoTtl) {}

    public record DemoHis(@NotBlank String terminalId, @NotBlank String terminalSecret) {}

    /** An empty environment variable counts as not set. */
    static URI orElse(URI configured, URI fallback) {
        return configured == null || configured.toString().isBlank() ? fallback : configured;
    }
}
