package org.hospay.simulator.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hospay.simulator.SimulatorApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The contract kit against the simulator (its default target): every channel's operations answer as the
 * specification says. The report is written to {@code target/contract-kit.md}.
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContractKitIT {

    @LocalServerPort
    int port;

    @Test
    void everyChannelAnswersAsSpecified() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port);
        List<ContractKit.Check> checks = ContractKit.run(ContractKit.demoTargets(channel -> base));
        String report = ContractKit.report(checks);
        Files.writeString(Path.of("target", "contract-kit.md"), report);

        assertThat(checks).extracting(ContractKit.Check::channel).contains("WECHAT", "ALIPAY", "UNIONPAY", "INSURANCE");
        assertThat(checks).as(report).allMatch(ContractKit.Check::passed);
    }
}
