package org.hospay.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * A bad configuration value stops the gateway with a message naming the property and the value
 * (Boot's failure analyzer prints these as "Property: hospay.security.master-key, Value: …").
 */
class GatewayPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Bind {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class)
            .withPropertyValues(
                    "hospay.auth.max-skew=300s", "hospay.auth.nonce-ttl=600s", "hospay.auth.max-body-bytes=65536",
                    "hospay.auth.terminal-cache-ttl=30s",
                    "hospay.security.master-key=ZGVtby1vbmx5LW1hc3Rlci1rZXktY2hhbmdlLW1lISE=",
                    "hospay.security.master-key-id=1",
                    "hospay.codes.hospital-card-pattern=^H\\d{10}$",
                    "hospay.redis.key-prefix=hospay",
                    "hospay.demo.provision=false", "hospay.demo.terminal-id=demo", "hospay.demo.terminal-secret=demo-secret");

    @Test
    void aValidConfigurationBinds() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(GatewayProperties.class));
    }

    @Test
    void aMasterKeyOfTheWrongLengthIsRefusedByName() {
        runner.withPropertyValues("hospay.security.master-key=too-short").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("hospay").contains("security.masterKey").contains("too-short").contains("32 bytes");
        });
    }

    @Test
    void aBodyLimitOutOfRangeIsRefusedByName() {
        runner.withPropertyValues("hospay.auth.max-body-bytes=10").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("auth.maxBodyBytes").contains("rejected value [10]");
        });
    }

    @Test
    void aDurationThatIsNotOneIsRefusedByName() {
        runner.withPropertyValues("hospay.auth.max-skew=five minutes").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("hospay.auth.max-skew").contains("five minutes");
        });
    }

    private static String rootMessage(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) b.append(c.getMessage()).append('\n');
        return b.toString();
    }
}
