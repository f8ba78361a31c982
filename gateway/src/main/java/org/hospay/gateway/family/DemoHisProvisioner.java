package org.hospay.gateway.family;

import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * With {@code hospay.demo.provision=true} (the run command; never production): the DEMO HIS terminal that
 * posts bill events for the demo hospital. Blocks once at start-up, before traffic is served.
 */
@Component
class DemoHisProvisioner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoHisProvisioner.class);
    private final TerminalRegistry terminals;
    private final GatewayProperties gateway;
    private final FamilyProperties family;

    DemoHisProvisioner(TerminalRegistry terminals, GatewayProperties gateway, FamilyProperties family) {
        this.terminals = terminals;
        this.gateway = gateway;
        this.family = family;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!gateway.demo().provision()) return;
        terminals.upsert(new Terminal(family.demoHis().terminalId(), Terminal.Kind.HIS, family.hospitalId(), null),
                family.demoHis().terminalSecret()).block();
        log.info("demo HIS terminal {} provisioned for hospital {} (DEMO ONLY secret, see docs/family.md)",
                family.demoHis().terminalId(), family.hospitalId());
    }
}
