package org.hospay.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the gateway reads from configuration, bound and validated at start-up: a bad value
 * stops the application with a message naming the property and the value (Boot's binding failure
 * analyzer does the naming).
 */
@Validated
@ConfigurationProperties("hospay")
public record GatewayProperties(
        @Valid @NotNull Auth auth,
        @Valid @NotNull Security security,
        @Valid @NotNull Codes codes,
        @Valid @NotNull Redis redis,
        @Valid @NotNull Demo demo) {

    /**
     * Terminal request signing (docs/api.md §3). {@code unknownTerminalTtl} (default 10 s): how long a terminal id
     * the database does not know is remembered as unknown, so a flood of made-up ids costs no query each.
     */
    public record Auth(
            @NotNull Duration maxSkew,
            @NotNull Duration nonceTtl,
            @Min(1024) @Max(8 * 1024 * 1024) int maxBodyBytes,
            @NotNull Duration terminalCacheTtl,
            Duration unknownTerminalTtl) {
        public Auth {
            if (unknownTerminalTtl == null) unknownTerminalTtl = Duration.ofSeconds(10);
        }
    }

    /**
     * Keys for data at rest. The master key encrypts terminal secrets (and identity numbers);
     * it must be 32 bytes as base64. It has no default: demo mode supplies a DEMO key (application-demo.yml),
     * which {@link DemoKeyGuard} refuses anywhere else.
     *
     * <p>Rotation (docs/security.md): sealed values carry the id of the key that sealed them. A new master key
     * gets a new {@code masterKeyId}; the previous ones stay in {@code previousMasterKeys} (id → key) so what they
     * sealed still opens, until the re-seal command has sealed everything again under the current key (and
     * re-computed the keyed look-up hashes, which are keyed from the current key too).
     *
     * @param masterKeyId        the current key's id, 1-255 (default 1)
     * @param previousMasterKeys retired keys by id: they open, never seal
     */
    public record Security(
            @NotBlank(message = "must be set: HOSPAY_MASTER_KEY, 32 random bytes as base64 (docs/security.md)")
            @Pattern(regexp = "^[A-Za-z0-9+/]{43}=$", message = "must be 32 bytes of base64 (44 characters)") String masterKey,
            @Min(1) @Max(255) int masterKeyId,
            Map<Integer, @Pattern(regexp = "^[A-Za-z0-9+/]{43}=$", message = "must be 32 bytes of base64 (44 characters)") String> previousMasterKeys) {

        public Security {
            previousMasterKeys = previousMasterKeys == null ? Map.of() : Map.copyOf(previousMasterKeys);
        }
    }

    /** Scanned-code parsing: the hospital card pattern and the insurance platforms' public keys by key id. */
    public record Codes(
            @NotBlank String hospitalCardPattern,
            java.util.Map<String, @NotBlank String> platformPublicKeys) {
        public Codes {
            platformPublicKeys = platformPublicKeys == null ? java.util.Map.of() : java.util.Map.copyOf(platformPublicKeys);
        }
    }

    /** Every key this gateway writes starts with this prefix, so test runs and tenants never collide. */
    public record Redis(@NotNull @Pattern(regexp = "^[a-z0-9:_-]{1,40}$") String keyPrefix) {}

    /** Demo mode (HOSPAY_DEMO=true; run command, tests, load test; never production): the documented demo terminal. */
    public record Demo(boolean provision, @NotBlank String terminalId, @NotBlank String terminalSecret) {}
}
