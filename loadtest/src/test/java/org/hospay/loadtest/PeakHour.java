package org.hospay.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The morning rush (08:00–10:30) compressed in time, as an open workload: arrivals ramp from a
 * tenth of the peak to the peak, hold it (Poisson arrivals), and decay; every flow of the mix
 * arrives at its share of the rate. Asserts no unexpected failure and the one-scan p99 objective
 * (floor + 50 ms by default).
 *
 * <p>Knobs ({@code LOADTEST_*} or {@code -Dloadtest.*}): {@code peak.rate} (200/s), {@code peak.ramp}
 * (60 s), {@code peak.plateau} (120 s), {@code peak.decay} (60 s), {@code latency.ms} (20, every
 * simulated channel call), {@code mix.his}, {@code mix.nfc}, {@code mix.credit}, {@code objective.p99.ms}.
 */
public class PeakHour extends Rush {

    final double rate = Settings.number("peak.rate", 200);
    final double low = rate / 10;
    final int ramp = Settings.integer("peak.ramp", 60);
    final int plateau = Settings.integer("peak.plateau", 120);
    final int decay = Settings.integer("peak.decay", 60);
    final long objectiveP99 = Settings.integer("objective.p99.ms", (int) (floorMs(Mix.ONE_SCAN) + 50));

    public PeakHour() {
        this("PeakHour", true);
    }

    PeakHour(String name, boolean baselines) {
        super(name, baselines);
        List<PopulationBuilder> main = new ArrayList<>();
        shares.forEach((m, share) -> main.add(population(m, chain(m),
                rampUsersPerSec(low * share).to(rate * share).during(Duration.ofSeconds(ramp)),
                constantUsersPerSec(rate * share).during(Duration.ofSeconds(plateau)).randomized(),
                rampUsersPerSec(rate * share).to(low * share).during(Duration.ofSeconds(decay)))));
        setUp(withBaselines(main)).assertions(
                global().failedRequests().count().is(0L),
                details(Mix.ONE_SCAN.label).responseTime().percentile(99.0).lt((int) objectiveP99));
    }

    double arrivals() {
        return ramp * (low + rate) / 2 + plateau * rate + decay * (rate + low) / 2;
    }

    @Override
    Map<Mix, Integer> mainNeeds() {
        return needsOf(arrivals());
    }

    @Override
    long objectiveP99Ms() {
        return objectiveP99;
    }

    @Override
    String profile() {
        return String.format("open model: ramp %.0f → %.0f arrivals/s in %d s, plateau %.0f/s for %d s (Poisson), decay to %.0f/s in %d s;"
                + " %.0f arrivals in all", low, rate, ramp, rate, plateau, low, decay, arrivals());
    }
}
