package org.hospay.gateway.terminal;

import org.hospay.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Provisions the documented demo window terminal, and a demo finance-office terminal that approves large
 * refunds (docs/api.md §7.1), when {@code hospay.demo.provision=true} (the run command sets it; production
 * never does). Blocks once at start-up, before traffic is served.
 */
@Component
class DemoTerminalProvisioner implements ApplicationRunner {

    static final String FINANCE_ID = "demo-finance-01";
    /** DEMO ONLY secret of the demo finance terminal, documented in docs/api.md §2. */
    static final String FINANCE_SECRET = "demo-finance-01-secret";

    static final String BEDSIDE_ID = "demo-bedside-01";
    /** DEMO ONLY secret of the demo bedside terminal (ward 5A). */
    static final String BEDSIDE_SECRET = "demo-bedside-01-secret";

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
        terminals.upsert(new Terminal(FINANCE_ID, Terminal.Kind.FINANCE, "demo-hospital", null), FINANCE_SECRET).block();
        terminals.upsert(new Terminal(BEDSIDE_ID, Terminal.Kind.BEDSIDE, "demo-hospital", "5A"), BEDSIDE_SECRET).block();
        log.info("demo terminals {} (window), {} (finance) and {} (bedside) provisioned (DEMO ONLY secrets, see README)",
                demo.terminalId(), FINANCE_ID, BEDSIDE_ID);
    }
}
