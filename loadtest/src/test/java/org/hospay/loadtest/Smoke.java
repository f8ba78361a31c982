package org.hospay.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the simulations working: the whole mix for 30 s at a low rate against freshly started
 * processes, run by {@code ./mvnw verify} (infra/test.sh). No baselines; the p99 bound is loose
 * because it runs beside the rest of the build on a shared machine: it catches a broken flow,
 * not a slow one.
 */
public class Smoke extends Rush {

    final double rate = Settings.number("smoke.rate", 4);
    final int seconds = Settings.integer("smoke.seconds", 30);
    final long objectiveP99 = Settings.integer("smoke.p99.ms", 3000);

    public Smoke() {
        super("Smoke", false);
        List<PopulationBuilder> main = new ArrayList<>();
        shares.forEach((m, share) -> main.add(population(m, chain(m), constantUsersPerSec(rate * share).during(Duration.ofSeconds(seconds)))));
        setUp(main).assertions(
                global().failedRequests().count().is(0L),
                global().successfulRequests().count().gt(0L),
                details(Mix.ONE_SCAN.label).responseTime().percentile(99.0).lt((int) objectiveP99));
    }

    @Override
    Map<Mix, Integer> mainNeeds() {
        Map<Mix, Integer> needs = new EnumMap<>(Mix.class);
        shares.forEach((m, share) -> needs.put(m, expected(rate * seconds * share)));
        return needs;
    }

    @Override
    long objectiveP99Ms() {
        return objectiveP99;
    }

    @Override
    String profile() {
        return String.format("open model: %.1f arrivals/s for %d s", rate, seconds);
    }
}
