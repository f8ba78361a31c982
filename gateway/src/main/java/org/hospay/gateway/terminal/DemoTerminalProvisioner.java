package org.hospay.gateway.terminal;

import org.hospay.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Provisions the documented demo window terminal when {@code hospay.demo.provision=true} (the run
 * command sets it; production never does). Blocks once at start-up, before traffic is served.
 */
@Component
class DemoTerminalProvisioner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoTerminalProvisioner.class);
    private final TerminalRegistry terminals;
    private final GatewayProperties.Demo demo;

    DemoTerminalProvisioner(TerminalRegistry terminals, GatewayProperties properties) {
        this.terminals = terminals;
        this.demo = properties.demo();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.provision()) return;
        terminals.upsert(new Terminal(demo.terminalId(), Terminal.Kind.WINDOW, "demo-hospital", "W01"), demo.terminalSecret()).block();
        log.info("demo terminal {} provisioned (DEMO ONLY secret, see README)", demo.terminalId());
    }
}
