package org.hospay.simulator.bank;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.hospay.channels.Money;
import org.hospay.channels.bank.BankConfig;
import org.hospay.channels.bank.BankFiles;
import org.hospay.channels.bank.CreditBank;
import org.hospay.channels.bank.CreditBank.Consumption;
import org.hospay.channels.bank.CreditBank.ConsumptionBatch;
import org.hospay.channels.bank.HttpCreditBank;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.tamper.ExchangeFixtures;
import org.hospay.simulator.tamper.TamperProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Records the bank simulator's exchanges into {@code channels/adapters/src/test/resources/fixtures/bank}.
 * Not part of a normal build: {@code -Dit.test=RecordBankFixturesIT -Drecord.fixtures=true}.
 */
@EnabledIfSystemProperty(named = "record.fixtures", matches = "true")
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecordBankFixturesIT {

    static final Path DIR = Path.of("../adapters/src/test/resources/fixtures/bank");

    @LocalServerPort
    int port;

    String customer(WebClient sim, String idNo, String name, String status, long balance) {
        return (String) sim.post().uri("/sim/bank/customers")
                .bodyValue(Map.of("idNo", idNo, "name", name, "status", status, "accountBalanceFen", balance, "creditLineFen", 500_000))
                .retrieve().bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {}).block().get("customerNo");
    }

    @Test
    void record() throws Exception {
        WebClient sim = WebClient.create("http://127.0.0.1:" + port);
        String rich = customer(sim, "370202198001010011", "赵六", "ACTIVE", 100_000);
        String poor = customer(sim, "370202198001010022", "钱七", "ACTIVE", 1_000);
        String frozen = customer(sim, "370202198001010033", "孙八", "FROZEN", 100_000);
        var fixtures = new ExchangeFixtures(DIR, "x-bank-");
        try (TamperProxy proxy = TamperProxy.observing("http://127.0.0.1:" + port, fixtures::seen)) {
            CreditBank bank = new HttpCreditBank(BankConfig.demo(URI.create(proxy.baseUrl())), Clock.systemUTC());
            fixtures.save("customer-active", true, () -> bank.customerStatus("370202198001010011", "赵六").block());
            fixtures.save("customer-not-found", false, () -> bank.customerStatus("370202198001010099", "无名").block());
            ConsumptionBatch batch = new ConsumptionBatch("HOSPAY-DEMO-BANK", "B20261123-0001", LocalDate.of(2026, 11, 23),
                    LocalDateTime.of(2026, 11, 24, 0, 0), List.of(
                    new Consumption("C20261123000001", rich, Money.ofFen(23_450), LocalDateTime.of(2026, 11, 23, 9, 12, 5), "B20261123-0101"),
                    new Consumption("C20261123000002", poor, Money.ofFen(5_000), LocalDateTime.of(2026, 11, 23, 10, 40, 0), "B20261123-0102"),
                    new Consumption("C20261123000003", frozen, Money.ofFen(700), LocalDateTime.of(2026, 11, 23, 11, 3, 59), "B20261123-0103"),
                    new Consumption("C20261123000004", "BC9999999999", Money.ofFen(100), LocalDateTime.of(2026, 11, 23, 15, 30, 0),
                            "B20261123-0104")));
            Files.writeString(DIR.resolve("consumption-file.txt"), BankFiles.writeConsumption(batch));
            fixtures.save("batch-accepted", true, () -> bank.submitBatch(batch).block());
            fixtures.save("result-file", true, () -> bank.fetchResult("B20261123-0001").block());
            fixtures.save("batch-not-found", false, () -> bank.fetchResult("B-NEVER-SENT").block());
            var other = new ConsumptionBatch(batch.merchantNo(), batch.batchNo(), batch.batchDate(), batch.cutoff(), batch.lines().subList(0, 1));
            fixtures.save("batch-duplicate", false, () -> bank.submitBatch(other).block());
            sim.put().uri("/sim/faults/BANK").bodyValue(Map.of("errorRate", 1.0)).retrieve().toBodilessEntity().block();
            fixtures.save("system-error", false, () -> bank.customerStatus("370202198001010011", "赵六").block());
            sim.delete().uri("/sim/faults/BANK").retrieve().toBodilessEntity().block();
        }
    }
}
