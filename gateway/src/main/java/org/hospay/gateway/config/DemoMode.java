package org.hospay.gateway.config;

import java.util.Arrays;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Demo mode is one switch: {@code HOSPAY_DEMO=true} (or {@code hospay.demo.provision=true} as an
 * environment variable, system property or command-line argument) activates the {@code demo} profile,
 * whose {@code application-demo.yml} supplies the published DEMO keys. Nothing else does, so a gateway
 * started without the switch has no demo key at all (and {@link DemoKeyGuard} refuses the ones
 * configured by hand). Runs before the configuration files are read, because the profile decides which
 * of them are.
 */
public final class DemoMode implements EnvironmentPostProcessor, Ordered {

    public static final String PROFILE = "demo";

    /** Before Boot's ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10), which reads the profile files. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (isOn(environment.getProperty("HOSPAY_DEMO")) || isOn(environment.getProperty("hospay.demo.provision"))) {
            if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) environment.addActiveProfile(PROFILE);
        }
    }

    private static boolean isOn(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }
}
