package org.hospay.simulator.commercial;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.hospay.channels.Money;
import org.hospay.channels.commercial.CommercialConfig;
import org.hospay.channels.commercial.CommercialInsurer;
import org.hospay.channels.commercial.CommercialInsurer.ClaimRequest;
import org.hospay.channels.commercial.CommercialInsurer.Item;
import org.hospay.channels.commercial.HttpCommercialInsurer;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.tamper.ExchangeFixtures;
import org.hospay.simulator.tamper.TamperProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Records the commercial insurer simulator's exchanges into {@code channels/adapters/src/test/resources/fixtures/commercial}.
 * Not part of a normal build: {@code -Dit.test=RecordCommercialFixturesIT -Drecord.fixtures=true}.
 */
@EnabledIfSystemProperty(named = "record.fixtures", matches = "true")
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecordCommercialFixturesIT {

    static final Path DIR = Path.of("../adapters/src/test/resources/fixtures/commercial");

    @LocalServerPort
    int port;

    @Test
    void record() {
        WebClient sim = WebClient.create("http://127.0.0.1:" + port);
        sim.post().uri("/sim/commercial/policies").bodyValue(Map.of("name", "周九", "idNo", "370202197505050055",
                "coverageRatioPercent", 80, "annualLimitFen", 300_000, "deductibleFen", 10_000)).retrieve().toBodilessEntity().block();
        var fixtures = new ExchangeFixtures(DIR, "x-hic-");
        try (TamperProxy proxy = TamperProxy.observing("http://127.0.0.1:" + port, fixtures::seen)) {
            CommercialInsurer insurer = new HttpCommercialInsurer(CommercialConfig.demo(URI.create(proxy.baseUrl())), Clock.systemUTC());
            var bill = new ClaimRequest(null, "周九", "370202197505050055", "B20261124-0007", Money.ofFen(120_000), Money.ofFen(45_000),
                    Money.ofFen(15_000), List.of(new Item("DENT-RCT-01", "根管治疗", "TREATMENT", Money.ofFen(120_000))));
            fixtures.save("precalc-eligible", true, () -> insurer.preCalculate(bill).block());
            fixtures.save("claim-paid", true, () -> insurer.claim("HC20261124000007", bill).block());
            fixtures.save("claim-duplicate-request", false, () -> insurer.claim("HC20261124000007",
                    new ClaimRequest(null, "周九", "370202197505050055", "B20261124-0008", Money.ofFen(1_000), Money.ZERO, Money.ZERO,
                            List.of())).block());
            fixtures.save("query-paid", true, () -> insurer.queryClaim("HC20261124000007").block());
            fixtures.save("cancel-ok", true, () -> insurer.cancel("HX20261124000007", "HC20261124000007", "self-pay leg failed").block());
            fixtures.save("cancel-already-cancelled", false, () -> insurer.cancel("HX20261124000008", "HC20261124000007", "again").block());
            fixtures.save("query-not-found", false, () -> insurer.queryClaim("HC-NEVER-SENT").block());
            fixtures.save("policy-not-found", false, () -> insurer.preCalculate(new ClaimRequest(null, "无保单", "370202190001010000",
                    "B0", Money.ofFen(100), Money.ZERO, Money.ZERO, List.of())).block());
            sim.put().uri("/sim/faults/COMMERCIAL").bodyValue(Map.of("errorRate", 1.0)).retrieve().toBodilessEntity().block();
            fixtures.save("system-error", false, () -> insurer.queryClaim("HC20261124000007").block());
            sim.delete().uri("/sim/faults/COMMERCIAL").retrieve().toBodilessEntity().block();
        }
        try (TamperProxy tamper = TamperProxy.requests("http://127.0.0.1:" + port, "\"totalFen\"");
             TamperProxy proxy = TamperProxy.observing(tamper.baseUrl(), fixtures::seen)) {
            CommercialInsurer insurer = new HttpCommercialInsurer(CommercialConfig.demo(URI.create(proxy.baseUrl())), Clock.systemUTC());
            fixtures.save("signature-rejected", false, () -> insurer.preCalculate(new ClaimRequest(null, "周九", "370202197505050055",
                    "B0", Money.ofFen(100), Money.ZERO, Money.ZERO, List.of())).block());
        }
    }
}
